/**
 * Deterministic synthetic debtors for the demo: Dutch and German people and companies with
 * realistic names and addresses (faker's nl and de locales), mixed languages, contact data
 * present or missing in realistic proportions, and 1–3 overdue invoices each. The same seed
 * and day always give the same data; e-mail domains are reserved `example.*` domains.
 */
import type { Channel, Consents, Language } from '@collectflow/shared';
import { base, de, en, Faker, nl } from '@faker-js/faker';

export interface SyntheticDebtor {
  externalId: string;
  kind: 'person' | 'company';
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  language: Language;
  email: string | null;
  phone: string | null;
  address: { line1: string; postalCode: string; city: string; country: 'NL' | 'DE' } | null;
  preferredChannel: Channel | null;
  consents: Consents;
  attributes: Record<string, string | number>;
  invoices: SyntheticInvoice[];
}

export interface SyntheticInvoice {
  externalId: string;
  amountMinor: number;
  openAmountMinor: number;
  currency: 'EUR';
  issueDate: string;
  dueDate: string;
}

export interface SyntheticDebtorOptions {
  count: number;
  /** Seed for the random generator. Default: 20261122. */
  seed?: number;
  /** The day invoices are overdue relative to, `YYYY-MM-DD`. */
  today: string;
}

const dayMs = 86_400_000;

/** A day (`YYYY-MM-DD`) some days later (or earlier). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

export function generateSyntheticDebtors({ count, seed = 20261122, today }: SyntheticDebtorOptions): SyntheticDebtor[] {
  const dutch = new Faker({ locale: [nl, en, base], seed });
  const german = new Faker({ locale: [de, en, base], seed: seed + 1 });
  const chance = new Faker({ locale: [base], seed: seed + 2 });
  const pick = <T>(weighted: ReadonlyArray<readonly [T, number]>): T =>
    chance.helpers.weightedArrayElement(weighted.map(([value, weight]) => ({ value, weight })));
  const recordedAt = `${addDays(today, -400)}T09:00:00Z`;
  let invoiceNumber = 0;

  return Array.from({ length: count }, (_, index): SyntheticDebtor => {
    const country: 'NL' | 'DE' = chance.number.float() < 0.6 ? 'NL' : 'DE';
    const local = country === 'NL' ? dutch : german;
    const kind = chance.number.float() < 0.1 ? 'company' : 'person';
    const firstName = kind === 'person' ? local.person.firstName() : null;
    const lastName = kind === 'person' ? local.person.lastName() : null;
    const companyName = kind === 'company' ? local.company.name() : null;
    const language: Language =
      country === 'NL'
        ? pick([
            ['nl', 85],
            ['en', 10],
            ['de', 5],
          ] as const)
        : pick([
            ['de', 84],
            ['en', 8],
            ['tr', 5],
            ['fr', 3],
          ] as const);
    const hasEmail = chance.number.float() < (kind === 'company' ? 0.95 : 0.82);
    const hasPhone = chance.number.float() < 0.68;
    const domain = pick([
      [`example.${country.toLowerCase()}`, 3],
      ['example.com', 1],
    ] as const);
    const email = hasEmail
      ? local.internet
          .email({ firstName: firstName ?? companyName ?? 'info', lastName: lastName ?? '', provider: domain })
          .toLowerCase()
      : null;
    const phone = hasPhone
      ? country === 'NL'
        ? `+316${chance.string.numeric(8)}`
        : `+491${chance.helpers.arrayElement(['51', '52', '60', '62', '70', '76'])}${chance.string.numeric(7)}`
      : null;
    const hasAddress = chance.number.float() < 0.97;
    const address = hasAddress
      ? {
          line1: local.location.streetAddress(),
          postalCode:
            country === 'NL'
              ? `${chance.number.int({ min: 1000, max: 9999 })} ${chance.string.alpha({ length: 2, casing: 'upper', exclude: ['S', 'F'] })}`
              : chance.string.numeric({ length: 5, allowLeadingZeros: false }),
          city: local.location.city(),
          country,
        }
      : null;
    const consents: Consents = {};
    if (email) consents.email = { granted: true, at: recordedAt, source: 'contract' };
    if (phone && chance.number.float() < 0.6) consents.sms = { granted: true, at: recordedAt, source: 'contract' };
    if (phone && chance.number.float() < 0.3)
      consents.voice = { granted: true, at: recordedAt, source: 'customer portal' };
    const reachable: Channel[] = ['letter'];
    if (email) reachable.push('email');
    if (consents.sms) reachable.push('sms');
    const preferredChannel = chance.number.float() < 0.2 ? chance.helpers.arrayElement(reachable) : null;

    const invoiceCount = pick([
      [1, 55],
      [2, 30],
      [3, 15],
    ] as const);
    const invoices = Array.from({ length: invoiceCount }, (): SyntheticInvoice => {
      invoiceNumber += 1;
      // Monthly energy and telecom bills: log-normal around €95, rarely above €1,000.
      const euros = Math.min(2500, Math.max(15, Math.exp(4.55 + 0.65 * normal(chance))));
      const amountMinor = Math.round(euros * 100);
      const daysOverdue = Math.round(3 + Math.abs(normal(chance)) * 45);
      const dueDate = addDays(today, -daysOverdue);
      const partlyPaid = chance.number.float() < 0.15;
      return {
        externalId: `INV-${today.slice(0, 4)}-${String(invoiceNumber).padStart(6, '0')}`,
        amountMinor,
        openAmountMinor: partlyPaid
          ? Math.round(amountMinor * chance.number.float({ min: 0.3, max: 0.9 }))
          : amountMinor,
        currency: 'EUR',
        issueDate: addDays(dueDate, -14),
        dueDate,
      };
    });

    return {
      externalId: `DEB-${String(100001 + index)}`,
      kind,
      firstName,
      lastName,
      companyName,
      language,
      email,
      phone,
      address,
      preferredChannel,
      consents,
      attributes: {
        segment: kind === 'company' ? 'business' : 'residential',
        product: pick([
          ['energy', 55],
          ['telecom', 25],
          ['energy+telecom', 20],
        ] as const),
        paymentMethod: pick([
          ['bank_transfer', 70],
          ['direct_debit_failed', 30],
        ] as const),
        customerSince: chance.number.int({ min: 2008, max: Number(today.slice(0, 4)) }),
      },
      invoices,
    };
  });
}

/** A standard normal sample (Box–Muller) from the seeded generator. */
function normal(faker: Faker): number {
  const u = 1 - faker.number.float();
  const v = faker.number.float();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
