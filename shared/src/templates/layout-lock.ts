/**
 * Text-only editing: a `marketing` member may change the words of a published layout but not
 * the layout itself. The layout of an e-mail (MJML) or letter (HTML) is its element tree with
 * every attribute, except what is inside a text element (`mj-text`, `mj-button`, paragraphs,
 * headings …): two sources with the same layout differ only in their words and inline
 * formatting. Runs in the designer (to explain) and in the runtime (to refuse).
 */

import { type DunningBlockName, dunningBlocks } from './dunning-blocks.ts';

/** Elements whose content is text a marketer may rewrite. */
const textElements = new Set([
  'mj-text',
  'mj-button',
  'mj-title',
  'mj-preview',
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'td',
  'th',
  'blockquote',
  'figcaption',
]);

/** Attributes editors add on their own, which say nothing about the layout. */
const ignoredAttributes = new Set(['id', 'data-gjs-type', 'data-gjs-highlightable', 'contenteditable']);

const tokenPattern =
  /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w:-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>|([^<]+)/g;
const attributePattern = /([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

function normaliseAttributes(source: string): string {
  const attributes: string[] = [];
  for (const match of source.matchAll(attributePattern)) {
    const name = match[1]!.toLowerCase();
    if (ignoredAttributes.has(name)) continue;
    const value = (match[2] ?? match[3] ?? match[4] ?? '').replace(/\s+/g, ' ').trim();
    attributes.push(`${name}=${JSON.stringify(value)}`);
  }
  return attributes.sort().join(' ');
}

const voidElements = new Set(['br', 'img', 'hr', 'meta', 'link', 'input', 'col', 'area', 'base', 'wbr', 'source']);

/** Where the content of each text element sits in a source, in document order. */
function textContentSpans(source: string): { name: string; start: number; end: number }[] {
  const spans: { name: string; start: number; end: number }[] = [];
  let open: { name: string; depth: number; start: number } | null = null;
  for (const match of source.matchAll(tokenPattern)) {
    const [token, closing, rawName, , selfClosing, text] = match;
    if (text !== undefined || token.startsWith('<!--')) continue;
    const name = rawName!.toLowerCase();
    const at = match.index ?? 0;
    if (open) {
      if (name !== open.name) continue;
      if (closing) open.depth -= 1;
      else if (!selfClosing) open.depth += 1;
      if (open.depth === 0) {
        spans.push({ name, start: open.start, end: at });
        open = null;
      }
      continue;
    }
    if (!closing && !selfClosing && textElements.has(name)) open = { name, depth: 1, start: at + token.length };
  }
  return spans;
}

/**
 * The `original` source with the words of `edited` (the content of each text element, in
 * order) and nothing else from it: how a text-only edit is saved, so the layout stays exactly
 * as the designer wrote it whatever the visual editor does to attributes and spacing. Null when
 * the two do not have the same text elements (the layout itself was changed).
 */
export function withWordsOf(original: string, edited: string): string | null {
  const targets = textContentSpans(original);
  const sources = textContentSpans(edited);
  if (targets.length !== sources.length || targets.some((target, index) => target.name !== sources[index]!.name)) {
    return null;
  }
  let result = '';
  let cursor = 0;
  targets.forEach((target, index) => {
    const source = sources[index]!;
    result += original.slice(cursor, target.start) + edited.slice(source.start, source.end);
    cursor = target.end;
  });
  return result + original.slice(cursor);
}

/** The layout of a source as a list of lines: one per element and per piece of non-text content. */
export function layoutSignature(source: string): string[] {
  const signature: string[] = [];
  let insideText: { name: string; depth: number } | null = null;
  for (const match of source.matchAll(tokenPattern)) {
    const [token, closing, rawName, attributes, selfClosing, text] = match;
    if (token.startsWith('<!--')) continue;
    if (text !== undefined) {
      const words = text.replace(/\s+/g, ' ').trim();
      if (!insideText && words) signature.push(`text ${words}`);
      continue;
    }
    const name = rawName!.toLowerCase();
    if (insideText) {
      if (name === insideText.name) {
        if (closing) insideText.depth -= 1;
        else if (!selfClosing) insideText.depth += 1;
        if (insideText.depth === 0) {
          insideText = null;
          signature.push(`/${name}`);
        }
      }
      continue;
    }
    if (closing) {
      signature.push(`/${name}`);
      continue;
    }
    signature.push(`<${name} ${normaliseAttributes(attributes ?? '')}`.trim());
    if (selfClosing || voidElements.has(name)) continue;
    if (textElements.has(name)) insideText = { name, depth: 1 };
  }
  return signature;
}

const friendlyNames: Record<string, string> = {
  'mj-text': 'text',
  'mj-button': 'button',
  'mj-image': 'image',
  'mj-section': 'section',
  'mj-column': 'column',
  'mj-divider': 'divider',
  'mj-spacer': 'spacer',
  'mj-social': 'social links',
  'mj-raw': 'block',
  'mj-hero': 'hero',
  div: 'block',
  img: 'image',
};

/** A signature line in words: the “Open invoices” block, the “image” block. */
function describeLine(line: string | undefined): string {
  if (!line) return 'a block';
  const block = /^text \{%-?\s*(\w+)/.exec(line);
  if (block) {
    const known = dunningBlocks[block[1] as DunningBlockName];
    return `the “${known?.label ?? block[1]}” block`;
  }
  if (line.startsWith('text ')) return 'a piece of fixed text';
  const name = line.replace(/^[</]/, '').split(' ')[0]!;
  return `the “${friendlyNames[name] ?? name}” block`;
}

/** The most telling line of a stretch: a dunning block, else the first element. */
function mostTelling(lines: string[]): string | undefined {
  return lines.find((line) => /^text \{%/.test(line)) ?? lines.find((line) => line.startsWith('<')) ?? lines[0];
}

/**
 * Whether `changed` keeps the layout of `published`; if not, a sentence saying what changed
 * first (for the person who tried).
 */
export function compareLayouts(published: string, changed: string): { same: true } | { same: false; reason: string } {
  const before = layoutSignature(published);
  const after = layoutSignature(changed);
  const length = Math.max(before.length, after.length);
  for (let index = 0; index < length; index += 1) {
    if (before[index] === after[index]) continue;
    const difference = Math.abs(before.length - after.length);
    if (after.length < before.length) {
      return {
        same: false,
        reason: `${describeLine(mostTelling(before.slice(index, index + difference)))} was removed`,
      };
    }
    if (after.length > before.length) {
      return { same: false, reason: `${describeLine(mostTelling(after.slice(index, index + difference)))} was added` };
    }
    return { same: false, reason: `${describeLine(before[index])} was moved or restyled` };
  }
  return { same: true };
}
