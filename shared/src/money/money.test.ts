import { describe, expect, it } from 'vitest';
import { CurrencyCode, formatMoney, minorUnitDigits } from './money.ts';

describe('money', () => {
  it('knows the minor unit of common currencies', () => {
    expect(minorUnitDigits('EUR')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('KWD')).toBe(3);
  });

  it('formats minor units in the reader’s locale', () => {
    expect(formatMoney({ amountMinor: 123456, currency: 'EUR' }, 'de-DE')).toBe('1.234,56\u00a0€');
    expect(formatMoney({ amountMinor: 123456, currency: 'EUR' }, 'nl-NL')).toBe('€\u00a01.234,56');
    expect(formatMoney({ amountMinor: 500, currency: 'JPY' }, 'en-GB')).toBe('JP¥500');
  });

  it('refuses malformed and unknown currency codes with a clear message', () => {
    expect(CurrencyCode.safeParse('eur').error?.issues[0]?.message).toMatch(/three-letter ISO 4217/);
    expect(CurrencyCode.safeParse('XYZ').error?.issues[0]?.message).toBe('Unknown ISO 4217 currency code.');
    expect(CurrencyCode.parse('EUR')).toBe('EUR');
  });
});
