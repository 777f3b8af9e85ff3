import { Debtor, Invoice } from '@collectflow/shared';
import { describe, expect, it } from 'vitest';
import { generateSyntheticDebtors } from './synthetic-debtors.ts';

const today = '2026-11-22';
const debtors = generateSyntheticDebtors({ count: 1000, today });
const share = (predicate: (debtor: (typeof debtors)[number]) => boolean) =>
  debtors.filter(predicate).length / debtors.length;

describe('synthetic demo debtors', () => {
  it('are deterministic for a seed and a day', () => {
    expect(generateSyntheticDebtors({ count: 50, today })).toEqual(debtors.slice(0, 50));
    expect(generateSyntheticDebtors({ count: 50, today, seed: 7 })).not.toEqual(debtors.slice(0, 50));
  });

  it('are Dutch and German, in mixed languages', () => {
    expect(share((debtor) => debtor.address?.country === 'NL')).toBeGreaterThan(0.5);
    expect(share((debtor) => debtor.address?.country === 'DE')).toBeGreaterThan(0.3);
    const languages = new Set(debtors.map((debtor) => debtor.language));
    expect([...languages].sort()).toEqual(['de', 'en', 'fr', 'nl', 'tr']);
  });

  it('have e-mail and phone present or missing in realistic proportions', () => {
    expect(share((debtor) => debtor.email !== null)).toBeGreaterThan(0.75);
    expect(share((debtor) => debtor.email !== null)).toBeLessThan(0.95);
    expect(share((debtor) => debtor.phone !== null)).toBeGreaterThan(0.55);
    expect(share((debtor) => debtor.phone !== null)).toBeLessThan(0.8);
    expect(debtors.every((debtor) => !debtor.email || /@example\.(nl|de|com)$/.test(debtor.email))).toBe(true);
  });

  it('never claim SMS or voice consent without a phone number', () => {
    expect(debtors.every((debtor) => debtor.phone || (!debtor.consents.sms && !debtor.consents.voice))).toBe(true);
  });

  it('each owe 1–3 overdue invoices with unique numbers', () => {
    const invoices = debtors.flatMap((debtor) => debtor.invoices);
    expect(debtors.every((debtor) => debtor.invoices.length >= 1 && debtor.invoices.length <= 3)).toBe(true);
    expect(new Set(invoices.map((invoice) => invoice.externalId)).size).toBe(invoices.length);
    expect(invoices.every((invoice) => invoice.dueDate < today && invoice.issueDate < invoice.dueDate)).toBe(true);
    expect(
      invoices.every((invoice) => invoice.openAmountMinor > 0 && invoice.openAmountMinor <= invoice.amountMinor),
    ).toBe(true);
  });

  it('validate against the shared schemas', () => {
    for (const debtor of debtors.slice(0, 200)) {
      const { invoices, address, ...fields } = debtor;
      Debtor.parse({
        ...fields,
        id: '00000000-0000-4000-8000-000000000000',
        address: address && { ...address, line2: null },
      });
      for (const invoice of invoices) {
        Invoice.parse({
          ...invoice,
          id: '00000000-0000-4000-8000-000000000000',
          debtorId: '00000000-0000-4000-8000-000000000000',
          caseId: null,
          status: 'open',
          attributes: {},
        });
      }
    }
  });
});
