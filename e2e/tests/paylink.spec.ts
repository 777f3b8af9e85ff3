/**
 * From reminder to the debtor's page: marketing previews the reminder for a demo debtor, the
 * pay button carries the case's paylink, and a phone opens it without signing in — the open
 * invoices, the total, the bank transfer with its GiroCode, in the debtor's language or another,
 * and promises to pay by next week. Another debtor pays at once through the (local) Mollie
 * checkout, and the REST API shows the case paid with nothing left to send.
 */
import { expect, type Page, test } from '@playwright/test';
import { signIn } from '../demo-members.ts';

/** The paylink of the `index`-th demo case in marketing's preview, and that debtor's external id. */
async function previewedPaylink(page: Page, index: number) {
  await page.getByRole('link', { name: 'Friendly reminder (e-mail)' }).click();
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const picker = page.getByTestId('preview-case');
  await expect(picker.locator('option')).not.toHaveCount(1);
  await picker.selectOption({ index });
  const filledIn = page.getByText(/^Filled in for /);
  await expect(filledIn).toBeVisible();
  const debtorExternalId = /\(([^)]+)\)\s*$/.exec((await filledIn.textContent()) ?? '')?.[1];
  const payButton = page.frameLocator('[data-testid=preview-frame]').getByRole('link', { name: / · / });
  const href = (await payButton.getAttribute('href'))!;
  expect(href).toMatch(/\/p\/[\w-]{22}$/);
  return { href, debtorExternalId: debtorExternalId! };
}

test('a debtor opens the paylink of a reminder on a phone and sees what to pay and how', async ({ page, browser }) => {
  test.setTimeout(60_000);
  await signIn(page, 'marketing', '/templates');
  const { href } = await previewedPaylink(page, 1);

  // The debtor: a phone, not signed in.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });
  const debtor = await phone.newPage();
  await debtor.goto(href);
  await expect(debtor.getByTestId('paylink-total')).toHaveText(/\d/);
  await expect(debtor.getByText('Demo Energie', { exact: true })).toBeVisible();
  await expect(debtor.getByRole('img', { name: 'GiroCode' })).toBeVisible();
  await expect(debtor.getByTestId('paylink-iban')).toHaveText(/^[A-Z]{2}\d{2}( \w{4})+/);
  await debtor.getByRole('combobox', { name: /Language|Taal|Sprache|Langue/ }).selectOption('en');
  await expect(debtor.getByRole('heading', { name: 'Your open invoices', level: 1 })).toBeVisible();
  await expect(debtor.getByRole('heading', { name: 'Pay by bank transfer' })).toBeVisible();
  await debtor.screenshot({ path: 'screenshots/paylink-phone.png', fullPage: true });

  // More time: a promise to pay by next week pauses the reminders until then.
  const nextWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  await debtor.getByLabel('I will pay by').fill(nextWeek);
  await debtor.getByRole('button', { name: 'Promise to pay' }).click();
  await expect(debtor.getByTestId('paylink-promised')).toContainText('You promised to pay by');
  await debtor.screenshot({ path: 'screenshots/paylink-promised.png', fullPage: true });
  await debtor.reload();
  await expect(debtor.getByTestId('paylink-promised')).toBeVisible();

  // A made-up link says so in plain words.
  await debtor.goto(href.replace(/[\w-]{22}$/, 'A'.repeat(22)));
  await expect(debtor.getByRole('heading', { name: 'This link does not work' })).toBeVisible();
  await phone.close();
});

