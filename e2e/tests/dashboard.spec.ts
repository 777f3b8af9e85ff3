/**
 * A manager looks at what the dunning achieves: the dashboard's figures for the last twelve
 * months (the demo's past cases), the CSV behind them, the A/B results of the demo's Dutch flow
 * with their verdict, its funnel, and the same counts on the flow's canvas.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { signIn } from '../demo-members.ts';

test('a manager reads the dashboard, downloads its figures and the A/B results of the demo flow', async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, 'admin', '/dashboard');
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();

  await page.getByTestId('dashboard-period').selectOption('last12Months');
  const kpis = page.getByTestId('dashboard-kpis');
  const entered = kpis.locator('div', { hasText: 'Cases entered' }).locator('dd').first();
  // The demo's 2,000 past cases, and its open cases once their flows enrolled them.
  await expect(entered).toHaveText(/^[23],\d{3}$/);
  await expect(kpis.locator('div', { hasText: 'Payment rate' }).locator('dd').first()).toHaveText(/^\d+(\.\d)?%$/);
  await expect(page.getByRole('heading', { name: 'Cases entered and paid, by week of entry' })).toBeVisible();
  await expect(page.getByRole('row', { name: /^SMS/ }).first()).toBeVisible();
  await page.screenshot({ path: 'screenshots/dashboard-kpis.png', fullPage: true });

  const download = page.waitForEvent('download');
  await page.getByTestId('dashboard-csv').click();
  const csv = await readFile((await (await download).path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('Section,Item,Figure,Value');
  const enteredInCsv = csv.match(/^Totals,,Cases entered,(\d+)$/m);
  expect(Number(enteredInCsv?.[1])).toBe(Number((await entered.textContent())!.replace(/\D/g, '')));

  // The A/B results of the Dutch flow: its tone test right after the start, with a verdict in words.
  await page.getByTestId('detail-flow').selectOption({ label: 'NL consumer (with 14-day letter)' });
  const abTest = page.getByTestId('ab-test').first();
  await expect(abTest.getByText('Whole-flow test')).toBeVisible();
  await expect(abTest.getByRole('rowheader', { name: /Friendly/ })).toBeVisible();
  await expect(abTest.getByRole('rowheader', { name: /Direct/ })).toBeVisible();
  await expect(abTest.getByTestId('ab-verdict')).toHaveText(/pays \d+ % more often than/);
  await expect(page.getByTestId('funnel').getByRole('rowheader', { name: /^Start/ })).toBeVisible();
  await abTest.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'screenshots/dashboard-ab-results.png', fullPage: true });

  // Promoting the winner asks first (and is not done here: other journeys use version 1).
  await abTest.getByRole('button', { name: 'Promote' }).click();
  const dialog = page.getByRole('dialog', { name: /^Promote/ });
  await expect(dialog.getByText('A new version of the flow is published')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
});

test('the flow canvas shows how many cases reached each step', async ({ page }) => {
  await signIn(page, 'viewer', '/flows');
  await page.getByRole('link', { name: 'NL consumer (with 14-day letter)' }).click();
  await page.getByTestId('results-toggle').click();
  await expect(page.getByTestId('overlay-total')).toContainText(/cases entered version 1/);
  await page.getByTestId('overlay-period').selectOption('last12Months');
  await expect(page.getByTestId('figures-start')).toHaveText(/^[\d,]+ cases · \d+ % paid/);
  await page.screenshot({ path: 'screenshots/flow-results-overlay.png' });
  await page.getByTestId('results-toggle').click();
  await expect(page.getByTestId('figures-start')).toHaveCount(0);
});
