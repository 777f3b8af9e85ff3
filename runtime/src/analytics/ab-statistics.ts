/**
 * The statistics behind A/B results: a two-proportion z-test with the difference's interval,
 * Wilson intervals per variant, a Bayesian "probability to be best" (Beta posteriors, sampled),
 * and the sample size a test still needs. Normal quantiles and Beta draws come from stdlib
 * (@stdlib/*), a numerics library with tested implementations; the formulas here are the
 * textbook ones, checked against published examples in ab-statistics.test.ts.
 */

import beta from '@stdlib/random-base-beta';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

export interface Proportion {
  /** Cases that paid. */
  successes: number;
  /** Cases in the variant. */
  trials: number;
}

export interface Interval {
  low: number;
  high: number;
}

const z = (probability: number) => normalQuantile(probability, 0, 1);

/** The share with its Wilson score interval (sound also for small samples and rates near 0 or 1). */
export function wilsonInterval({ successes, trials }: Proportion, confidence = 0.95): Interval {
  if (trials === 0) return { low: 0, high: 1 };
  const q = z(1 - (1 - confidence) / 2);
  const p = successes / trials;
  const denominator = 1 + (q * q) / trials;
  const centre = (p + (q * q) / (2 * trials)) / denominator;
  const half = (q * Math.sqrt((p * (1 - p)) / trials + (q * q) / (4 * trials * trials))) / denominator;
  // (At 0 or all successes the bound is exactly 0 or 1; the float sum leaves a hair's breadth.)
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === trials ? 1 : Math.min(1, centre + half),
  };
}

export interface TwoProportionTest {
  /** Rate of b minus rate of a. */
  difference: number;
  /** The difference's interval (unpooled standard error). */
  interval: Interval;
  /** z of b against a, with the pooled standard error (the test of "no difference"). */
  z: number;
  /** Two-sided p-value. */
  pValue: number;
}

/** Two-sided z-test of "a and b pay equally often" (pooled), as in any statistics textbook. */
export function twoProportionTest(a: Proportion, b: Proportion, confidence = 0.95): TwoProportionTest | null {
  if (a.trials === 0 || b.trials === 0) return null;
  const pa = a.successes / a.trials;
  const pb = b.successes / b.trials;
  const pooled = (a.successes + b.successes) / (a.trials + b.trials);
  const pooledError = Math.sqrt(pooled * (1 - pooled) * (1 / a.trials + 1 / b.trials));
  const difference = pb - pa;
  const statistic = pooledError === 0 ? 0 : difference / pooledError;
  const error = Math.sqrt((pa * (1 - pa)) / a.trials + (pb * (1 - pb)) / b.trials);
  const q = z(1 - (1 - confidence) / 2);
  return {
    difference,
    interval: { low: difference - q * error, high: difference + q * error },
    z: statistic,
    pValue: 2 * (1 - normalCdf(Math.abs(statistic), 0, 1)),
  };
}

/**
 * For each variant, the probability that its true rate is the highest, from Beta(1 + paid,
 * 1 + not paid) posteriors (a uniform prior), by `draws` joint samples. Seeded: the same data
 * gives the same figures on every page load.
 */
export function probabilityToBeBest(variants: readonly Proportion[], draws = 20_000, seed = 20_261_206): number[] {
  const sample = beta.factory({ seed });
  const wins = variants.map(() => 0);
  for (let draw = 0; draw < draws; draw += 1) {
    let best = 0;
    let bestValue = -1;
    variants.forEach((variant, index) => {
      const value = sample(1 + variant.successes, 1 + variant.trials - variant.successes);
      if (value > bestValue) {
        bestValue = value;
        best = index;
      }
    });
    wins[best]! += 1;
  }
  return wins.map((count) => count / draws);
}

/**
 * Cases needed per variant to detect the change from rate `p1` to `p2` with a two-sided test at
 * `alpha` with `power` (the formula of R's power.prop.test). Infinity when the rates are equal.
 */
export function sampleSizePerVariant(p1: number, p2: number, alpha = 0.05, power = 0.8): number {
  if (p1 === p2) return Number.POSITIVE_INFINITY;
  const mean = (p1 + p2) / 2;
  const root =
    z(1 - alpha / 2) * Math.sqrt(2 * mean * (1 - mean)) + z(power) * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return (root * root) / ((p1 - p2) * (p1 - p2));
}
