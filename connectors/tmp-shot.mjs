import { chromium } from 'playwright-core';

const base = 'http://127.0.0.1:3111';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
page.on('console', (m) => {
  if (m.type() === 'error') console.log('console:', m.text());
});
await page.goto(`${base}/sign-in`);
await page.getByLabel('E-mail address').fill('agent@demo-energie.example');
await page.getByLabel('Password').fill('collectflow-demo');
await page.getByRole('button', { name: /sign in/i }).click();
await page.waitForURL(/dashboard|flows|cases|tasks/);
await page.goto(`${base}/cases`);
await page.getByTestId('case-count').waitFor();
await page.screenshot({ path: '/tmp/shot-cases.png', fullPage: false });
await page.getByRole('link').filter({ hasText: /./ }).nth(0);
const first = page.locator('table.cases a.debtor').first();
await first.click();
await page.getByTestId('timeline').waitFor();
await page.waitForTimeout(1500);
await page.screenshot({ path: '/tmp/shot-case.png', fullPage: true });
const open = page.getByRole('button', { name: 'Open message' }).first();
if (await open.count()) {
  await open.click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: '/tmp/shot-message.png' });
  await page.keyboard.press('Escape');
}
await page.getByRole('button', { name: 'Pause' }).click();
await page.getByLabel(/Reason/).fill('Customer called, sends proof of payment');
await page.screenshot({ path: '/tmp/shot-pause.png' });
await page.locator('dialog').getByRole('button', { name: 'Pause' }).click();
await page.getByText('Paused. No reminder').waitFor();
await page.waitForTimeout(2500);
await page.screenshot({ path: '/tmp/shot-paused.png', fullPage: false });
await browser.close();
