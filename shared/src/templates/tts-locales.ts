/**
 * Text-to-speech locales a voice template may speak in (Sinch TTS locale strings), the 16 most
 * common European languages and variants. The voice is chosen as `<locale>/<female|male>`.
 */
import { z } from 'zod';
import { type Language, localeOfLanguage } from '../i18n/language.ts';

export const ttsLocales = {
  'nl-NL': 'Dutch (Netherlands)',
  'nl-BE': 'Dutch (Belgium)',
  'de-DE': 'German (Germany)',
  'de-AT': 'German (Austria)',
  'de-CH': 'German (Switzerland)',
  'en-GB': 'English (UK)',
  'en-IE': 'English (Ireland)',
  'fr-FR': 'French (France)',
  'fr-BE': 'French (Belgium)',
  'es-ES': 'Spanish (Spain)',
  'it-IT': 'Italian (Italy)',
  'pt-PT': 'Portuguese (Portugal)',
  'pl-PL': 'Polish (Poland)',
  'sv-SE': 'Swedish (Sweden)',
  'da-DK': 'Danish (Denmark)',
  'tr-TR': 'Turkish (Turkey)',
} as const;

export const TtsLocale = z.enum(Object.keys(ttsLocales) as [keyof typeof ttsLocales, ...(keyof typeof ttsLocales)[]]);
export type TtsLocale = z.infer<typeof TtsLocale>;

/** The usual text-to-speech locale for a language (a voice template's default). */
export function ttsLocaleFor(language: Language): TtsLocale {
  return localeOfLanguage[language] as TtsLocale;
}
