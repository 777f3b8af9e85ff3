/**
 * What a template holds: one variant per language, shaped by its channel. E-mail bodies are MJML
 * (responsive e-mail that renders robustly in Outlook, Gmail and Apple Mail), letter bodies are
 * HTML placed on an A4 page below the address window, SMS and voice are plain text. All of them
 * may use the merge tags of the variable catalog (`{{ debtor.first_name }}`) and the dunning
 * blocks (`{% invoice_table %}`).
 */
import { z } from 'zod';
import type { Channel } from '../debtors/channel.ts';
import { VoiceGender } from '../flow/nodes/voice.ts';
import { Language } from '../i18n/language.ts';
import { TtsLocale } from './tts-locales.ts';

const Source = (max: number) => z.string().max(max);

export const EmailVariant = z.object({
  language: Language,
  /** One subject line, or up to four to A/B test (each message gets one, sticky per case). */
  subjects: z
    .array(z.string().trim().min(1, { message: 'Write a subject line.' }).max(200))
    .min(1, { message: 'An e-mail needs a subject line.' })
    .max(4, { message: 'Test at most four subject lines at once.' }),
  /** The line mail apps show after the subject. Default: empty. */
  preheader: Source(200).default(''),
  /** MJML source of the body. */
  body: Source(500_000).min(1),
});
export type EmailVariant = z.infer<typeof EmailVariant>;

export const LetterVariant = z.object({
  language: Language,
  /** The letter's subject line (Betreff / Betreft), printed in bold above the text. */
  subject: z.string().trim().min(1, { message: 'Write a subject line for the letter.' }).max(200),
  /** HTML of the letter text, placed below the address window. */
  body: Source(500_000).min(1),
  /** CSS of that HTML (from the visual editor). Default: empty. */
  css: Source(200_000).default(''),
});
export type LetterVariant = z.infer<typeof LetterVariant>;

export const SmsVariant = z.object({
  language: Language,
  text: z.string().trim().min(1, { message: 'Write the text of the SMS.' }).max(1600),
});
export type SmsVariant = z.infer<typeof SmsVariant>;

export const VoiceVariant = z.object({
  language: Language,
  /** What the call says, read by text-to-speech. */
  script: z.string().trim().min(1, { message: 'Write what the call says.' }).max(3000),
  ttsLocale: TtsLocale,
  voice: VoiceGender.default('female'),
});
export type VoiceVariant = z.infer<typeof VoiceVariant>;

function oneVariantPerLanguage(variants: { language: Language }[], context: z.core.$RefinementCtx<unknown>) {
  const seen = new Set<Language>();
  variants.forEach((variant, index) => {
    if (seen.has(variant.language)) {
      context.addIssue({
        code: 'custom',
        path: ['variants', index, 'language'],
        message: `There are two ${variant.language.toUpperCase()} versions; keep one per language.`,
      });
    }
    seen.add(variant.language);
  });
}

const contentFields = {
  /** The language used when the debtor's own is missing. Must have a variant. */
  fallbackLanguage: Language,
};

export const TemplateContent = z
  .discriminatedUnion('channel', [
    z.object({ channel: z.literal('email'), ...contentFields, variants: z.array(EmailVariant).min(1).max(20) }),
    z.object({ channel: z.literal('letter'), ...contentFields, variants: z.array(LetterVariant).min(1).max(20) }),
    z.object({ channel: z.literal('sms'), ...contentFields, variants: z.array(SmsVariant).min(1).max(20) }),
    z.object({ channel: z.literal('voice'), ...contentFields, variants: z.array(VoiceVariant).min(1).max(20) }),
  ])
  .superRefine((content, context) => {
    oneVariantPerLanguage(content.variants, context);
    if (!content.variants.some((variant) => variant.language === content.fallbackLanguage)) {
      context.addIssue({
        code: 'custom',
        path: ['fallbackLanguage'],
        message: `The fallback language ${content.fallbackLanguage.toUpperCase()} has no version; add it or pick another.`,
      });
    }
  });
export type TemplateContent = z.infer<typeof TemplateContent>;
export type TemplateVariantOf<C extends Channel> = Extract<TemplateContent, { channel: C }>['variants'][number];

/** The variant a debtor gets: their language, else the template's fallback. */
export function variantFor<C extends TemplateContent>(content: C, language: string): C['variants'][number] {
  const variants = content.variants as C['variants'][number][];
  return (
    variants.find((variant) => variant.language === language) ??
    variants.find((variant) => variant.language === content.fallbackLanguage)!
  );
}
