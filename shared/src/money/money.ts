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

/** Digits after the decimal separator for a currency: 2 for EUR, 0 for JPY, 3 for KWD. */
export function minorUnitDigits(currency: CurrencyCode): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits as number;
}

/** Formats money for people, e.g. `€ 1.234,56` in `nl-NL`, `1.234,56 €` in `de-DE`. */
export function formatMoney(money: Money, locale: string): string {
  const digits = minorUnitDigits(money.currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: money.currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(money.amountMinor / 10 ** digits);
}
