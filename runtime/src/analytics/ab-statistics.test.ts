import { describe, expect, it } from 'vitest';
import { probabilityToBeBest, sampleSizePerVariant, twoProportionTest, wilsonInterval } from './ab-statistics.ts';

describe('twoProportionTest', () => {
  it('matches a published example: 140 of 200 against 255 of 340 gives z = -1.266', () => {
    // homeworksource.com/p/1008622: pooled p = 0.7314815, standard error 0.03949401, z = -1.266015.
    const test = twoProportionTest({ successes: 255, trials: 340 }, { successes: 140, trials: 200 })!;
    expect(test.z).toBeCloseTo(-1.266015, 5);
    expect(test.difference).toBeCloseTo(0.7 - 0.75, 10);
    expect(test.pValue).toBeCloseTo(0.2055, 3);
  });

  it('matches a published example: 28 of 254 against 36 of 301 gives z = -0.344, p = 0.7307', () => {
    // homeworksource.com/p/997366 (two-tailed).
    const test = twoProportionTest({ successes: 36, trials: 301 }, { successes: 28, trials: 254 })!;
    expect(test.z).toBeCloseTo(-0.3441, 3);
    expect(test.pValue).toBeCloseTo(0.7307, 3);
  });

  it('gives the difference a 95 % interval that holds it and excludes 0 for a clear win', () => {
    const test = twoProportionTest({ successes: 200, trials: 1000 }, { successes: 260, trials: 1000 })!;
    expect(test.difference).toBeCloseTo(0.06, 10);
    // Unpooled standard error sqrt(.2*.8/1000 + .26*.74/1000) = 0.0187723; 1.959964 × that = 0.0367930.
    expect(test.interval.low).toBeCloseTo(0.06 - 0.036793, 5);
    expect(test.interval.high).toBeCloseTo(0.06 + 0.036793, 5);
    expect(test.pValue).toBeLessThan(0.01);
  });

  it('has nothing to say about an empty variant', () => {
    expect(twoProportionTest({ successes: 0, trials: 0 }, { successes: 1, trials: 2 })).toBeNull();
  });
});

describe('wilsonInterval', () => {
  it('matches the textbook value for 81 of 263 (Newcombe 1998, 0.2553 to 0.3662)', () => {
    const interval = wilsonInterval({ successes: 81, trials: 263 });
    expect(interval.low).toBeCloseTo(0.2553, 4);
    expect(interval.high).toBeCloseTo(0.3662, 4);
  });

  it('stays within 0 and 1 for no successes', () => {
    const interval = wilsonInterval({ successes: 0, trials: 10 });
    expect(interval.low).toBe(0);
    expect(interval.high).toBeCloseTo(0.2775, 4);
  });
});

describe('sampleSizePerVariant', () => {
  it('matches R: power.prop.test(p1 = .50, p2 = .75, power = .90) needs n = 76.7', () => {
    expect(sampleSizePerVariant(0.5, 0.75, 0.05, 0.9)).toBeCloseTo(76.7, 1);
  });

  it('needs more cases to see a smaller difference, and never ends for equal rates', () => {
    expect(sampleSizePerVariant(0.2, 0.22)).toBeGreaterThan(sampleSizePerVariant(0.2, 0.25));
    expect(sampleSizePerVariant(0.2, 0.2)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('probabilityToBeBest', () => {
  it('agrees with the exact answer for Beta(2,1) against Beta(1,1): 2/3', () => {
    // One success in one trial against no data: P(X > Y) for X ~ Beta(2,1), Y ~ U(0,1) is E[X] = 2/3.
    const [empty, one] = probabilityToBeBest([
      { successes: 0, trials: 0 },
      { successes: 1, trials: 1 },
    ]);
    expect(one).toBeCloseTo(2 / 3, 1);
    expect(empty! + one!).toBeCloseTo(1, 10);
  });

  it('agrees with the exact answer for Beta(2,1) against Beta(1,2): 5/6', () => {
    const [, better] = probabilityToBeBest([
      { successes: 0, trials: 1 },
      { successes: 1, trials: 1 },
    ]);
    expect(Math.abs(better! - 5 / 6)).toBeLessThan(0.01);
  });

  it('splits evenly between equal variants and gives the same figures for the same data', () => {
    const variants = [
      { successes: 50, trials: 500 },
      { successes: 50, trials: 500 },
      { successes: 50, trials: 500 },
    ];
    const first = probabilityToBeBest(variants);
    for (const share of first) expect(Math.abs(share - 1 / 3)).toBeLessThan(0.02);
    expect(probabilityToBeBest(variants)).toEqual(first);
  });
});
