/**
 * The property that makes set-based enrolment trustworthy: for any valid segment rule and any
 * data, the SQL the rule compiles to selects exactly the cases that json-logic-js matches in
 * JavaScript. Random rules (fast-check) over random debtors, cases and invoices — including
 * missing values, empty texts, cases without invoices and attributes of every JSON shape.
 */
import {
  analyseSegmentRule,
  compileSegmentRule,
  evaluateSegment,
  isWellFormedText,
  Language,
  SegmentFactsRow,
  segmentFactsFromRow,
  segmentFields,
} from '@collectflow/shared';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { createWorkspace } from '../workspaces/workspace-queries.ts';
import { segmentFactsColumns } from './case-facts.ts';

const db = useTestDatabase();
const today = '2026-11-23';
const attributeKeys = ['tariff', 'score', 'vip', 'contract', 'segment'] as const;

const text = fc.oneof(
  fc.constantFrom('', 'nl', 'Amsterdam', 'Köln', "O'Brien", 'a%b_c', 'back\\slash', '“quoted”', 'zoë@example.nl'),
  // Rule texts with broken UTF-16 are refused by the analyser (a test in shared); data may hold them.
  fc.string({ maxLength: 8, unit: 'grapheme' }).filter(isWellFormedText),
);
const scalar = fc.oneof(
  text,
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.boolean(),
  fc.constant(null),
);
const attributeValue = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.dictionary(fc.constantFrom(...attributeKeys), scalar, { maxKeys: 3 }),
);
const date = fc
  .integer({ min: -200, max: 200 })
  .map((offset) => new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10));

const debtorArb = fc.record({
  kind: fc.constantFrom('person', 'company'),
  language: fc.constantFrom(...Language.options),
  country: fc.option(fc.constantFrom('NL', 'DE', 'BE'), { nil: null }),
  postal_code: fc.option(fc.constantFrom('1011 AB', '50667', ''), { nil: null }),
  city: fc.option(text, { nil: null }),
  email: fc.option(fc.constantFrom('', 'jan@example.nl', 'gone@example.invalid', 'info@bedrijf.example.com'), {
    nil: null,
  }),
  phone: fc.option(fc.constantFrom('+31612345678', '+4915112345678'), { nil: null }),
  preferred_channel: fc.option(fc.constantFrom('email', 'sms', 'letter', 'voice'), { nil: null }),
  consents: fc.dictionary(
    fc.constantFrom('email', 'sms', 'voice'),
    fc.boolean().map((granted) => ({ granted, at: '2026-01-01T00:00:00Z', source: 'test' })),
  ),
  attributes: fc.dictionary(fc.constantFrom(...attributeKeys), attributeValue, { maxKeys: 4 }),
  status: fc.constantFrom('open', 'open', 'open', 'paused', 'paid', 'closed'),
  dunning_level: fc.integer({ min: 0, max: 5 }),
  invoices: fc.array(
    fc.record({
      amount: fc.integer({ min: 0, max: 500_000 }),
      openShare: fc.constantFrom(0, 0.5, 1),
      status: fc.constantFrom('open', 'open', 'paid', 'cancelled', 'disputed'),
      due: date,
    }),
    { maxLength: 3 },
  ),
});

type Debtor = typeof debtorArb extends fc.Arbitrary<infer T> ? T : never;

