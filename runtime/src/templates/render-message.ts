/**
 * Rendering one message from a compiled template version: pick the debtor's language (or the
 * fallback), fill the variables with LiquidJS, and for e-mail derive the plain-text alternative.
 * Parsed templates are cached by source, so a campaign parses each template once.
 */
import { type Language, type RenderedMessage, TtsLocale, ttsLocaleFor } from '@collectflow/shared';
import { compile } from 'html-to-text';
import type { Template } from 'liquidjs';
import type { CompiledTemplate, CompiledVariant } from './compile-template.ts';
import { htmlLiquid, textLiquid } from './liquid-engines.ts';
import { buildMessageData, type MessageFacts } from './message-data.ts';

// One cache per engine, keyed by the source itself: the source strings of cached template
// versions are the same objects message after message, so the key's hash is computed once.
const parsedBy = new Map<typeof htmlLiquid, Map<string, Template[]>>([
  [htmlLiquid, new Map()],
  [textLiquid, new Map()],
]);
const cacheLimit = 1000;

function parse(engine: typeof htmlLiquid, source: string): Template[] {
  const parsed = parsedBy.get(engine)!;
  let templates = parsed.get(source);
  if (!templates) {
    templates = engine.parse(source);
    if (parsed.size >= cacheLimit) parsed.delete(parsed.keys().next().value!);
    parsed.set(source, templates);
  }
  return templates;
}

async function fill(engine: typeof htmlLiquid, source: string, data: object): Promise<string> {
  const output: string = await engine.render(parse(engine, source), data);
  // Number formats put no-break spaces in amounts (`€ 12,50`): right in HTML, but in an SMS one
  // of them would switch the whole message to UCS-2 and halve its length.
  return engine === textLiquid ? output.replace(/[\u00a0\u202f]/g, ' ') : output;
}

export function chooseVariant(compiled: CompiledTemplate, language: string): CompiledVariant {
  return (
    compiled.variants.find((variant) => variant.language === language) ??
    compiled.variants.find((variant) => variant.language === compiled.fallbackLanguage)!
  );
}

// Compiled once: html-to-text builds its formatter from the options, which costs more than a message.
const toPlainText = compile({
  wordwrap: 78,
  baseElements: { selectors: ['body'] },
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    // Layout tables read as text; the invoice table (class cf-data) as a table.
    { selector: 'table.cf-data', format: 'dataTable', options: { uppercaseHeaderCells: false } },
  ],
});

export function plainTextOf(html: string): string {
  return toPlainText(html).trim();
}

/**
 * Renders the variant for the debtor's language. `facts.language` is set to the variant's
 * language, so amounts and dates follow the words they stand in.
 */
export async function renderMessage(
  compiled: CompiledTemplate,
  facts: Omit<MessageFacts, 'language' | 'channel'> & { debtorLanguage: string },
  options: { subjectIndex?: number } = {},
): Promise<RenderedMessage> {
  const variant = chooseVariant(compiled, facts.debtorLanguage);
  const language = variant.language as Language;
  const data = buildMessageData({ ...facts, language, channel: variant.channel });
  switch (variant.channel) {
    case 'email': {
      const subject = variant.subjects[(options.subjectIndex ?? 0) % variant.subjects.length]!;
      const html = await fill(htmlLiquid, variant.html, data);
      return {
        channel: 'email',
        language,
        subject: await fill(textLiquid, subject, data),
        html,
        text: plainTextOf(html),
      };
    }
    case 'letter': {
      const html = await fill(htmlLiquid, variant.html, data);
      return {
        channel: 'letter',
        language,
        subject: await fill(textLiquid, variant.subject, data),
        html,
        text: plainTextOf(html),
      };
    }
    case 'sms':
      return {
        channel: 'sms',
        language,
        subject: null,
        html: null,
        text: (await fill(textLiquid, variant.text, data)).trim(),
      };
    case 'voice':
      return {
        channel: 'voice',
        language,
        subject: null,
        html: null,
        text: (await fill(textLiquid, variant.script, data)).trim(),
        // Versions compiled before a locale left the list keep speaking, in the language's usual one.
        speech: { locale: TtsLocale.catch(ttsLocaleFor(language)).parse(variant.ttsLocale), voice: variant.voice },
      };
  }
}
