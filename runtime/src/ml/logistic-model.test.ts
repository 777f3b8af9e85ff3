import { describe, expect, it } from 'vitest';
import { fitLogistic, logit, normalSource, predict, sampleChance } from './logistic-model.ts';
import { seededRandom } from './seeded-random.ts';

// Feature 0 is the intercept, feature 1 a yes/no fact: 10 % pay without it, 40 % with it.
const groups = [
  { features: [0], trials: 10_000, successes: 1_000 },
  { features: [0, 1], trials: 10_000, successes: 4_000 },
];
const prior = { interceptMean: logit(0.25), interceptSd: 1.5, weightSd: 1 };

describe('the logistic model', () => {
  it('recovers the log-odds of known rates from plenty of data', () => {
    const posterior = fitLogistic(groups, 2, prior);
    expect(posterior.mean[0]).toBeCloseTo(logit(0.1), 2);
    expect(posterior.mean[1]).toBeCloseTo(logit(0.4) - logit(0.1), 2);
    expect(predict(posterior, [0, 1])).toBeCloseTo(0.4, 3);
    // Laplace: the intercept's posterior sd is about 1 / sqrt(n p (1 - p)) for the feature-less group.
    expect(posterior.covarianceFactor[0]![0]).toBeCloseTo(1 / Math.sqrt(10_000 * 0.1 * 0.9), 3);
  });

  it('keeps a rarely seen feature near its prior (regularisation)', () => {
    const posterior = fitLogistic([...groups, { features: [0, 2], trials: 3, successes: 3 }], 3, prior);
    expect(Math.abs(posterior.mean[2]!)).toBeLessThan(2);
    expect(posterior.covarianceFactor[2]![2]).toBeGreaterThan(0.5);
  });

  it('gives the prior when there is no data, and Thompson draws spread around the mean', () => {
    const empty = fitLogistic([], 2, prior);
    expect(empty.mean).toEqual([logit(0.25), 0]);
    const gaussian = normalSource(seededRandom(7));
    const draws = Array.from({ length: 2000 }, () => sampleChance(empty, [0, 1], gaussian));
    const mean = draws.reduce((sum, draw) => sum + draw, 0) / draws.length;
    expect(Math.min(...draws)).toBeLessThan(0.05);
    expect(Math.max(...draws)).toBeGreaterThan(0.8);
    expect(mean).toBeGreaterThan(0.2);
    expect(mean).toBeLessThan(0.45);
  });

  it('draws the same chances from the same seed', () => {
    const posterior = fitLogistic(groups, 2, prior);
    const draw = (seed: number) => {
      const gaussian = normalSource(seededRandom(seed));
      return Array.from({ length: 5 }, () => sampleChance(posterior, [0, 1], gaussian));
    };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
  });
});
