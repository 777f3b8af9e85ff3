/**
 * The two LiquidJS engines every message goes through: one for HTML (e-mail and letters) that
 * escapes every output, and one for plain text (SMS, call scripts, subject lines). Both are
 * sandboxed by design (no code, no file access: templates are not loaded from disk), know our
 * filters, and refuse unknown filters. HTML also knows the dunning blocks.
 */
import { dunningBlockNames, type Language, type TemplateFilterName, type Tone } from '@collectflow/shared';
import { type Context, Liquid, Tag, type TagToken, type TopLevelToken } from 'liquidjs';
import { dunningBlockHtml } from './dunning-block-html.ts';
import type { MessageData } from './message-data.ts';
import { formatLongDate, formatShortDate } from './message-locale.ts';
import { DateValue, MoneyValue } from './message-values.ts';
import { salutation } from './salutation.ts';

function languageOf(context: { getAll(): unknown }): Language {
  return ((context.getAll() as MessageData)._facts?.language ?? 'en') as Language;
}

function isoOf(value: unknown): string | null {
  if (value instanceof DateValue) return value.iso;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
  return null;
}

function registerFilters(engine: Liquid): void {
  const filters: Record<
    TemplateFilterName,
    (this: { context: Context }, value: unknown, ...args: unknown[]) => unknown
  > = {
    money(value) {
      if (value instanceof MoneyValue) return value.valueOf();
      const data = this.context.getAll() as MessageData;
      const amount = Number(value);
      if (!Number.isFinite(amount)) return value;
      return new MoneyValue(Math.round(amount * 100), data._facts.currency, languageOf(this.context)).valueOf();
    },
    short_date(value) {
      const iso = isoOf(value);
      return iso ? formatShortDate(iso, languageOf(this.context)) : value;
    },
    long_date(value) {
      const iso = isoOf(value);
      return iso ? formatLongDate(iso, languageOf(this.context)) : value;
    },
    salutation(value, tone) {
      const debtor = value as MessageData['debtor'] | undefined;
      if (!debtor || typeof debtor !== 'object' || !('kind' in debtor)) return value;
      const chosen: Tone = tone === 'informal' || tone === 'formal' ? tone : debtor.tone;
      return salutation(
        { kind: debtor.kind, firstName: debtor.first_name || null, lastName: debtor.last_name || null },
        languageOf(this.context),
        chosen,
      );
    },
  };
  for (const [name, filter] of Object.entries(filters)) engine.registerFilter(name, filter);
}

function blockTag(name: keyof typeof dunningBlockHtml) {
  return class extends Tag {
    constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
      super(token, remainTokens, liquid);
    }
    *render(context: Context): Generator<unknown, string, string> {
      const data = context.getAll() as MessageData;
      const html = yield Promise.resolve(dunningBlockHtml[name](data));
      // In e-mails a block sits in an <mj-raw> among a column's rows: give it a row of its own,
      // padded like MJML's text, so the HTML stays valid (a bare table inside <tbody> is not).
      if (data._facts.channel === 'email') return `<tr><td align="left" style="padding:10px 25px;">${html}</td></tr>`;
      return html;
    }
  };
}

function createEngine(html: boolean): Liquid {
  const engine = new Liquid({
    strictFilters: true,
    // Missing values print as nothing; the save-time check already refused unknown names.
    strictVariables: false,
    outputEscape: html ? 'escape' : undefined,
    // Templates come from the database only: no file system, no partials from disk.
    fs: {
      exists: async () => false,
      existsSync: () => false,
      readFile: async (file: string) => {
        throw new Error(`templates cannot include files (${file})`);
      },
      readFileSync: (file: string) => {
        throw new Error(`templates cannot include files (${file})`);
      },
      resolve: (_root: string, file: string) => file,
    },
    relativeReference: false,
    ownPropertyOnly: true,
  });
  registerFilters(engine);
  if (html) for (const name of dunningBlockNames) engine.registerTag(name, blockTag(name));
  return engine;
}

export const htmlLiquid = createEngine(true);
export const textLiquid = createEngine(false);
