import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium } from './chromium.ts';

const base = 'http://127.0.0.1:3111';
const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
const page = await browser.newPage();
await page.goto(`${base}/templates`);
await page.getByLabel('E-mail address').fill('marketing@demo-energie.example');
await page.getByLabel('Password').fill('collectflow-demo');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.getByRole('link', { name: 'Friendly reminder (e-mail)' }).click();
await page.getByRole('button', { name: 'Preview', exact: true }).click();
const picker = page.getByTestId('preview-case');
await picker.locator('option').nth(1).waitFor({ state: 'attached' });
await picker.selectOption({ index: 3 });
await page.getByText(/^Filled in for /).waitFor();
const href = (await page
  .frameLocator('[data-testid=preview-frame]')
  .getByRole('link', { name: / · / })
  .getAttribute('href'))!;
const token = href.split('/').at(-1);
const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'de-DE' });
const debtor = await phone.newPage();
debtor.on('console', (m) => console.log('console', m.text()));
await debtor.goto(href);
await debtor.getByRole('radio', { name: /^3 × / }).check();
await debtor.getByRole('button', { name: 'Diese Ratenzahlung wählen' }).click();
await debtor.getByTestId('paylink-plan').waitFor();
console.log(JSON.stringify((await (await fetch(`${base}/api/paylinks/${token}`)).json()).installments));
await debtor.getByRole('button', { name: /^Rate 1 bezahlen/ }).click();
await debtor.waitForURL(/checkout/);
console.log(await debtor.locator('.amount').textContent());
await debtor.getByRole('button', { name: 'Paid' }).click();
await debtor.waitForURL(/\/p\//);
await debtor.waitForTimeout(3000);
console.log(debtor.url());
console.log(JSON.stringify(await (await fetch(`${base}/api/paylinks/${token}`)).json()).slice(0, 600));
await debtor.screenshot({ path: '/tmp/plan-3.png', fullPage: true });
await browser.close();
