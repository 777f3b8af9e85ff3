import type { AbVariantResult } from '@collectflow/shared';
import { describe, expect, it } from 'vitest';
import { probabilityToBeBest, wilsonInterval } from './ab-statistics.ts';
import { compareVariants } from './ab-verdict.ts';

function variants(...counts: Array<[label: string, paid: number, cases: number]>): AbVariantResult[] {
  const best = probabilityToBeBest(counts.map(([, paid, cases]) => ({ successes: paid, trials: cases })));
  return counts.map(([label, paid, cases], index) => ({
    id: label.toLowerCase(),
    label,
    weight: 50,
    cases,
    paid,
    paymentRate: cases === 0 ? 0 : paid / cases,
    paymentRateInterval: wilsonInterval({ successes: paid, trials: cases }),
    medianHoursToPay: null,
    collectedMinor: 0,
    probabilityBest: best[index]!,
  }));
}

describe('compareVariants', () => {
  it('names a clear winner, by how much and how sure', () => {
    const comparison = compareVariants(variants(['A', 200, 1000], ['B', 260, 1000]))!;
    expect(comparison).toMatchObject({ leader: 'b', runnerUp: 'a', decided: true, casesStillNeeded: 0 });
    expect(comparison.relativeLift).toBeCloseTo(0.3, 10);
    expect(comparison.verdict).toBe('B pays 30 % more often than A; over 99 % probability it is the best.');
  });

  it('says a small test is undecided and how many more cases would tell', () => {
    const comparison = compareVariants(variants(['A', 20, 100], ['B', 24, 100]))!;
    expect(comparison.decided).toBe(false);
    // The formula of R's power.prop.test for p1 = .20, p2 = .24, power = .8: n = 1,682.4 per group, 1,583 more than 100.
    expect(comparison.casesStillNeeded).toBe(1583);
    expect(comparison.verdict).toMatch(
      /^Not decided yet: B pays 20 % more often than A so far, which may still be chance \(\d+ % probability it is the best\)\. About 1,583 more cases per variant would tell\.$/,
    );
  });

  it('says when there is no difference, and when the runner-up has no payments yet', () => {
    expect(compareVariants(variants(['A', 10, 100], ['B', 10, 100]))!.verdict).toBe(
      'No difference so far: A and B both pay in 10 % of cases.',
    );
    expect(compareVariants(variants(['A', 0, 50], ['B', 5, 50]))!.verdict).toMatch(
      /^B pays in 10 % of cases, A in none/,
    );
  });

  it('needs two variants with cases', () => {
    expect(compareVariants(variants(['A', 3, 10], ['B', 0, 0]))).toBeNull();
  });
});