async function insertData(workspaceId: string, debtors: Debtor[]) {
  for (const [index, debtor] of debtors.entries()) {
    const { rows } = await db.pool.query<{ debtor_id: string; case_id: string }>(
      `with d as (
         insert into debtors (workspace_id, external_id, kind, last_name, company_name, language, email, phone,
                              postal_code, city, country_code, preferred_channel, consents, attributes)
         values ($1, $2, $3::debtor_kind, 'Jansen', 'Jansen B.V.', $4, $5, $6, $7, $8, $9, $10::channel, $11, $12)
         returning id
       )
       insert into cases (workspace_id, debtor_id, status, currency, dunning_level, closed_at)
       select $1, d.id, $13::case_status, 'EUR', $14, case when $13 in ('paid', 'closed') then now() end from d
       returning debtor_id, id as case_id`,
      [
        workspaceId,
        `P-${index}`,
        debtor.kind,
        debtor.language,
        debtor.email,
        debtor.phone,
        debtor.postal_code,
        debtor.city,
        debtor.country,
        debtor.preferred_channel,
        JSON.stringify(debtor.consents),
        JSON.stringify(debtor.attributes),
        debtor.status,
        debtor.dunning_level,
      ],
    );
    for (const [number, invoice] of debtor.invoices.entries()) {
      await db.pool.query(
        `insert into invoices (workspace_id, debtor_id, case_id, external_id, amount_minor, open_amount_minor, currency,
                               issue_date, due_date, status)
         values ($1, $2, $3, $4, $5, $6, 'EUR', $7::date - 14, $7, $8::invoice_status)`,
        [
          workspaceId,
          rows[0]!.debtor_id,
          rows[0]!.case_id,
          `P-${index}-${number}`,
          invoice.amount,
          Math.round(invoice.amount * invoice.openShare),
          invoice.due,
          invoice.status,
        ],
      );
    }
  }
}

/** Literals for a field: mostly values that occur in the data, so rules select something. */
function ruleArbitrary(samples: Map<string, unknown[]>): fc.Arbitrary<unknown> {
  const typed = segmentFields;
  const sampleOf = (name: string, fallback: fc.Arbitrary<unknown>) => {
    const seen = (samples.get(name) ?? []).filter((value) => value !== null);
    return seen.length > 0 ? fc.oneof(fc.constantFrom(...seen), fallback) : fallback;
  };
  const literalFor = (field: (typeof typed)[number]): fc.Arbitrary<unknown> => {
    switch (field.type) {
      case 'number':
      case 'money':
        return sampleOf(
          field.name,
          fc.oneof(
            fc.integer({ min: -10, max: 600_000 }),
            fc.double({ noNaN: true, noDefaultInfinity: true, min: -10, max: 1e6 }),
          ),
        );
      case 'date':
        return sampleOf(field.name, date);
      case 'boolean':
        return fc.boolean();
      case 'choice':
        return fc.constantFrom(...field.options!);
      case 'text':
        return sampleOf(field.name, text);
    }
  };
  const field = fc.constantFrom(...typed);
  const v = (name: string) => ({ var: name });
  const flip = (op: string, a: unknown, b: unknown) =>
    fc.boolean().map((fieldFirst) => ({ [op]: fieldFirst ? [a, b] : [b, a] }));

  const equality = field.chain((entry) =>
    fc
      .tuple(
        fc.constantFrom('==', '!=', '===', '!=='),
        fc.oneof({ weight: 5, arbitrary: literalFor(entry) }, { weight: 1, arbitrary: fc.constant(null) }),
      )
      .chain(([op, value]) => flip(op, v(entry.name), value)),
  );
  const ordered = fc.constantFrom(...typed.filter((entry) => ['number', 'money', 'date'].includes(entry.type)));
  const order = ordered.chain((entry) =>
    fc.oneof(
      fc
        .tuple(fc.constantFrom('<', '<=', '>', '>='), literalFor(entry))
        .chain(([op, value]) => flip(op, v(entry.name), value)),
      fc
        .tuple(fc.constantFrom('<', '<='), literalFor(entry), literalFor(entry))
        .map(([op, low, high]) => ({ [op]: [low, v(entry.name), high] })),
    ),
  );
  const listable = fc.constantFrom(
    ...typed.filter((entry) => ['number', 'money', 'text', 'choice'].includes(entry.type)),
  );
  const inList = listable.chain((entry) =>
    fc.array(literalFor(entry), { maxLength: 4 }).map((values) => ({ in: [v(entry.name), values] })),
  );
  const texts = fc.constantFrom(...typed.filter((entry) => entry.type === 'text'));
  const contains = texts.chain((entry) =>
    sampleOf(`${entry.name}:parts`, text).map((needle) => ({ in: [needle, v(entry.name)] })),
  );
  const booleans = fc.constantFrom(...typed.filter((entry) => entry.type === 'boolean')).map((entry) => v(entry.name));
  const attribute = fc.constantFrom(...attributeKeys, 'contract.tariff', 'missing').map((key) => `attributes.${key}`);
  const attributeScalar = sampleOf('attributes', fc.oneof(text, fc.integer({ min: -5, max: 5 }), fc.boolean()));
  const attributeRule = fc.oneof(
    fc
      .tuple(attribute, fc.constantFrom('===', '!=='), fc.oneof(attributeScalar, fc.constant(null)))
      .chain(([name, op, value]) => flip(op, v(name), value)),
    fc.tuple(attribute, fc.constantFrom('==', '!=')).chain(([name, op]) => flip(op, v(name), null)),
    fc
      .tuple(attribute, fc.array(attributeScalar, { maxLength: 3 }))
      .map(([name, values]) => ({ in: [v(name), values] })),
  );
  const atom = fc.oneof(equality, order, inList, contains, booleans, attributeRule, fc.boolean());
  const { condition } = fc.letrec<{ condition: unknown }>((tie) => ({
    condition: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      atom,
      fc.array(tie('condition'), { minLength: 1, maxLength: 3 }).map((conditions) => ({ and: conditions })),
      fc.array(tie('condition'), { minLength: 1, maxLength: 3 }).map((conditions) => ({ or: conditions })),
      tie('condition').map((inner) => ({ '!': inner })),
      tie('condition').map((inner) => ({ '!': [inner] })),
    ),
  }));
  return condition;
}

