/**
 * An administrator sets up the company's SMTP server as a connector (beside the demo's own,
 * which point at local doubles) and checks that it answers.
 */
import { type SmtpDouble, startSmtpDouble } from '@collectflow/connectors';
import { expect, test } from '@playwright/test';
import { signIn } from '../demo-members.ts';

let smtp: SmtpDouble;
test.beforeAll(async () => {
  smtp = await startSmtpDouble();
});
test.afterAll(async () => {
  await smtp.close();
});

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

test('an administrator sends a test message through a connector, and is told plainly when the number is wrong', async ({
  page,
}) => {
  await signIn(page, 'admin', '/connectors');
  const mailCard = page.getByRole('listitem').filter({ hasText: 'Our mail server' });
  await mailCard.getByRole('button', { name: 'Send test message' }).click();
  await mailCard.getByLabel('E-mail address').fill('it@demo-energie.example');
  await mailCard.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(mailCard.getByRole('status')).toContainText('Sent to it@demo-energie.example (reference <');
  const mail = smtp.received.find((received) => received.envelopeTo.includes('it@demo-energie.example'));
  expect(mail?.parsed.subject).toBe('Collectflow test: Our mail server');

  const smsCard = page.getByRole('listitem').filter({ hasText: 'Demo SMS' });
  await smsCard.getByRole('button', { name: 'Send test message' }).click();
  await smsCard.getByLabel(/Phone number/).fill('0612345678');
  await smsCard.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(smsCard.getByRole('alert')).toHaveText(
    'Enter the number in international form, starting with + and the country code, e.g. +31612345678.',
  );
  await smsCard.getByLabel(/Phone number/).fill('+31612345678');
  await smsCard.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(smsCard.getByRole('status')).toContainText('Sent to +31612345678 (reference ');
  // Letters have no test message: it would be printed and posted.
  const letterCard = page.getByRole('listitem').filter({ hasText: 'Demo letters' });
  await expect(letterCard.getByRole('button', { name: 'Test connection' })).toBeVisible();
  await expect(letterCard.getByRole('button', { name: 'Send test message' })).toHaveCount(0);
  await page.screenshot({ path: 'screenshots/connectors-send-test.png', fullPage: true });
});

test('the Outbox shows each message as its recipient sees it', async ({ page }) => {
  await signIn(page, 'viewer', '/outbox');
  await expect(page.getByRole('heading', { name: 'Outbox', level: 1 })).toBeVisible();
  const items = page.getByTestId('outbox-item');
  // The demo's flows send within a minute of starting, except in their quiet hours (evenings,
  // Sundays): then the page explains that it is empty.
  await expect(items.first().or(page.getByRole('heading', { name: 'No messages yet' }))).toBeVisible();
  if ((await items.count()) === 0) return;
  await items.first().click();
  const message = page.getByRole('region', { name: 'The message' });
  await expect(message.getByText('Through')).toBeVisible();
  await expect(message.getByTestId('preview-frame').or(message.getByTestId('preview-text'))).toBeVisible();
  await page.getByTestId('outbox-channel').selectOption('sms');
  await expect(items.first().or(page.getByRole('heading', { name: 'No messages match' }))).toBeVisible();
  if ((await items.count()) > 0) {
    await items.first().click();
    await expect(message.getByTestId('sms-length')).toContainText(/\d+ characters · (GSM-7|UCS-2) · \d+ parts?/);
  }
  await page.screenshot({ path: 'screenshots/outbox.png' });
});
