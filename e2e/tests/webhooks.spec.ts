/**
 * IT connects the ERP's webhook endpoint: adds it for "case paid", copies the signing secret
 * (shown once), sends a test event that arrives signed with it, and sees a failing endpoint's
 * deliveries being retried.
 */

import { startWebhookReceiver } from '@collectflow/runtime/webhook-receiver';
import { verifyWebhookSignature } from '@collectflow/runtime/webhook-signature';
import { expect, test } from '@playwright/test';

test('IT adds a webhook, keeps the secret, and a signed test event arrives', async ({ page }) => {
  let answer = 200;
  const receiver = await startWebhookReceiver(() => answer);
  try {
    await page.goto('/connectors');
    await page.getByLabel('E-mail address').fill('admin@demo-energie.example');
    await page.getByLabel('Password').fill('collectflow-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await expect(page.getByRole('heading', { name: 'No webhooks yet' })).toBeVisible();

    await page.getByRole('button', { name: 'Add a webhook' }).click();
    await page.getByLabel('Address of your endpoint').fill(receiver.url);
    await page.getByLabel('What it is for (optional)').fill('Status back to the ERP');
    await page.getByRole('checkbox', { name: /case\.handed_over/ }).check();
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret = await page.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(secret).toMatch(/^whsec_[\w-]{43}$/);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await expect(page.getByRole('heading', { name: 'Status back to the ERP' })).toBeVisible();
    await page.screenshot({ path: 'screenshots/webhooks.png', fullPage: true });

    await page.getByRole('button', { name: 'Send test event' }).click();
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(1);
    const [ping] = receiver.received;
    expect(JSON.parse(ping!.body)).toMatchObject({ type: 'ping', case: null });
    expect(verifyWebhookSignature(secret, ping!.headers['collectflow-signature'] as string, ping!.body)).toEqual({
      ok: true,
    });

    // An endpoint that fails: the delivery waits for its next try, with the answer it got.
    answer = 500;
    await page.getByRole('button', { name: 'Send test event' }).click();
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(2);
    await page.getByRole('button', { name: 'All recent' }).click();
    await expect(async () => {
      await page.getByRole('button', { name: 'Not delivered' }).click();
      await page.getByRole('button', { name: 'All recent' }).click();
      await expect(page.getByRole('row', { name: /HTTP 500/ })).toContainText('Next try');
    }).toPass({ timeout: 10_000 });
    await page.screenshot({ path: 'screenshots/webhook-deliveries.png', fullPage: true });
  } finally {
    await receiver.close();
  }
});
