/**
 * Compiling a template once, when a version is published: e-mail MJML becomes HTML with its CSS
 * inlined (MJML's own table layout that Outlook, Gmail and Apple Mail render alike), letters get
 * their A4 page. What is left for each message is the Liquid step. The brand kit stays a Liquid
 * reference, so a brand change restyles published templates at their next send.
 */
import {
  brandStyleReferences,
  type EmailVariant,
  type Language,
  type TemplateContent,
  type VoiceGender,
  withBrandMjml,
} from '@collectflow/shared';
import mjml2html from 'mjml';
import { letterPage } from './letter-page.ts';

export type CompiledVariant =
  | { channel: 'email'; language: Language; subjects: string[]; html: string }
  | { channel: 'letter'; language: Language; subject: string; html: string }
  | { channel: 'sms'; language: Language; text: string }
  | { channel: 'voice'; language: Language; script: string; ttsLocale: string; voice: VoiceGender };

export interface CompiledTemplate {
  fallbackLanguage: Language;
  variants: CompiledVariant[];
}

export class TemplateCompileError extends Error {
  constructor(
    readonly language: Language,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function mjmlWithPreheader(variant: EmailVariant): string {
  const source = withBrandMjml(variant.body, brandStyleReferences);
  if (!variant.preheader.trim()) return source;
  return source.replace(/<mj-head>/, `<mj-head><mj-preview>${variant.preheader}</mj-preview>`);
}

async function compileEmail(variant: EmailVariant): Promise<CompiledVariant> {
  let result: Awaited<ReturnType<typeof mjml2html>>;
  try {
    result = await mjml2html(mjmlWithPreheader(variant), { validationLevel: 'soft', keepComments: false });
  } catch (error) {
    throw new TemplateCompileError(
      variant.language,
      'body',
      `The e-mail layout cannot be read: ${(error as Error).message}`,
    );
  }
  // Liquid in attributes (colours from the brand) is not a colour MJML knows: not a problem.
  const real = result.errors.filter((error) => !/\{\{|\{%/.test(error.message) && !/cf-brand/.test(error.message));
  if (real.length > 0 && !result.html) {
    throw new TemplateCompileError(
      variant.language,
      'body',
      `The e-mail layout has errors: ${real[0]!.formattedMessage}`,
    );
  }
  return { channel: 'email', language: variant.language, subjects: variant.subjects, html: result.html };
}

export async function compileTemplate(content: TemplateContent): Promise<CompiledTemplate> {
  const variants: CompiledVariant[] = [];
  for (const variant of content.variants) {
    switch (content.channel) {
      case 'email':
        variants.push(await compileEmail(variant as EmailVariant));
        break;
      case 'letter': {
        const letter = variant as Extract<TemplateContent, { channel: 'letter' }>['variants'][number];
        variants.push({
          channel: 'letter',
          language: letter.language,
          subject: letter.subject,
          html: letterPage({ subject: letter.subject, body: letter.body, css: letter.css, language: letter.language }),
        });
        break;
      }
      case 'sms':
        variants.push({ channel: 'sms', language: variant.language, text: (variant as { text: string }).text });
        break;
      case 'voice': {
        const voice = variant as Extract<TemplateContent, { channel: 'voice' }>['variants'][number];
        variants.push({
          channel: 'voice',
          language: voice.language,
          script: voice.script,
          ttsLocale: voice.ttsLocale,
          voice: voice.voice,
        });
        break;
      }
    }
  }
  return { fallbackLanguage: content.fallbackLanguage, variants };
}
