/**
 * Text-to-speech locales a voice template may speak in: the 16 most common European languages
 * and variants that Sinch's text-to-speech speaks, with the voices each has (some have only a
 * female or only a male voice). A call asks for `<locale>/<female|male>`.
 */
import { z } from 'zod';
import type { VoiceGender } from '../flow/nodes/voice.ts';
import { type Language, localeOfLanguage } from '../i18n/language.ts';

const both = ['female', 'male'] as const;

export const ttsLocales = {
  'nl-NL': { label: 'Dutch (Netherlands)', voices: both },
  'de-DE': { label: 'German (Germany)', voices: both },
  'de-AT': { label: 'German (Austria)', voices: ['female'] },
  'en-GB': { label: 'English (UK)', voices: both },
  'fr-FR': { label: 'French (France)', voices: both },
  'es-ES': { label: 'Spanish (Spain)', voices: both },
  'it-IT': { label: 'Italian (Italy)', voices: both },
  'pt-PT': { label: 'Portuguese (Portugal)', voices: both },
  'pl-PL': { label: 'Polish (Poland)', voices: both },
  'sv-SE': { label: 'Swedish (Sweden)', voices: ['female'] },
  'da-DK': { label: 'Danish (Denmark)', voices: both },
  'nb-NO': { label: 'Norwegian (Norway)', voices: ['female'] },
  'fi-FI': { label: 'Finnish (Finland)', voices: ['female'] },
  'cs-CZ': { label: 'Czech (Czechia)', voices: both },
  'el-GR': { label: 'Greek (Greece)', voices: both },
  'tr-TR': { label: 'Turkish (Turkey)', voices: ['male'] },
} as const satisfies Record<string, { label: string; voices: readonly VoiceGender[] }>;

export const TtsLocale = z.enum(Object.keys(ttsLocales) as [keyof typeof ttsLocales, ...(keyof typeof ttsLocales)[]]);
export type TtsLocale = z.infer<typeof TtsLocale>;

/** The usual text-to-speech locale for a language (a voice template's default). */
export function ttsLocaleFor(language: Language): TtsLocale {
  return localeOfLanguage[language] as TtsLocale;
}

/**
 * The voice a call asks for, e.g. `de-DE/male`: the chosen one where the locale has it, else the
 * one voice the locale has (Turkish speaks only with a male voice, Swedish only with a female).
 */
export function ttsVoiceFor(locale: TtsLocale, voice: VoiceGender): string {
  const voices: readonly VoiceGender[] = ttsLocales[locale].voices;
  return `${locale}/${voices.includes(voice) ? voice : voices[0]}`;
}
