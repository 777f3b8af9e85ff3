/**
 * Importing debtors and invoices from a CSV file an ERP exported: which column holds which
 * field (the mapping, suggested from the header names in Dutch, German and English and saved
 * per connector), and how the file writes amounts and dates. One row is one invoice with its
 * debtor; a debtor with several invoices has several rows.
 */
import { z } from 'zod';
import { CurrencyCode } from '../money/money.ts';

export const ImportField = z.enum([
  'debtor.externalId',
  'debtor.firstName',
  'debtor.lastName',
  'debtor.companyName',
  'debtor.language',
  'debtor.email',
  'debtor.phone',
  'debtor.addressLine1',
  'debtor.postalCode',
  'debtor.city',
  'debtor.country',
  'invoice.externalId',
  'invoice.amount',
  'invoice.openAmount',
  'invoice.currency',
  'invoice.issueDate',
  'invoice.dueDate',
]);
export type ImportField = z.infer<typeof ImportField>;

/** What a field means, for the mapping step. */
export const importFieldLabels: Record<ImportField, string> = {
  'debtor.externalId': 'Customer number',
  'debtor.firstName': 'First name',
  'debtor.lastName': 'Last name',
  'debtor.companyName': 'Company name',
  'debtor.language': 'Language',
  'debtor.email': 'E-mail address',
  'debtor.phone': 'Phone number',
  'debtor.addressLine1': 'Street and number',
  'debtor.postalCode': 'Postal code',
  'debtor.city': 'City',
  'debtor.country': 'Country',
  'invoice.externalId': 'Invoice number',
  'invoice.amount': 'Invoice amount',
  'invoice.openAmount': 'Amount still open',
  'invoice.currency': 'Currency',
  'invoice.issueDate': 'Invoice date',
  'invoice.dueDate': 'Due date',
};

/** Fields every row needs (a mapping without them cannot import). */
export const requiredImportFields: readonly ImportField[] = [
  'debtor.externalId',
  'invoice.externalId',
  'invoice.amount',
  'invoice.dueDate',
];

export const DecimalStyle = z.enum(['auto', 'comma', 'point']);
export const DateStyle = z.enum(['auto', 'YYYY-MM-DD', 'DD-MM-YYYY', 'DD.MM.YYYY', 'DD/MM/YYYY', 'MM/DD/YYYY']);

/** A mapping that may still lack required fields (while the user maps the columns). */
export const ImportMappingDraft = z.object({
  /** The header of the column that holds each field; fields left out are not imported. */
  columns: z.partialRecord(ImportField, z.string().min(1)),
  /** `auto`: "1.234,56" and "1,234.56" are both read, by which separator comes last. */
  decimal: DecimalStyle.default('auto'),
  /** `auto`: ISO dates, and day-first dates with -, . or / (European exports). */
  dates: DateStyle.default('auto'),
  /** For rows without a currency, language or country column or value. */
  defaults: z
    .object({
      currency: CurrencyCode.default('EUR'),
      language: z
        .string()
        .regex(/^[a-z]{2}$/)
        .default('nl'),
      country: z
        .string()
        .regex(/^[A-Z]{2}$/)
        .nullable()
        .default(null),
    })
    .prefault({}),
});
export type ImportMappingDraft = z.infer<typeof ImportMappingDraft>;

export const ImportMapping = ImportMappingDraft.superRefine((mapping, context) => {
  const missing = requiredImportFields.filter((field) => !mapping.columns[field]);
  if (missing.length > 0) {
    context.addIssue({
      code: 'custom',
      path: ['columns', missing[0]!],
      message: `Choose the column that holds the ${missing.map((field) => importFieldLabels[field].toLowerCase()).join(', ')}.`,
    });
  }
});
export type ImportMapping = z.infer<typeof ImportMapping>;

/** Header names as ERPs write them, in nl, de and en, lower-case without spaces or punctuation. */
const synonyms: Record<ImportField, string[]> = {
  'debtor.externalId': [
    'klantnummer',
    'debiteurnummer',
    'relatienummer',
    'kundennummer',
    'debitorennummer',
    'debitor',
    'customernumber',
    'customerid',
    'customer',
    'debtorid',
    'accountnumber',
    'klantnr',
    'kundennr',
    'customerno',
  ],
  'debtor.firstName': ['voornaam', 'vorname', 'firstname', 'givenname'],
  'debtor.lastName': ['achternaam', 'naam', 'nachname', 'name', 'lastname', 'surname', 'familyname'],
  'debtor.companyName': [
    'bedrijfsnaam',
    'bedrijf',
    'firma',
    'firmenname',
    'unternehmen',
    'company',
    'companyname',
    'organisation',
    'organization',
  ],
  'debtor.language': ['taal', 'sprache', 'language', 'lang'],
  'debtor.email': ['email', 'emailadres', 'emailadresse', 'emailaddress', 'mail'],
  'debtor.phone': [
    'telefoon',
    'telefoonnummer',
    'mobiel',
    'telefon',
    'telefonnummer',
    'handy',
    'mobil',
    'phone',
    'phonenumber',
    'mobile',
    'tel',
  ],
  'debtor.addressLine1': [
    'adres',
    'straat',
    'straatenhuisnummer',
    'adresse',
    'strasse',
    'straße',
    'address',
    'street',
    'addressline1',
  ],
  'debtor.postalCode': ['postcode', 'plz', 'postleitzahl', 'postalcode', 'zip', 'zipcode'],
  'debtor.city': ['plaats', 'woonplaats', 'stad', 'ort', 'stadt', 'wohnort', 'city', 'town'],
  'debtor.country': ['land', 'landcode', 'country', 'countrycode'],
  'invoice.externalId': [
    'factuurnummer',
    'factuur',
    'factuurnr',
    'rechnungsnummer',
    'rechnung',
    'rechnungsnr',
    'invoicenumber',
    'invoice',
    'invoiceno',
    'invoiceid',
  ],
  'invoice.amount': ['bedrag', 'factuurbedrag', 'betrag', 'rechnungsbetrag', 'amount', 'invoiceamount', 'total'],
  'invoice.openAmount': [
    'openstaand',
    'openstaandbedrag',
    'saldo',
    'offen',
    'offenerbetrag',
    'restbetrag',
    'openamount',
    'balance',
    'outstanding',
    'amountdue',
  ],
  'invoice.currency': ['valuta', 'währung', 'wahrung', 'currency'],
  'invoice.issueDate': ['factuurdatum', 'datum', 'rechnungsdatum', 'invoicedate', 'issuedate', 'date'],
  'invoice.dueDate': [
    'vervaldatum',
    'vervaldag',
    'fälligkeitsdatum',
    'fälligkeit',
    'fallig',
    'faelligkeit',
    'duedate',
    'due',
  ],
};

