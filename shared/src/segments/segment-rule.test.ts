import { describe, expect, it } from 'vitest';
import { analyseSegmentRule } from './segment-rule.ts';
import { compileSegmentRule } from './segment-sql.ts';

function problems(rule: unknown): string[] {
  const result = analyseSegmentRule(rule);
  return result.ok ? [] : result.problems.map((problem) => `${problem.path}: ${problem.message}`);
}

describe('segment rules', () => {
  it('accepts the typed subset of JsonLogic', () => {
    const rules: unknown[] = [
      true,
      { var: 'debtor.has_email' },
      { '!': { var: 'debtor.sms_consent' } },
      { '==': [{ var: 'debtor.language' }, 'nl'] },
      { '===': ['de', { var: 'debtor.language' }] },
      { '!=': [{ var: 'debtor.email' }, null] },
      { '>=': [{ var: 'case.total_open_amount' }, 10_000] },
      { '<': [14, { var: 'case.days_overdue' }, 60] },
      { '<=': [{ var: 'case.oldest_due_date' }, '2026-10-31'] },
      { in: [{ var: 'debtor.language' }, ['nl', 'de']] },
      { in: ['@example.nl', { var: 'debtor.email' }] },
      { '===': [{ var: 'attributes.tariff' }, 'business'] },
      { in: [{ var: 'attributes.contract.years' }, [1, 2, 3]] },
      { and: [{ or: [{ var: 'debtor.has_phone' }, false] }, { '!==': [{ var: 'attributes.vip' }, true] }] },
    ];
    for (const rule of rules) expect(problems(rule), JSON.stringify(rule)).toEqual([]);
  });

  it('refuses what it cannot translate exactly, saying where and why', () => {
    expect(problems({ '+': [1, 2] })).toEqual([expect.stringMatching(/^\+: The operator "\+" is not supported/)]);
    expect(problems({ and: [{ '==': [{ var: 'debtor.shoe_size' }, 42] }] })).toEqual([
      expect.stringMatching(/^and\[0\]\.==\[0\]\.var: Unknown field "debtor.shoe_size"/),
    ]);
    expect(problems({ '==': [{ var: 'case.days_overdue' }, '30'] })).toEqual([
      '==: "case.days_overdue" is a number; the text "30" does not fit.',
    ]);
    expect(problems({ '==': [{ var: 'debtor.language' }, 'xx'] })).toEqual([
      '==: "debtor.language" cannot be "xx"; use one of: nl, de, en, fr, es, it, pl, tr.',
    ]);
    expect(problems({ '<': [{ var: 'debtor.city' }, 'M'] })).toEqual([
      '<: "<" compares numbers, amounts and dates; "debtor.city" is text.',
    ]);
    expect(problems({ '<': [{ var: 'case.oldest_due_date' }, '2026-02-30'] })).toEqual([
      '<: "case.oldest_due_date" is a date (YYYY-MM-DD); the text "2026-02-30" does not fit.',
    ]);
    expect(problems({ '==': [{ var: 'attributes.tariff' }, 'business'] })).toEqual([
      expect.stringMatching(/^==: Compare the attribute "attributes.tariff" with "==="/),
    ]);
    expect(problems({ '>': [{ var: 'attributes.score' }, 5] })).toEqual([
      expect.stringMatching(/cannot compare the attribute "attributes.score"/),
    ]);
    expect(problems({ '==': [{ var: 'case.days_overdue' }, { var: 'case.open_invoices' }] })).toEqual([
      '==: Compare a field with a value, not with another field.',
    ]);
    expect(problems({ var: ['case.days_overdue', 0] })).toEqual([
      'var: Default values in {"var": [name, default]} are not supported.',
    ]);
    expect(problems({ var: 'debtor.email' })).toEqual([expect.stringMatching(/is not a yes\/no field/)]);
    expect(problems({ and: [] })).toEqual(['and: "and" needs at least one condition.']);
    expect(problems('yes')).toEqual([': Expected a condition here, found the text "yes".']);
    expect(problems({ '==': [1, 2], '!=': [1, 2] })).toEqual([expect.stringMatching(/exactly one operator/)]);
    expect(problems({ in: [{ var: 'debtor.language' }, ['nl', null]] })).toEqual([
      expect.stringMatching(/^in\[1\]\[1\]: A list of values holds texts/),
    ]);
  });

  it('refuses texts with broken characters, which the database could not store as they are', () => {
    expect(problems({ in: ['\udc75\ud800', { var: 'debtor.city' }] })).toEqual([
      'in[0]: This text contains a broken character (half of a UTF-16 surrogate pair); retype it.',
    ]);
    expect(problems({ '==': [{ var: 'debtor.city' }, 'Z\ud83d'] })).toHaveLength(1);
    expect(problems({ '==': [{ var: 'debtor.city' }, 'Zoë 😀'] })).toEqual([]);
  });

  it('refuses attribute keys that JavaScript would resolve on built-in properties', () => {
    for (const name of [
      'attributes.name.length',
      'attributes.constructor',
      'attributes.__proto__',
      'attributes.codes.0',
    ]) {
      expect(problems({ '===': [{ var: name }, 1] }), name).toEqual([expect.stringMatching(/Unknown field/)]);
    }
  });

  it('compiles to parameterised SQL that never yields NULL', () => {
    const compiled = compileSegmentRule(
      {
        and: [
          { in: [{ var: 'debtor.language' }, ['nl', 'de']] },
          { '>': [{ var: 'case.days_overdue' }, 30] },
          { '!': { '===': [{ var: 'attributes.tariff' }, "O'Brien"] } },
        ],
      },
      { today: '2026-11-23', firstParam: 3 },
    );
    expect(compiled).toEqual({
      ok: true,
      sql:
        '(coalesce(f.debtor_language = any($3::text[]), false) and ' +
        '(coalesce(coalesce($4::date - f.case_oldest_due_date, 0), 0) > $5::numeric) and ' +
        '(not coalesce((f.debtor_attributes #> $6::text[]) = $7::jsonb, false)))',
      params: [['nl', 'de'], '2026-11-23', '30', ['tariff'], '"O\'Brien"'],
    });
    expect(compileSegmentRule({ '+': [1] }, { today: '2026-11-23' })).toMatchObject({ ok: false });
  });
});
