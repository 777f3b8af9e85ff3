/**
 * The locale a message is written in, and its money and date formats: `€ 1.234,56` and
 * `23 november 2026` in Dutch, `1.234,56 €` and `23. November 2026` in German (each language's
 * own convention), `€1,234.56` and `23 November 2026` in English.
 */
import { type CurrencyCode, formatMoney, type Language, localeOfLanguage } from '@collectflow/shared';

export function localeOf(language: Language): string {
  return localeOfLanguage[language];
}

export function formatAmount(amountMinor: number, currency: CurrencyCode, language: Language): string {
  return formatMoney({ amountMinor, currency }, localeOf(language));
}

function asUtcDate(isoDate: string): Date {
  return new Date(`${isoDate.slice(0, 10)}T12:00:00Z`);
}

// Intl formatters are slow to create: one per language and style, kept.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(language: Language, style: 'long' | 'short'): Intl.DateTimeFormat {
  const key = `${language}|${style}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(
      localeOf(language),
      style === 'long'
        ? { dateStyle: 'long', timeZone: 'UTC' }
        : { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' },
    );
    dateFormats.set(key, format);
  }
  return format;
}

export function formatLongDate(isoDate: string, language: Language): string {
  return dateFormat(language, 'long').format(asUtcDate(isoDate));
}

export function formatShortDate(isoDate: string, language: Language): string {
  return dateFormat(language, 'short').format(asUtcDate(isoDate));
}
