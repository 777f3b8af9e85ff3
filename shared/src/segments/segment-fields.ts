/**
 * The documented fields a segment rule may use: facts about a case, its debtor and its open
 * invoices. Each field is defined once here — its type, its plain-language label, the column of
 * the runtime's `case_segment_facts` relation that holds it, and how its JavaScript value is read
 * from that row — so that evaluating a rule in JavaScript and compiling it to SQL cannot drift
 * apart. Debtor attributes from the ERP are reachable as `attributes.<key>` (untyped JSON).
 */
import { z } from 'zod';
import { Channel } from '../debtors/channel.ts';
import { Language } from '../i18n/language.ts';

/** How a field's values compare. `money` is a number of minor units (cents). */
export const SegmentFieldType = z.enum(['number', 'money', 'date', 'text', 'choice', 'boolean']);
export type SegmentFieldType = z.infer<typeof SegmentFieldType>;

export const SegmentFieldGroup = z.enum(['debtor', 'case', 'attributes']);
export type SegmentFieldGroup = z.infer<typeof SegmentFieldGroup>;

/**
 * One row of the `case_segment_facts` relation, as PostgreSQL returns it. The runtime selects
 * these columns; {@link segmentFactsFromRow} turns a row into the object rules are evaluated on.
 */
export const SegmentFactsRow = z.object({
  case_id: z.string(),
  case_status: z.string(),
  case_currency: z.string(),
  case_dunning_level: z.number(),
  case_open_invoices: z.number(),
  case_total_open_amount: z.number(),
  case_total_amount: z.number(),
  case_oldest_due_date: z.string().nullable(),
  debtor_external_id: z.string(),
  debtor_kind: z.string(),
  debtor_language: z.string(),
  debtor_country: z.string().nullable(),
  debtor_postal_code: z.string().nullable(),
  debtor_city: z.string().nullable(),
  debtor_email: z.string().nullable(),
  debtor_phone: z.string().nullable(),
  debtor_preferred_channel: z.string().nullable(),
  debtor_email_consent: z.boolean(),
  debtor_sms_consent: z.boolean(),
  debtor_voice_consent: z.boolean(),
  debtor_attributes: z.record(z.string(), z.json()),
});
export type SegmentFactsRow = z.infer<typeof SegmentFactsRow>;

type FactsColumn = Exclude<keyof SegmentFactsRow, 'case_id' | 'debtor_attributes'>;

export interface SegmentField {
  /** The name rules use in `{"var": "…"}`, e.g. `case.days_overdue`. */
  name: string;
  group: SegmentFieldGroup;
  type: SegmentFieldType;
  /** What a business user reads in the condition builder. */
  label: string;
  description: string;
  /** For `choice` fields: the allowed values. */
  options?: readonly string[];
  /** Whether the value can be missing (rules may test `== null`). */
  nullable: boolean;
  /**
   * The SQL expression over the facts relation aliased `f`; `today()` gives the placeholder of
   * the evaluation day (a `date` parameter), for the fields that need it.
   */
  sql: (today: () => string) => string;
  /** The JavaScript value of the field for a facts row, on `today` (`YYYY-MM-DD`). */
  value: (row: SegmentFactsRow, today: string) => string | number | boolean | null;
}

const column =
  (name: FactsColumn) =>
  (row: SegmentFactsRow): string | number | boolean | null =>
    row[name];

function field(
  name: string,
  type: SegmentFieldType,
  label: string,
  description: string,
  columnName: FactsColumn,
  extra: { nullable?: boolean; options?: readonly string[] } = {},
): SegmentField {
  return {
    name,
    group: name.startsWith('debtor.') ? 'debtor' : 'case',
    type,
    label,
    description,
    nullable: extra.nullable ?? false,
    ...(extra.options ? { options: extra.options } : {}),
    sql: () => `f.${columnName}`,
    value: column(columnName),
  };
}

const dayMs = 86_400_000;