const normalise = (header: string) =>
  header
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9ß]/g, '');

/** A mapping guessed from the header names; the user checks and corrects it. */
export function suggestMapping(headers: readonly string[]): Partial<Record<ImportField, string>> {
  const suggested: Partial<Record<ImportField, string>> = {};
  const taken = new Set<string>();
  for (const field of ImportField.options) {
    const names = synonyms[field].map(normalise);
    const header = headers.find((candidate) => !taken.has(candidate) && names.includes(normalise(candidate)));
    if (header) {
      suggested[field] = header;
      taken.add(header);
    }
  }
  return suggested;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * An amount as exports write it — "1.234,56", "1,234.56", "€ 1234.5", "-12,00" — in minor units
 * of a two-decimal currency (the digits after the separator are padded or must fit).
 */
export function parseAmount(text: string, style: z.infer<typeof DecimalStyle>, digits = 2): Parsed<number> {
  const cleaned = text.replace(/[\s\u00a0€$£]|EUR|CHF|GBP/gi, '');
  if (!/^-?[\d.,']+$/.test(cleaned)) return { ok: false, reason: `“${text}” is not an amount` };
  const lastComma = cleaned.lastIndexOf(',');
  const lastPoint = cleaned.lastIndexOf('.');
  const decimalMark =
    style === 'comma'
      ? ','
      : style === 'point'
        ? '.'
        : lastComma > lastPoint
          ? ','
          : lastPoint > lastComma
            ? '.'
            : null;
  // In auto mode, "1.234" (three digits after a lone separator) is read as thousands.
  let whole = cleaned;
  let fraction = '';
  if (decimalMark) {
    const at = cleaned.lastIndexOf(decimalMark);
    const after = cleaned.slice(at + 1);
    const lone = cleaned.indexOf(decimalMark) === at && !cleaned.includes(decimalMark === ',' ? '.' : ',');
    if (!(style === 'auto' && lone && after.length === 3)) {
      whole = cleaned.slice(0, at);
      fraction = after;
    }
  }
  whole = whole.replace(/[.,']/g, '');
  if (!/^-?\d+$/.test(whole) || !/^\d*$/.test(fraction)) return { ok: false, reason: `“${text}” is not an amount` };
  if (fraction.length > digits) return { ok: false, reason: `“${text}” has more than ${digits} decimals` };
  const minor =
    Number(whole) * 10 ** digits + Math.sign(Number(`${whole}1`)) * Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: `“${text}” is too large` };
  return { ok: true, value: minor };
}

/** A date as exports write it, as `YYYY-MM-DD`; `auto` takes ISO and day-first European dates. */
export function parseDate(text: string, style: z.infer<typeof DateStyle>): Parsed<string> {
  const value = text.trim();
  let parts: [string, string, string] | null = null;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(value);
  const dayFirst = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/.exec(value);
  if ((style === 'auto' || style === 'YYYY-MM-DD') && iso) parts = [iso[1]!, iso[2]!, iso[3]!];
  else if (style === 'MM/DD/YYYY') {
    const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
    if (us) parts = [us[3]!, us[1]!, us[2]!];
  } else if (style !== 'YYYY-MM-DD' && dayFirst) {
    const separator = value.replace(/\d/g, '')[0];
    const wanted = { 'DD-MM-YYYY': '-', 'DD.MM.YYYY': '.', 'DD/MM/YYYY': '/', auto: separator } as Record<
      string,
      string
    >;
    if (wanted[style] === separator) parts = [dayFirst[3]!, dayFirst[2]!, dayFirst[1]!];
  }
  if (!parts)
    return {
      ok: false,
      reason: `“${text}” is not a date (${style === 'auto' ? 'e.g. 2026-11-23 or 23-11-2026' : style})`,
    };
  const [year, month, day] = parts.map(Number) as [number, number, number];
  // Checked by arithmetic, not a Date round trip: a million-row import parses two dates a row.
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { ok: false, reason: `“${text}” is not a date in the calendar` };
  }
  return { ok: true, value: `${parts[0]}-${parts[1].padStart(2, '0')}-${parts[2].padStart(2, '0')}` };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * A cell as a spreadsheet may safely open it: text that a spreadsheet would run as a formula
 * (starting with = + - @, tab or carriage return) gets a leading apostrophe. For every CSV
 * Collectflow writes (import reports, exports); stored values stay as they came.
 */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
