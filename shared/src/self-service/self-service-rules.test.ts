import { describe, expect, it } from 'vitest';
import {
  InstallmentRules,
  installmentSchedule,
  planOptions,
  SelfServiceRules,
  splitAmount,
} from './self-service-rules.ts';

const rules = InstallmentRules.parse({ minInstallmentMinor: 2_500, maxMonths: 6, minTotalMinor: 5_000 });

describe('installment plans', () => {
  it('offers 2 up to the most months, as long as each installment is at least the smallest', () => {
    expect(planOptions(10_000, rules).map((option) => [option.count, option.installmentMinor])).toEqual([
      [2, 5_000],
      [3, 3_333],
      [4, 2_500],
    ]);
    expect(planOptions(100_000, rules).map((option) => option.count)).toEqual([2, 3, 4, 5, 6]);
  });

  it('offers nothing below the smallest amount for a plan', () => {
    expect(planOptions(4_999, rules)).toEqual([]);
    expect(planOptions(0, { ...rules, minTotalMinor: 0 })).toEqual([]);
  });

  it('splits the amount into equal installments with the odd cents on the last, summing to the total', () => {
    expect(splitAmount(10_000, 3)).toEqual([3_333, 3_333, 3_334]);
    expect(planOptions(10_000, rules)[1]).toEqual({ count: 3, installmentMinor: 3_333, lastInstallmentMinor: 3_334 });
    for (const count of [2, 3, 7, 12]) {
      expect(splitAmount(123_457, count).reduce((sum, part) => sum + part, 0)).toBe(123_457);
    }
  });

  it('keeps due dates on the same day of the month, or the last day of shorter months', () => {
    expect(installmentSchedule(9_000, 4, '2027-01-31').map((one) => one.dueDate)).toEqual([
      '2027-01-31',
      '2027-02-28',
      '2027-03-31',
      '2027-04-30',
    ]);
    expect(installmentSchedule(9_000, 2, '2028-01-30').map((one) => one.dueDate)).toEqual(['2028-01-30', '2028-02-29']);
    expect(installmentSchedule(9_000, 3, '2026-11-15')).toEqual([
      { seq: 1, dueDate: '2026-11-15', amountMinor: 3_000 },
      { seq: 2, dueDate: '2026-12-15', amountMinor: 3_000 },
      { seq: 3, dueDate: '2027-01-15', amountMinor: 3_000 },
    ]);
  });

  it('has defaults for brands that never set rules: 30 days to promise, no plans', () => {
    expect(SelfServiceRules.parse({})).toEqual({ promiseMaxDays: 30, installments: null });
    expect(SelfServiceRules.safeParse({ promiseMaxDays: 200 }).error?.issues[0]?.message).toBe(
      'Allow at most 90 days.',
    );
  });
});
