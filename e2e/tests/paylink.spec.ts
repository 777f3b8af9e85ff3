/**
 * From reminder to the debtor's page: marketing previews the reminder for a demo debtor, the
 * pay button carries the case's paylink, and a phone opens it without signing in — the open
 * invoices, the total, the bank transfer with its GiroCode, in the debtor's language or another,
 * and promises to pay by next week.
 */
import { expect, type Page, test } from '@playwright/test';

async function signIn(page: Page, who: string, path: string) {
  await page.goto(path);
  await page.getByLabel('E-mail address').fill(`${who}@demo-energie.example`);
  await page.getByLabel('Password').fill('collectflow-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('a debtor opens the paylink of a reminder on a phone and sees what to pay and how', async ({ page, browser }) => {
  test.setTimeout(60_000);
  await signIn(page, 'marketing', '/templates');
  await page.getByRole('link', { name: 'Friendly reminder (e-mail)' }).click();
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const picker = page.getByTestId('preview-case');
  await expect(picker.locator('option')).not.toHaveCount(1);
  await picker.selectOption({ index: 1 });
  await expect(page.getByText(/^Filled in for /)).toBeVisible();
  const payButton = page.frameLocator('[data-testid=preview-frame]').getByRole('link', { name: / · / });
  const href = (await payButton.getAttribute('href'))!;
  expect(href).toMatch(/\/p\/[\w-]{22}$/);

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
