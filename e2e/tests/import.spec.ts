/**
 * IT brings open invoices in from the ERP: uploads a CSV export in the designer, maps the one
 * column the header names do not give away, previews the rows, imports, reads the report with
 * the two refused rows (and downloads it), and the good rows' cases are in the published demo
 * flow. The next file of that export maps itself from the saved mapping.
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const exportFile = fileURLToPath(new URL('../fixtures/erp-open-items.csv', import.meta.url));

test('IT imports an ERP export: maps columns, reads the report of refused rows, and the cases enter the flow', async ({
  page,
}) => {
  test.setTimeout(60_000);
  await page.goto('/connectors');
  await page.getByLabel('E-mail address').fill('admin@demo-energie.example');
  await page.getByLabel('Password').fill('collectflow-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Import a file' }).click();
  await expect(page.getByRole('heading', { name: 'Import debtors and invoices' })).toBeVisible();

  await page.getByLabel('CSV file to import').setInputFiles(exportFile);
  await expect(page.getByRole('heading', { name: '2. Match the columns' })).toBeVisible();
  await expect(page.getByTestId('file-facts')).toContainText('erp-open-items.csv');
  // "Kd-Nr." is not a name we know: the customer number is left for IT to choose.
  await expect(page.getByRole('alert')).toHaveText('Choose the column that holds the customer number.');
  await expect(page.getByLabel('Invoice number')).toHaveValue('Factuurnummer');
  await expect(page.getByLabel('Due date')).toHaveValue('Vervaldatum');
  await page.getByLabel('Customer number').selectOption('Kd-Nr.');
  await expect(page.getByRole('status').filter({ hasText: 'would be refused' })).toHaveText(
    '2 of the first 6 rows would be refused (they go into the report; the others are imported).',
  );
  await expect(page.getByRole('row', { name: /E2E-IMP-5/ })).toContainText('“vijftig euro” is not an amount');
  await page.getByLabel('Name of the saved mapping').fill('ERP open items');
  await page.screenshot({ path: 'screenshots/import-mapping.png', fullPage: true });

  await page.getByRole('button', { name: 'Import the file' }).click();
  await expect(page.getByRole('heading', { name: '3. Imported 4 of 6 rows' })).toBeVisible();
  await expect(page.getByTestId('import-counts')).toContainText('4 new invoices');
  await expect(page.getByRole('alert')).toContainText('2 rows were refused');
  const problems = page.getByRole('table', { name: 'Refused rows' });
  await expect(problems.getByRole('row')).toHaveCount(3);
  await expect(problems).toContainText('E-mail');
  await expect(problems).toContainText('“vijftig euro” is not an amount');
  await page.screenshot({ path: 'screenshots/import-report.png', fullPage: true });

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download the refused rows (CSV)' }).click();
  const report = await (await download).createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of report) chunks.push(chunk as Buffer);
  const csv = Buffer.concat(chunks).toString('utf8');
  expect(csv).toContain('"E2E-IMP-3"');
  expect(csv).toContain('"E2E-IMP-5"');
  expect(csv).not.toContain('E2E-IMP-1');

  // The good rows' cases entered the published Dutch flow (checked as IT would, over the REST API).
  const created = await page.request.post('/trpc/apiKeys.create', { data: { name: 'Import check' } });
  const token = (await created.json()).result.data.token as string;
  for (const debtor of ['E2E-IMP-1', 'E2E-IMP-4', 'E2E-IMP-6']) {
    const cases = await page.request.get(`/api/v1/cases?debtorExternalId=${debtor}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const items = (await cases.json()).items as { runs: { flowName: string }[] }[];
    expect(items.flatMap((item) => item.runs.map((run) => run.flowName))).toContain('NL consumer (with 14-day letter)');
  }

  // The next file of this export maps itself from the saved mapping.
  await page.getByRole('button', { name: 'Import another file' }).click();
  await page.getByLabel('Which export is it?').selectOption({ label: 'ERP open items (saved mapping)' });
  await page.getByLabel('CSV file to import').setInputFiles(exportFile);
  await expect(page.getByText('Matched with the saved mapping of “ERP open items”')).toBeVisible();
  await expect(page.getByLabel('Customer number')).toHaveValue('Kd-Nr.');
  await expect(page.getByRole('row', { name: /erp-open-items\.csv/ }).first()).toContainText('4 of 6 rows imported');
});
