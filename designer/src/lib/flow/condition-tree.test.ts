import { analyseSegmentRule } from '@collectflow/shared';
import { describe, expect, it } from 'vitest';
import { type ConditionGroup, describeRule, newRule, operatorsFor, ruleToTree, treeToRule } from './condition-tree.ts';

const roundTrips = [
  { '>=': [{ var: 'case.days_overdue' }, 14] },
  { and: [{ '>': [{ var: 'case.total_open_amount' }, 10_000] }, { in: [{ var: 'debtor.language' }, ['nl', 'en']] }] },
  { or: [{ var: 'debtor.sms_consent' }, { '!': { var: 'debtor.email_consent' } }] },
  { and: [{ '<=': [5_000, { var: 'case.total_open_amount' }, 50_000] }, { '==': [{ var: 'debtor.city' }, null] }] },
  { and: [{ in: ['gmail', { var: 'debtor.email' }] }, { '!': { in: [{ var: 'debtor.kind' }, ['company']] } }] },
  { and: [{ '===': [{ var: 'attributes.tariff' }, 'green'] }, { or: [{ '!=': [{ var: 'debtor.country' }, null] }] }] },
];

describe('the condition builder model', () => {
  it.each(roundTrips)('reads and writes %j unchanged, and the shared analyser accepts what it writes', (rule) => {
    const tree = ruleToTree(rule);
    expect(tree).not.toBeNull();
    const written = treeToRule(tree!);
    expect(written).toEqual(rule);
    expect(analyseSegmentRule(written).ok).toBe(true);
  });

  it('reads a comparison with the value first the way round a user reads it', () => {
    expect(ruleToTree({ '<': [14, { var: 'case.days_overdue' }] })!.children[0]).toEqual({
      kind: 'rule',
      field: 'case.days_overdue',
      operator: 'gt',
      value: 14,
    });
  });

  it('leaves rules it cannot show to the JSON editor', () => {
    expect(ruleToTree({ '+': [1, 2] })).toBeNull();
    expect(ruleToTree({ '!': { '>': [{ var: 'case.days_overdue' }, 3] } })).toBeNull();
    expect(ruleToTree({ '==': [{ var: 'no.such_field' }, 1] })).toBeNull();
    expect(describeRule({ '+': [1, 2] })).toBe('A custom rule (edit it as JSON)');
  });

  it('treats no rule as everyone, and writes an empty tree as no rule', () => {
    expect(ruleToTree(null)).toEqual({ kind: 'group', join: 'and', children: [] });
    const emptyInside: ConditionGroup = {
      kind: 'group',
      join: 'or',
      children: [{ kind: 'group', join: 'and', children: [] }],
    };
    expect(treeToRule(emptyInside)).toBeNull();
    expect(describeRule(null)).toBe('Every open case');
  });

  it('offers operators by field type and valid first values', () => {
    expect(operatorsFor('debtor.sms_consent')).toEqual(['isTrue', 'isFalse']);
    expect(operatorsFor('case.oldest_due_date')).toContain('between');
    expect(operatorsFor('debtor.city')).toEqual(expect.arrayContaining(['contains', 'empty', 'notEmpty']));
    expect(operatorsFor('nothing')).toEqual([]);
    for (const field of ['case.total_open_amount', 'debtor.language', 'debtor.sms_consent', 'case.oldest_due_date']) {
      const rule = treeToRule({ kind: 'group', join: 'and', children: [newRule(field)] });
      expect(analyseSegmentRule(rule)).toMatchObject({ ok: true });
    }
  });

  it('describes rules in plain words', () => {
    expect(describeRule(roundTrips[1])).toBe('Total open amount is more than €100 and Language is one of nl, en');
    expect(describeRule(roundTrips[3])).toBe('Total open amount is between €50 and €500 and City is missing');
    expect(
      describeRule({
        or: [
          { var: 'debtor.sms_consent' },
          {
            and: [
              { '<': [{ var: 'case.oldest_due_date' }, '2026-01-01'] },
              { '==': [{ var: 'debtor.kind' }, 'company'] },
            ],
          },
        ],
      }),
    ).toBe('SMS consent is yes or (Oldest due date is before 2026-01-01 and Person or company is company)');
  });
});