let workspaceId: string;
let rows: SegmentFactsRow[];
let samples: Map<string, unknown[]>;

beforeAll(async () => {
  workspaceId = (await createWorkspace(db.pool, 'Segment agreement')).id;
  const seed = Date.now() % 1_000_000;
  console.info(`segment agreement data seed: ${seed}`);
  const debtors = fc.sample(debtorArb, { numRuns: 120, seed });
  await insertData(workspaceId, debtors);
  const result = await db.pool.query<SegmentFactsRow>(
    `select ${segmentFactsColumns} from case_segment_facts f where f.workspace_id = $1`,
    [workspaceId],
  );
  rows = result.rows.map((row) => SegmentFactsRow.parse(row));
  samples = new Map();
  for (const row of rows) {
    const facts = segmentFactsFromRow(row, today);
    for (const entry of segmentFields) {
      const value = entry.value(row, today);
      samples.set(entry.name, [...(samples.get(entry.name) ?? []), value]);
      if (entry.type === 'text' && typeof value === 'string' && value.length > 1) {
        const part = Array.from(value).slice(1, 3).join('');
        if (isWellFormedText(part))
          samples.set(`${entry.name}:parts`, [...(samples.get(`${entry.name}:parts`) ?? []), part]);
      }
    }
    for (const value of Object.values(facts.attributes)) {
      if (value === null || typeof value !== 'object')
        samples.set('attributes', [...(samples.get('attributes') ?? []), value]);
    }
  }
}, 60_000);

describe('segment rules in JavaScript and in SQL', () => {
  it('select exactly the same cases, for random rules over random data', async () => {
    expect(rows.length).toBe(120);
    const selected = new Set<number>();
    await fc.assert(
      fc.asyncProperty(ruleArbitrary(samples), async (rule) => {
        const analysed = analyseSegmentRule(rule);
        expect(analysed.ok ? [] : analysed.problems, JSON.stringify(rule)).toEqual([]);
        const compiled = compileSegmentRule(rule, { today, firstParam: 2 });
        if (!compiled.ok) throw new Error('compiles after analysis');
        const inSql = await db.pool.query<{ case_id: string }>(
          `select f.case_id from case_segment_facts f where f.workspace_id = $1 and ${compiled.sql}`,
          [workspaceId, ...compiled.params],
        );
        const inJs = rows
          .filter((row) => evaluateSegment(rule, segmentFactsFromRow(row, today)))
          .map((row) => row.case_id);
        expect(inSql.rows.map((row) => row.case_id).sort(), JSON.stringify(rule)).toEqual(inJs.sort());
        selected.add(inJs.length);
      }),
      { numRuns: 400 },
    );
    // The rules were not all trivially empty or all-matching.
    expect([...selected].some((count) => count > 0 && count < rows.length)).toBe(true);
  });
});
