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

function isKnownCurrency(code: string): boolean {
  return Intl.supportedValuesOf('currency').includes(code);
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