test('a debtor pays on a phone through the Mollie checkout; the API shows the case paid and nothing left to send', async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  await signIn(page, 'marketing', '/templates');
  const { href, debtorExternalId } = await previewedPaylink(page, 2);

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'nl-NL' });
  const debtor = await phone.newPage();
  await debtor.goto(href);
  await debtor.getByRole('combobox', { name: /Language|Taal|Sprache|Langue/ }).selectOption('nl');
  const total = (await debtor.getByTestId('paylink-total').textContent())!;
  const pay = debtor.getByRole('button', { name: `Nu ${total} betalen` });
  await expect(pay).toBeVisible();
  await expect(debtor.getByText('Veilig via Mollie')).toBeVisible();
  await debtor.screenshot({ path: 'screenshots/paylink-pay-now-nl.png', fullPage: true });
  await pay.click();

  // Mollie's checkout (the local double): the amount to the cent, then "Paid".
  await expect(debtor.getByText('Mollie test mode (local double)')).toBeVisible();
  await expect(debtor.getByText(`EUR ${total.replace(/[^\d,]/g, '').replace(',', '.')}`)).toBeVisible();
  await debtor.getByRole('button', { name: 'Paid' }).click();
  await expect(debtor.getByRole('heading', { name: 'Bedankt voor uw betaling' })).toBeVisible();
  await debtor.screenshot({ path: 'screenshots/paylink-thanks-nl.png', fullPage: true });
  await phone.close();

  // IT's view through the REST API (a key made by the admin): paid, every flow left, nothing queued.
  const office = await browser.newContext();
  const admin = await office.newPage();
  await signIn(admin, 'admin', '/dashboard');
  await expect(admin).toHaveURL(/\/dashboard$/);
  const created = await admin.request.post('/trpc/apiKeys.create', { data: { name: 'Payment check' } });
  expect(created.status(), await created.text()).toBe(200);
  const token = (await created.json()).result.data.token as string;
  const headers = { authorization: `Bearer ${token}` };
  const cases = await admin.request.get(`/api/v1/cases?debtorExternalId=${encodeURIComponent(debtorExternalId)}`, {
    headers,
  });
  const paid = ((await cases.json()).items as { id: string; status: string; runs: { status: string }[] }[]).find(
    (one) => one.status === 'paid',
  );
  expect(paid).toBeDefined();
  expect(paid!.runs.filter((run) => run.status === 'active')).toEqual([]);
  const timeline = await admin.request.get(`/api/v1/cases/${paid!.id}/timeline`, { headers });
  const events = (await timeline.json()).items as { type: string; payload: { messageId?: string } }[];
  const types = events.map((event) => event.type);
  expect(types).toEqual(expect.arrayContaining(['checkout.started', 'payment.received', 'case.paid']));
  const queued = events.filter((event) => event.type === 'message.queued').map((event) => event.payload.messageId);
  const ended = new Set(
    events
      .filter((event) => ['message.sent', 'message.cancelled', 'message.failed'].includes(event.type))
      .map((event) => event.payload.messageId),
  );
  expect(queued.filter((id) => !ended.has(id))).toEqual([]);
  await office.close();
});

