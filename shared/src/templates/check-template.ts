/**
 * The save-time check of a template: Liquid syntax, merge tags against the variable catalog,
 * filters and blocks that exist, a paylink in every reminder. Runs in the designer as you type
 * and in the runtime before saving, so an unknown variable is an error at save time, never a
 * surprise at send time.
 */
import { Liquid, Tag } from 'liquidjs';
import type { Channel } from '../debtors/channel.ts';
import type { Language } from '../i18n/language.ts';
import { dunningBlockNames } from './dunning-blocks.ts';
import type { TemplateContent } from './template-content.ts';
import { templateFilterNames } from './template-filters.ts';
import { templateVariableObjects, templateVariablePaths } from './template-variables.ts';

export interface TemplateProblem {
  language: Language;
  /** The field of the variant, e.g. `body`, `subjects.1`, `text`. */
  field: string;
  message: string;
  line?: number;
  column?: number;
}

class BlockPlaceholder extends Tag {
  render(): string {
    return '';
  }
}

function checker(channel: Channel): Liquid {
  const engine = new Liquid({ strictFilters: true });
  for (const name of templateFilterNames) engine.registerFilter(name, (value: unknown) => value);
  if (channel === 'email' || channel === 'letter') {
    for (const name of dunningBlockNames) engine.registerTag(name, BlockPlaceholder);
  }
  return engine;
}

const engines = new Map<Channel, Liquid>();
function engineFor(channel: Channel): Liquid {
  let engine = engines.get(channel);
  if (!engine) {
    engine = checker(channel);
    engines.set(channel, engine);
  }
  return engine;
}

/** Liquid's own messages end in `, line:3, col:7`; say the same in words. */
function syntaxProblem(error: Error, language: Language, field: string, channel: Channel): TemplateProblem {
  const position = /,? line:(\d+), col:(\d+)/.exec(error.message);
  let message = error.message.replace(/,? line:\d+, col:\d+[\s\S]*$/, '').trim();
  const filter = /^undefined filter: (\S+)/.exec(message);
  const tag = /^tag "?([\w-]+)"? not found/.exec(message);
  if (filter)
    message = `There is no filter “${filter[1]}”. Filters you can use: ${templateFilterNames.join(', ')} and Liquid’s own.`;
  else if (tag && (dunningBlockNames as readonly string[]).includes(tag[1]!)) {
    message = `The block “${tag[1]}” is for e-mails and letters; it cannot be used in ${channel === 'sms' ? 'an SMS' : 'a phone call'}.`;
  } else if (tag) message = `There is no tag “${tag[1]}”.`;
  else message = `The template cannot be read: ${message}.`;
  return {
    language,
    field,
    message,
    ...(position ? { line: Number(position[1]), column: Number(position[2]) } : {}),
  };
}

function isKnownPath(path: string, loopVariable: boolean): boolean {
  if (loopVariable) return templateVariablePaths.has(path) || path === 'invoice';
  return templateVariablePaths.has(path) || templateVariableObjects.has(path);
}

/** Problems of one piece of template text (a subject line, a body, an SMS). */
export function checkTemplateText(
  channel: Channel,
  text: string,
  language: Language,
  field: string,
): { problems: TemplateProblem[]; paths: Set<string>; blocks: Set<string> } {
  const engine = engineFor(channel);
  const problems: TemplateProblem[] = [];
  const paths = new Set<string>();
  const blocks = new Set<string>();
  let analysis: ReturnType<Liquid['parseAndAnalyzeSync']>;
  try {
    const templates = engine.parse(text);
    for (const match of text.matchAll(/\{%-?\s*([a-z_]+)/g)) {
      if ((dunningBlockNames as readonly string[]).includes(match[1]!)) blocks.add(match[1]!);
    }
    analysis = engine.analyzeSync(templates);
  } catch (error) {
    return { problems: [syntaxProblem(error as Error, language, field, channel)], paths, blocks };
  }
  const reported = new Set<string>();
  const report = (path: string, location: { row: number; col: number }) => {
    paths.add(path);
    if (reported.has(path)) return;
    reported.add(path);
    const root = path.split('.')[0];
    const hint =
      root === 'invoice'
        ? ' Invoice fields work inside {% for invoice in invoices %} … {% endfor %}.'
        : ' Pick one from the variable list.';
    problems.push({
      language,
      field,
      message: `“{{ ${path} }}” is not a variable Collectflow knows.${hint}`,
      line: location.row,
      column: location.col,
    });
  };
  for (const variables of Object.values(analysis.globals)) {
    for (const variable of variables) {
      const path = variable.toString();
      if (isKnownPath(path, false) && !path.startsWith('invoice.')) paths.add(path);
      else report(path, variable.location);
    }
  }
  const loopRoots = new Set(Object.keys(analysis.variables).filter((name) => !(name in analysis.globals)));
  for (const root of loopRoots) {
    if (root !== 'invoice') continue;
    for (const variable of analysis.variables[root]!) {
      const path = variable.toString();
      if (isKnownPath(path, true)) paths.add(path);
      else report(path, variable.location);
    }
  }
  return { problems, paths, blocks };
}

/** Every problem of a template's content, across its languages. */
export function checkTemplateContent(content: TemplateContent): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  for (const variant of content.variants) {
    const fields: [string, string][] = [];
    switch (content.channel) {
      case 'email': {
        const email = variant as Extract<TemplateContent, { channel: 'email' }>['variants'][number];
        for (const [index, subject] of email.subjects.entries()) fields.push([`subjects.${index}`, subject]);
        fields.push(['preheader', email.preheader], ['body', email.body]);
        break;
      }
      case 'letter': {
        const letter = variant as Extract<TemplateContent, { channel: 'letter' }>['variants'][number];
        fields.push(['subject', letter.subject], ['body', letter.body]);
        break;
      }
      case 'sms':
        fields.push(['text', (variant as { text: string }).text]);
        break;
      case 'voice':
        fields.push(['script', (variant as { script: string }).script]);
        break;
    }
    let carriesPaylink = false;
    for (const [field, text] of fields) {
      const checked = checkTemplateText(content.channel, text, variant.language, field);
      problems.push(...checked.problems);
      if (checked.paths.has('paylink.url') || checked.blocks.has('pay_button') || checked.blocks.has('payment_qr')) {
        carriesPaylink = true;
      }
    }
    const wantsPaylink = content.channel !== 'voice';
    if (wantsPaylink && !carriesPaylink && !problems.some((problem) => problem.language === variant.language)) {
      problems.push({
        language: variant.language,
        field: content.channel === 'sms' ? 'text' : 'body',
        message:
          content.channel === 'sms'
            ? 'Add the paylink ({{ paylink.url }}): every reminder lets the debtor pay in one tap.'
            : 'Add the paylink: the “Pay button” or “Payment QR code” block, or {{ paylink.url }}. Every reminder lets the debtor pay in one tap.',
      });
    }
  }
  return problems;
}
