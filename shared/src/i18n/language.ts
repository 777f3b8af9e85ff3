/** Languages Collectflow writes to debtors in (ISO 639-1). */
import { z } from 'zod';

export const Language = z.enum(['nl', 'de', 'en', 'fr', 'es', 'it', 'pl', 'tr']);
export type Language = z.infer<typeof Language>;

/** Each language's name in English, for pickers. */
export const languageNames: Record<Language, string> = {
  nl: 'Dutch',
  de: 'German',
  en: 'English',
  fr: 'French',
  es: 'Spanish',
  it: 'Italian',
  pl: 'Polish',
  tr: 'Turkish',
};

/** The locale Collectflow writes each language in (number and date formats, text-to-speech). */
export const localeOfLanguage: Record<Language, string> = {
  nl: 'nl-NL',
  de: 'de-DE',
  en: 'en-GB',
  fr: 'fr-FR',
  es: 'es-ES',
  it: 'it-IT',
  pl: 'pl-PL',
  tr: 'tr-TR',
};

/** ISO 3166-1 alpha-2 country code, upper case. */
export const CountryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, { message: 'Use a two-letter ISO 3166 country code such as NL or DE.' });
export type CountryCode = z.infer<typeof CountryCode>;
