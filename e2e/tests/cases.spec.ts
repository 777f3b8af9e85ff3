/**
 * An agent takes a call: finds the demo debtor by the invoice number they read out, reads the
 * case's timeline, sends them the friendly reminder again and opens it as it was received, and
 * pauses the case with the reason — every step appearing on the timeline while the page is open.
 */
import { expect, test } from '@playwright/test';
import { signIn } from '../demo-members.ts';

test('an agent finds a debtor by invoice number, opens a sent e-mail from the timeline and pauses the case', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await signIn(page, 'agent', '/cases');
  await expect(page.getByRole('heading', { name: 'Cases', level: 1 })).toBeVisible();
  // The demo's 1,000 open cases, its 2,000 cases of past dunning and the best-channel pilot's 840.
  await expect(page.getByTestId('case-count')).toHaveText('3,840 cases');
  await page.screenshot({ path: 'screenshots/cases-list.png' });

  // An invoice of one of the demo's last debtors (numbered by the demo's year), away from the
  // cases the other journeys use; the case is resumed at the end, as the demo had it.
  const invoice = `INV-${new Date().getFullYear()}-001500`;
  await page.getByTestId('case-search').fill(invoice.toLowerCase());
  await expect(page.getByTestId('case-count')).toHaveText('1 case');
  const found = page.locator('table.cases a.debtor');
  await expect(found).toHaveCount(1);
  const name = (await found.textContent())!.trim();
  await found.click();

  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByRole('cell', { name: invoice })).toBeVisible();
  const timeline = page.getByTestId('timeline');
  await expect(timeline.getByText('Case opened')).toBeVisible();
  await expect(page.getByText('Live', { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Send a message' }).click();
  const dialog = page.getByRole('dialog', { name: 'Send a message' });
  await dialog.getByLabel('Template').selectOption({ label: 'Friendly reminder (e-mail) (E-mail)' });
  await dialog.getByLabel(/Reason/).fill('Customer asked for the payment link again');
  await dialog.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('The e-mail is on its way')).toBeVisible();

  // The sandbox sends it within seconds; the open page learns of it without a reload.
  const sent = timeline.locator('li[data-type="message.sent"]');
  await expect(sent).toBeVisible({ timeout: 30_000 });
  await expect(sent).toContainText('E-mail sent');
  await sent.getByRole('button', { name: 'Open message' }).click();
  const message = page.getByRole('dialog', { name: /^E-mail to / });
  await expect(message.getByTestId('preview-subject')).not.toBeEmpty();
  // The e-mail itself, in the debtor's language, listing the invoice.
  await expect(message.frameLocator('[data-testid="preview-frame"]').locator('body')).toContainText(invoice);
  await expect(message.getByText(/Template “reminder-friendly”, version 1/)).toBeVisible();
  await page.screenshot({ path: 'screenshots/case-message.png' });
  await message.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const pause = page.getByRole('dialog', { name: 'Pause this case' });
  await pause.getByRole('button', { name: 'Pause' }).click();
  // The reason is required: the browser keeps the dialog open until it is given.
  await expect(pause).toBeVisible();
  await pause.getByLabel(/Reason/).fill('Customer says they paid yesterday; sends the bank statement');
  await pause.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByText('Paused. No reminder goes out until you resume the case.')).toBeVisible();
  await expect(page.getByTestId('case-status')).toHaveText('Paused by an agent');
  const paused = timeline.locator('li[data-type="case.paused"]');
  await expect(paused).toContainText('Customer says they paid yesterday; sends the bank statement');
  await expect(paused).toContainText('Lukas Schneider');
  await page.screenshot({ path: 'screenshots/case-page.png', fullPage: true });

  await page.getByRole('button', { name: 'Resume' }).click();
  const resume = page.getByRole('dialog', { name: 'Resume this case' });
  await resume.getByLabel(/Reason/).fill('Bank statement shows no payment');
  await resume.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByText('Resumed. The case’s flows go on from where they stood.')).toBeVisible();
  await expect(page.getByTestId('case-status')).toHaveText('Open');
  await expect(timeline.locator('li[data-type="case.resumed"]')).toContainText('Bank statement shows no payment');
});

test('a viewer reads cases but is not offered actions', async ({ page }) => {
  await signIn(page, 'viewer', '/cases');
  await page.locator('table.cases a.debtor').first().click();
  await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();
  await expect(page.getByRole('toolbar', { name: 'Actions on this case' })).toHaveCount(0);
});