test('a debtor sets up a 3-month plan on a phone and pays the first installment', async ({ page, browser }) => {
  test.setTimeout(90_000);
  await signIn(page, 'marketing', '/templates');
  const { href } = await previewedPaylink(page, 3);

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'de-DE' });
  const debtor = await phone.newPage();
  await debtor.goto(href);
  await debtor.getByRole('combobox', { name: /Language|Taal|Sprache|Langue/ }).selectOption('de');
  await expect(debtor.getByRole('heading', { name: 'In Raten zahlen' })).toBeVisible();
  const threeMonths = debtor.getByRole('radio', { name: /^3 × .* im Monat/ });
  await threeMonths.check();
  await debtor.screenshot({ path: 'screenshots/paylink-plan-options-de.png', fullPage: true });
  await debtor.getByRole('button', { name: 'Diese Ratenzahlung wählen' }).click();

  const plan = debtor.getByTestId('paylink-plan');
  await expect(plan.getByRole('heading', { name: 'Ihre Ratenzahlung' })).toBeVisible();
  await expect(plan.getByRole('listitem')).toHaveCount(3);
  await expect(plan.getByRole('listitem').first()).toContainText('Offen');
  // No promise beside a plan.
  await expect(debtor.getByRole('heading', { name: 'Brauchen Sie mehr Zeit?' })).toHaveCount(0);
  const payFirst = debtor.getByRole('button', { name: /^Rate 1 bezahlen: / });
  await expect(payFirst).toBeVisible();
  await debtor.screenshot({ path: 'screenshots/paylink-plan-de.png', fullPage: true });

  // The first installment through Mollie; back on the page it shows as paid, the second is next.
  await payFirst.click();
  await debtor.getByRole('button', { name: 'Paid' }).click();
  await expect(debtor.getByTestId('paylink-paid')).toHaveText('Vielen Dank: Ihre Zahlung ist eingegangen.');
  await expect(plan.getByRole('listitem').first()).toContainText('Bezahlt');
  await expect(debtor.getByRole('button', { name: /^Rate 2 bezahlen: / })).toBeVisible();

  // The same page in English, for the creditor's English-speaking debtors.
  await debtor.getByRole('combobox', { name: /Language|Taal|Sprache|Langue/ }).selectOption('en');
  await expect(plan.getByRole('heading', { name: 'Your installment plan' })).toBeVisible();
  await debtor.screenshot({ path: 'screenshots/paylink-plan-en.png', fullPage: true });
  await phone.close();
});

test('a debtor says they already paid, with a receipt; an agent finds it in Tasks and resumes the reminders', async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  await signIn(page, 'marketing', '/templates');
  const { href, debtorExternalId } = await previewedPaylink(page, 4);

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'nl-NL' });
  const debtor = await phone.newPage();
  await debtor.goto(href);
  await debtor.getByRole('combobox', { name: /Language|Taal|Sprache|Langue/ }).selectOption('nl');
  await debtor.getByRole('heading', { name: 'Klopt er iets niet?' }).scrollIntoViewIfNeeded();
  await debtor.getByRole('radio', { name: 'Ik heb al betaald' }).check();
  await debtor.getByLabel('Uw bericht').fill('Betaald op 3 november via mijn bank, zie bijlage.');
  await debtor.getByLabel(/Voeg een betaalbewijs of brief toe/).setInputFiles({
    name: 'betaalbewijs.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  });
  await debtor.screenshot({ path: 'screenshots/paylink-dispute-form-nl.png', fullPage: true });
  await debtor.getByRole('button', { name: 'Versturen' }).click();
  await expect(debtor.getByTestId('paylink-disputed')).toContainText('Wij hebben uw bericht');
  await expect(debtor.getByRole('heading', { name: 'Klopt er iets niet?' })).toHaveCount(0);
  await phone.close();

  const office = await browser.newContext();
  const agent = await office.newPage();
  await signIn(agent, 'agent', '/tasks');
  await expect(agent.getByRole('heading', { name: 'Tasks', level: 1 })).toBeVisible();
  const task = agent.getByRole('listitem').filter({ hasText: debtorExternalId });
  await expect(task).toContainText('Says they already paid');
  await expect(task).toContainText('Betaald op 3 november via mijn bank, zie bijlage.');
  await expect(task.getByRole('button', { name: /Open betaalbewijs\.pdf/ })).toBeVisible();
  await agent.screenshot({ path: 'screenshots/tasks-dispute.png', fullPage: true });
  await task.getByRole('button', { name: 'Resume reminders' }).click();
  await expect(task.getByRole('alert')).toHaveText('Say in a few words what you decided and why.');
  await task
    .getByLabel(/Your decision/)
    .fill('No payment from this debtor on 3 November; receipt is for another account.');
  await task.getByRole('button', { name: 'Resume reminders' }).click();
  await expect(agent.getByRole('status')).toContainText('Reminders resume for');
  await expect(agent.getByRole('listitem').filter({ hasText: debtorExternalId })).toHaveCount(0);
  await office.close();
});
