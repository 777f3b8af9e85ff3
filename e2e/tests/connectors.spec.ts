/**
 * An administrator sets up the company's SMTP server as a connector (beside the demo's own,
 * which point at local doubles) and checks that it answers.
 */
import { type SmtpDouble, startSmtpDouble } from '@collectflow/connectors';
import { expect, type Page, test } from '@playwright/test';

let smtp: SmtpDouble;
test.beforeAll(async () => {
  smtp = await startSmtpDouble();
});
test.afterAll(async () => {
  await smtp.close();
});

async function signIn(page: Page, who: string, path: string) {
  await page.goto(path);
  await page.getByLabel('E-mail address').fill(`${who}@demo-energie.example`);
  await page.getByLabel('Password').fill('collectflow-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('an administrator sets up SMTP, its password is never shown again, and the connection test answers', async ({
  page,
}) => {
  await signIn(page, 'admin', '/connectors');
  // The demo's calls connector needs its callback address entered at Sinch: the page shows it.
  await expect(
    page
      .getByRole('listitem')
      .filter({ hasText: 'Demo calls' })
      .getByRole('textbox', { name: /Callback address/ }),
  ).toHaveValue(/\/hooks\/connectors\/[0-9a-f-]{36}\/voice$/);
  await page.getByRole('button', { name: 'Set up E-mail over SMTP' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Connector name').fill('Our mail server');
  await dialog.getByLabel('Key (what flows use)').fill('company-mail');
  await dialog.getByLabel('Mail server').fill('127.0.0.1');
  await dialog.getByLabel('Port', { exact: true }).fill(String(smtp.port));
  await dialog.getByLabel('Only send over an encrypted connection').uncheck();
  await dialog.getByLabel('User name (optional)').fill('collectflow');
  await dialog.getByLabel('Password (optional)').fill('very-secret-smtp-password');
  await dialog.getByRole('group', { name: 'Default sender' }).getByLabel('Name').fill('Demo Energie');
  await dialog.getByLabel('Address').fill('incasso@demo-energie.example');
  await dialog.getByLabel('Bounce domain').fill('localhost');
  await dialog.getByRole('button', { name: 'Save connector' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Use a domain name such as mail.example.com.');
  await dialog.getByLabel('Bounce domain').fill('bounces.demo-energie.example');
  await dialog.getByRole('button', { name: 'Save connector' }).click();
  await expect(dialog).toBeHidden();

  const card = page.getByRole('listitem').filter({ hasText: 'Our mail server' });
  await expect(card).toContainText(`127.0.0.1:${smtp.port}`);
  await expect(card).toContainText('Saved secrets: Password (never shown).');
  await expect(card.getByTestId('deliveries-company-mail')).toContainText(
    'Last 7 days: 0 delivered · 0 sent, no report to come · 0 failed',
  );
  await expect(page.locator('body')).not.toContainText('very-secret-smtp-password');
  await card.getByRole('button', { name: 'Test connection' }).click();
  await expect(card.getByRole('status')).toHaveText('Connected: the server answered.');
  await page.screenshot({ path: 'screenshots/connectors-smtp.png', fullPage: true });

  await card.getByRole('button', { name: 'Edit' }).click();
  await expect(page.getByRole('dialog').getByLabel('Password (optional)')).toHaveValue('');
  await expect(page.getByRole('dialog').getByLabel('Password (optional)')).toHaveAttribute(
    'placeholder',
    'Saved — leave empty to keep it',
  );
});

test('a designer sends a test of the e-mail being edited through that server', async ({ page }) => {
  await signIn(page, 'designer', '/templates');
  await page.getByRole('link', { name: 'Formal reminder (e-mail)' }).click();
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const form = page.getByRole('form', { name: 'Send a test' });
  await form.getByLabel('Send a test to').fill('daan@demo-energie.example');
  await form.getByLabel('Through').selectOption({ label: 'Our mail server' });
  await form.getByRole('button', { name: 'Send test' }).click();
  await expect(form.getByRole('status')).toHaveText(
    'Sent to daan@demo-energie.example, with “[Test]” before the subject.',
  );
  const mail = smtp.received.find((received) => received.envelopeTo.includes('daan@demo-energie.example'));
  expect(mail?.parsed.subject).toMatch(/^\[Test\] Second reminder: payment of .+ is overdue$/);
  expect(mail?.parsed.html).toContain('Despite our earlier reminder');
  await page.screenshot({ path: 'screenshots/templates-send-test.png' });
});
