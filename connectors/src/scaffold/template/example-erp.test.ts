/**
 * Example ERP's connector against its double: the first pull reads every open item page by
 * page, a later pull only what changed, and what it yields is what the REST API would accept.
 */
import { DebtorUpsert, InvoiceUpsert } from '@collectflow/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SourceBatch } from '../../sdk/source-connector.ts';
import { exampleErp, exampleErpPageSize } from './example-erp.ts';
import { type ExampleErpDouble, startExampleErpDouble } from './example-erp-double.ts';

let double: ExampleErpDouble;
beforeEach(async () => {
  double = await startExampleErpDouble();
});
afterEach(() => double.close());

const connect = (apiKey = double.apiKey) =>
  exampleErp.create(exampleErp.settings.parse({ apiUrl: double.apiUrl, apiKey }), {});

async function pullAll(cursor: string | null): Promise<SourceBatch[]> {
  const batches: SourceBatch[] = [];
  for await (const batch of connect().pull(cursor)) batches.push(batch);
  return batches;
}

const item = (number: number, changes: Partial<Parameters<ExampleErpDouble['putItem']>[0]> = {}) => ({
  customerNumber: `C-${Math.ceil(number / 2)}`,
  customerName: `Customer ${Math.ceil(number / 2)}`,
  isCompany: false,
  email: `customer${Math.ceil(number / 2)}@example.com`,
  language: 'nl-NL',
  invoiceNumber: `INV-${number}`,
  amount: 10_000 + number,
  openAmount: 10_000 + number,
  currency: 'eur',
  invoiceDate: '2026-10-01',
  dueDate: '2026-10-31',
  status: 'open' as const,
  ...changes,
});

describe('example-erp source connector', () => {
  it('reads every open item page by page, as records the REST API accepts', async () => {
    for (let number = 1; number <= exampleErpPageSize + 5; number++) double.putItem(item(number));
    const batches = await pullAll(null);
    expect(batches.map((batch) => batch.invoices.length)).toEqual([exampleErpPageSize, 5]);
    expect(batches.map((batch) => batch.cursor)).toEqual([String(exampleErpPageSize), String(exampleErpPageSize + 5)]);
    const [first] = batches[0]!.invoices;
    expect(first).toEqual({
      externalId: 'INV-1',
      debtorExternalId: 'C-1',
      amountMinor: 10_001,
      openAmountMinor: 10_001,
      currency: 'EUR',
      issueDate: '2026-10-01',
      dueDate: '2026-10-31',
      status: 'open',
    });
    expect(batches[0]!.debtors[0]).toMatchObject({ externalId: 'C-1', lastName: 'Customer 1', language: 'nl' });
    for (const batch of batches) {
      for (const debtor of batch.debtors) expect(DebtorUpsert.safeParse(debtor).success).toBe(true);
      for (const invoice of batch.invoices) expect(InvoiceUpsert.safeParse(invoice).success).toBe(true);
    }
  });

  it('reads only what changed since the cursor: paid and cancelled items settle their invoices', async () => {
    double.putItem(item(1));
    double.putItem(item(2));
    const [first] = await pullAll(null);
    double.putItem(item(1, { status: 'paid', openAmount: 0 }));
    double.putItem(item(3, { status: 'cancelled' }));
    const later = await pullAll(first!.cursor);
    expect(later).toHaveLength(1);
    expect(later[0]!.invoices.map((invoice) => [invoice.externalId, invoice.status, invoice.openAmountMinor])).toEqual([
      ['INV-1', 'paid', 0],
      ['INV-3', 'cancelled', 0],
    ]);
    expect(await pullAll(later[0]!.cursor)).toEqual([]);
  });

  it('says in words when the key is wrong or the API sends what it cannot read', async () => {
    expect(await connect('wrong').testConnection()).toEqual({
      ok: false,
      reason: 'Example ERP refused the API key (HTTP 401).',
    });
    expect(await connect().testConnection()).toEqual({ ok: true });
    double.putItem({ ...item(1), amount: -5 });
    await expect(pullAll(null)).rejects.toThrow(
      'Example ERP sent an open item we cannot read (item 1 after 0, amount: Too small: expected number to be >=0).',
    );
  });
});
