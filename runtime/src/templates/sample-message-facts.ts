/** Example data for previews without a case (and for tests and the benchmark): a Dutch household with two invoices. */
import type { Brand } from '@collectflow/shared';
import type { MessageFacts } from './message-data.ts';

export function sampleMessageFacts(
  brand: Brand,
  today = new Date().toISOString().slice(0, 10),
): Omit<MessageFacts, 'language' | 'channel'> {
  return {
    debtor: {
      kind: 'person',
      externalId: 'K-100234',
      firstName: 'Sanne',
      lastName: 'de Vries',
      companyName: null,
      email: 'sanne.devries@example.nl',
      phone: '+31612345678',
      address: { line1: 'Keizersgracht 12', line2: null, postalCode: '1015 CJ', city: 'Amsterdam', country: 'NL' },
    },
    caseId: '7c2a9f10-5b3e-4d8a-9e21-3f4b5c6d7e8f',
    currency: 'EUR',
    invoices: [
      {
        externalId: 'F-2026-0815',
        issueDate: '2026-09-15',
        dueDate: '2026-10-01',
        amountMinor: 12_450,
        openAmountMinor: 12_450,
      },
      {
        externalId: 'F-2026-0921',
        issueDate: '2026-10-15',
        dueDate: '2026-10-29',
        amountMinor: 15_000,
        openAmountMinor: 12_100,
      },
    ],
    costsMinor: 0,
    installment: {
      planId: '00000000-0000-4000-8000-000000000002',
      seq: 2,
      count: 3,
      dueDate: '2026-12-30',
      openMinor: 4_000,
    },
    interestMinor: 0,
    brand,
    paylinkUrl: 'https://pay.example/p/sample',
    today,
  };
}
