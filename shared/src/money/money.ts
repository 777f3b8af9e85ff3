/**
 * Money is an integer count of the currency's minor unit (cents for EUR) plus an ISO 4217
 * code. Floating-point amounts never enter the domain: 0.1 + 0.2 is not a sum we collect.
 */
import { z } from 'zod';

export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, { message: 'Use a three-letter ISO 4217 currency code such as EUR.' })
  .refine(isKnownCurrency, { message: 'Unknown ISO 4217 currency code.' });
export type CurrencyCode = z.infer<typeof CurrencyCode>;

/** Minor units: a safe integer (PostgreSQL `bigint` values within ±2^53). */
export const MinorUnits = z.number().int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER);

export const Money = z.object({
  amountMinor: MinorUnits,
  currency: CurrencyCode,
});
export type Money = z.infer<typeof Money>;

// Built once: the import checks a currency on every row of a million-row file.
let knownCurrencies: ReadonlySet<string> | null = null;

function isKnownCurrency(code: string): boolean {
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  return knownCurrencies.has(code);
}

// Intl formatters are slow to create and cheap to use: a message renders dozens of amounts.
const digitsByCurrency = new Map<string, number>();
const formatters = new Map<string, Intl.NumberFormat>();

/** Digits after the decimal separator for a currency: 2 for EUR, 0 for JPY, 3 for KWD. */
export function minorUnitDigits(currency: CurrencyCode): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

/** Formats money for people, e.g. `€ 1.234,56` in `nl-NL`, `1.234,56 €` in `de-DE`. */
export function formatMoney(money: Money, locale: string): string {
  const digits = minorUnitDigits(money.currency);
  const key = `${locale}|${money.currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: money.currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, formatter);
  }
  return formatter.format(money.amountMinor / 10 ** digits);
}

/** The amount as a plain decimal string with the currency's digits, as payment APIs take it: "12.30", "500" (JPY). */
export function decimalAmount(amountMinor: number, currency: CurrencyCode): string {
  const digits = minorUnitDigits(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const text = String(Math.abs(amountMinor)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Minor units from a decimal string such as "12.3" or "12.30"; null when it is not one. */
export function minorFromDecimal(value: string, currency: CurrencyCode): number | null {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) return null;
  const digits = minorUnitDigits(currency);
  const fraction = match[3] ?? '';
  if (fraction.length > digits) return null;
  const minor = Number(match[2]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return match[1] ? -minor : minor;
}
