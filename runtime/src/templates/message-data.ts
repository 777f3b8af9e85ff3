/**
 * The variables of one message (the Liquid scope), built from a case, its debtor, its open
 * invoices and the brand kit. Exactly the documented catalog (`templateVariables` in shared):
 * the save-time check refuses anything else, so nothing here may be missing.
 */
import {
  type Brand,
  brandSender,
  type Channel,
  type CurrencyCode,
  type Language,
  type Tone,
} from '@collectflow/shared';
import { DateValue, MoneyValue } from './message-values.ts';
import { salutation } from './salutation.ts';

export interface MessageFacts {
  channel: Channel;
  language: Language;
  debtor: {
    kind: 'person' | 'company';
    externalId: string;
    firstName: string | null;
    lastName: string | null;
    companyName: string | null;
    email: string | null;
    phone: string | null;
    address: { line1: string; line2: string | null; postalCode: string; city: string; country: string } | null;
  };
  caseId: string;
  currency: CurrencyCode;
  invoices: { externalId: string; issueDate: string; dueDate: string; amountMinor: number; openAmountMinor: number }[];
  costsMinor: number;
  interestMinor: number;
  /** The next installment of the case's active plan (what is still due of it); null without a plan. */
  installment: { planId: string; seq: number; count: number; dueDate: string; openMinor: number } | null;
  brand: Brand;
  paylinkUrl: string;
  /** The send day, `YYYY-MM-DD`. */
  today: string;
}

/** A short reference a debtor quotes with a bank transfer, e.g. `CF-7K2M9Q1A`. */
export function caseReference(caseId: string): string {
  return `CF-${caseId.replaceAll('-', '').slice(0, 8).toUpperCase()}`;
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}

export type MessageData = ReturnType<typeof buildMessageData>;

export function buildMessageData(facts: MessageFacts) {
  const { language, debtor, brand, currency } = facts;
  const money = (minor: number) => new MoneyValue(minor, currency, language);
  const date = (iso: string) => new DateValue(iso, language);
  const tone: Tone = brand.tone[language] ?? 'formal';
  const openMinor = facts.invoices.reduce((sum, invoice) => sum + invoice.openAmountMinor, 0);
  const oldestDue = facts.invoices.map((invoice) => invoice.dueDate).sort()[0] ?? facts.today;
  const sender = brandSender(brand, facts.channel);
  const name =
    debtor.kind === 'company'
      ? (debtor.companyName ?? '')
      : [debtor.firstName, debtor.lastName].filter(Boolean).join(' ') || (debtor.companyName ?? '');
  return {
    debtor: {
      salutation: salutation(debtor, language, tone),
      name,
      first_name: debtor.firstName ?? '',
      last_name: debtor.lastName ?? '',
      company_name: debtor.companyName ?? '',
      customer_number: debtor.externalId,
      email: debtor.email ?? '',
      phone: debtor.phone ?? '',
      address: {
        line1: debtor.address?.line1 ?? '',
        line2: debtor.address?.line2 ?? '',
        postal_code: debtor.address?.postalCode ?? '',
        city: debtor.address?.city ?? '',
        country: debtor.address?.country ?? '',
      },
      /** For the `salutation` filter. */
      kind: debtor.kind,
      tone,
    },
    case: {
      reference: caseReference(facts.caseId),
      days_overdue: Math.max(0, daysBetween(oldestDue, facts.today)),
      invoice_count: facts.invoices.length,
    },
    invoices: facts.invoices.map((invoice) => ({
      number: invoice.externalId,
      issue_date: date(invoice.issueDate),
      due_date: date(invoice.dueDate),
      amount: money(invoice.amountMinor),
      open_amount: money(invoice.openAmountMinor),
    })),
    totals: {
      open: money(openMinor),
      costs: money(facts.costsMinor),
      interest: money(facts.interestMinor),
      due: money(openMinor + facts.costsMinor + facts.interestMinor),
    },
    installment: facts.installment
      ? {
          number: facts.installment.seq,
          count: facts.installment.count,
          amount: money(facts.installment.openMinor),
          due_date: date(facts.installment.dueDate),
        }
      : { number: '', count: '', amount: '', due_date: '' },
    paylink: { url: facts.paylinkUrl },
    payment: {
      iban: brand.payment ? formatIban(brand.payment.iban) : '',
      bic: brand.payment?.bic ?? '',
      creditor_name: brand.payment?.creditorName ?? brand.name,
    },
    brand: {
      name: brand.name,
      logo_url: brand.logoUrl ?? '',
      sender_name: sender?.name ?? brand.name,
      sender_address: sender?.address ?? '',
      legal_footer: brand.legalFooter,
      colours: brand.colours,
      fonts: brand.fonts,
    },
    dates: { today: date(facts.today), pay_by: date(addDays(facts.today, 14)) },
    /** Not variables: what the blocks need. */
    _facts: facts,
  };
}

/** IBAN in groups of four, as people read it: `NL91 ABNA 0417 1643 00`. */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}