/** Whole days from `from` to `to`, both `YYYY-MM-DD` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);
}

export const segmentFields: readonly SegmentField[] = [
  field('debtor.external_id', 'text', 'Debtor number', 'The debtor’s id in the ERP.', 'debtor_external_id'),
  field('debtor.kind', 'choice', 'Person or company', 'Whether the debtor is a person or a company.', 'debtor_kind', {
    options: ['person', 'company'],
  }),
  field('debtor.language', 'choice', 'Language', 'The language the debtor is written to in.', 'debtor_language', {
    options: Language.options,
  }),
  field('debtor.country', 'text', 'Country', 'Two-letter country code of the postal address.', 'debtor_country', {
    nullable: true,
  }),
  field('debtor.postal_code', 'text', 'Postal code', 'Postal code of the address.', 'debtor_postal_code', {
    nullable: true,
  }),
  field('debtor.city', 'text', 'City', 'City of the postal address.', 'debtor_city', { nullable: true }),
  field('debtor.email', 'text', 'E-mail address', 'The debtor’s e-mail address.', 'debtor_email', { nullable: true }),
  field('debtor.phone', 'text', 'Phone number', 'The debtor’s phone number (+31…).', 'debtor_phone', {
    nullable: true,
  }),
  {
    ...field('debtor.has_email', 'boolean', 'Has an e-mail address', 'An e-mail address is known.', 'debtor_email'),
    sql: () => '(f.debtor_email is not null)',
    value: (row) => row.debtor_email !== null,
  },
  {
    ...field('debtor.has_phone', 'boolean', 'Has a phone number', 'A phone number is known.', 'debtor_phone'),
    sql: () => '(f.debtor_phone is not null)',
    value: (row) => row.debtor_phone !== null,
  },
  {
    ...field(
      'debtor.has_address',
      'boolean',
      'Has a postal address',
      'A postal address is known.',
      'debtor_postal_code',
    ),
    sql: () => '(f.debtor_postal_code is not null)',
    value: (row) => row.debtor_postal_code !== null,
  },
  field(
    'debtor.preferred_channel',
    'choice',
    'Preferred channel',
    'The channel the debtor chose, if any.',
    'debtor_preferred_channel',
    { options: Channel.options, nullable: true },
  ),
  field(
    'debtor.email_consent',
    'boolean',
    'E-mail consent',
    'The debtor agreed to e-mail contact.',
    'debtor_email_consent',
  ),
  field('debtor.sms_consent', 'boolean', 'SMS consent', 'The debtor agreed to text messages.', 'debtor_sms_consent'),
  field(
    'debtor.voice_consent',
    'boolean',
    'Phone call consent',
    'The debtor agreed to automated calls.',
    'debtor_voice_consent',
  ),
  field('case.status', 'choice', 'Case status', 'Open, paused, paid or closed.', 'case_status', {
    options: ['open', 'paused', 'paid', 'closed'],
  }),
  field('case.currency', 'text', 'Currency', 'ISO currency code of the case, e.g. EUR.', 'case_currency'),
  field(
    'case.dunning_level',
    'number',
    'Dunning level',
    'How many reminder stages the case has passed (set by flows).',
    'case_dunning_level',
  ),
  field(
    'case.open_invoices',
    'number',
    'Open invoices',
    'Number of unpaid invoices in the case.',
    'case_open_invoices',
  ),
  field(
    'case.total_open_amount',
    'money',
    'Total open amount',
    'What is still owed on all open invoices, in cents.',
    'case_total_open_amount',
  ),
  field(
    'case.total_amount',
    'money',
    'Total invoiced',
    'The full amount of all invoices in the case, in cents.',
    'case_total_amount',
  ),
  field(
    'case.oldest_due_date',
    'date',
    'Oldest due date',
    'Due date of the oldest open invoice.',
    'case_oldest_due_date',
    { nullable: true },
  ),
  {
    ...field(
      'case.days_overdue',
      'number',
      'Days overdue',
      'Days since the oldest open invoice fell due (0 when nothing is open).',
      'case_oldest_due_date',
    ),
    sql: (today) => `coalesce(${today()} - f.case_oldest_due_date, 0)`,
    value: (row, today) => (row.case_oldest_due_date === null ? 0 : daysBetween(row.case_oldest_due_date, today)),
  },
];

const fieldsByName = new Map(segmentFields.map((entry) => [entry.name, entry]));

/** The prefix of debtor attribute fields: `attributes.tariff`, `attributes.contract.type`. */
export const attributePrefix = 'attributes.';

/** An attribute key path: dot-separated keys of letters, digits, `_` and `-`, not starting with a digit. */
const attributePath = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/;

/**
 * Keys that JavaScript resolves on any JSON value through its prototype (`"abc".length`,
 * `{}.constructor`) while SQL finds nothing: refused, so that both sides read the same data.
 */
const builtInKeys = new Set(
  [Object.prototype, String.prototype, Array.prototype, Number.prototype, Boolean.prototype].flatMap((prototype) =>
    Object.getOwnPropertyNames(prototype),
  ),
);

export type ResolvedSegmentField =
  | { kind: 'field'; field: SegmentField }
  | { kind: 'attribute'; name: string; path: string[] };

/** Finds a field by the name a rule uses, or null if there is no such field. */
export function resolveSegmentField(name: string): ResolvedSegmentField | null {
  const known = fieldsByName.get(name);
  if (known) return { kind: 'field', field: known };
  if (name.startsWith(attributePrefix)) {
    const path = name.slice(attributePrefix.length);
    const keys = path.split('.');
    if (attributePath.test(path) && !keys.some((key) => builtInKeys.has(key)))
      return { kind: 'attribute', name, path: keys };
  }
  return null;
}

/** Segment facts of a case: the nested object `{"var": "debtor.language"}` reads from. */
export type SegmentFacts = {
  debtor: Record<string, string | number | boolean | null>;
  case: Record<string, string | number | boolean | null>;
  attributes: Record<string, z.core.util.JSONType>;
};

/** Builds the facts a rule is evaluated on from a `case_segment_facts` row, on `today`. */
export function segmentFactsFromRow(row: SegmentFactsRow, today: string): SegmentFacts {
  const facts: SegmentFacts = { debtor: {}, case: {}, attributes: row.debtor_attributes };
  for (const entry of segmentFields) {
    const [group, key] = entry.name.split('.') as ['debtor' | 'case', string];
    facts[group][key] = entry.value(row, today);
  }
  return facts;
}

/** The value of a field (`case.oldest_due_date`, `attributes.tariff`) in facts, or null. */
export function segmentFieldValue(facts: SegmentFacts, name: string): unknown {
  let value: unknown = facts;
  for (const key of name.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return null;
    value = (value as Record<string, unknown>)[key];
  }
  return value ?? null;
}
