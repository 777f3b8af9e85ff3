import { describe, expect, it } from 'vitest';
import { CurrencyCode, decimalAmount, formatMoney, minorFromDecimal, minorUnitDigits } from './money.ts';

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

  it('writes and reads the plain decimal amounts payment APIs use', () => {
    expect(decimalAmount(1230, 'EUR')).toBe('12.30');
    expect(decimalAmount(5, 'EUR')).toBe('0.05');
    expect(decimalAmount(500, 'JPY')).toBe('500');
    expect(decimalAmount(1234, 'KWD')).toBe('1.234');
    expect(decimalAmount(-5, 'EUR')).toBe('-0.05');
    expect(minorFromDecimal('12.30', 'EUR')).toBe(1230);
    expect(minorFromDecimal('12.3', 'EUR')).toBe(1230);
    expect(minorFromDecimal('12', 'EUR')).toBe(1200);
    expect(minorFromDecimal('0.05', 'EUR')).toBe(5);
    expect(minorFromDecimal('500', 'JPY')).toBe(500);
    expect(minorFromDecimal('12.345', 'EUR')).toBeNull();
    expect(minorFromDecimal('12,30', 'EUR')).toBeNull();
  });
});
