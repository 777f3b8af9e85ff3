import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium } from './chromium.ts';

const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
await page.goto('http://127.0.0.1:3111/');
await page.getByLabel('E-mail address').fill('admin@demo-energie.example');
await page.getByLabel('Password').fill('collectflow-demo');
await page.getByRole('button', { name: /sign in/i }).click();
await page.waitForTimeout(1500);
await page.goto('http://127.0.0.1:3111/connectors');
await page.waitForTimeout(2000);
await page.screenshot({ path: '/tmp/connectors.png', fullPage: true });
const buttons = page.getByRole('button', { name: /test connection/i });
console.log('test buttons', await buttons.count());
for (let i = 0; i < (await buttons.count()); i++) {
  await buttons.nth(i).click();
  await page.waitForTimeout(800);
}
await page.screenshot({ path: '/tmp/connectors2.png', fullPage: true });
await browser.close();
