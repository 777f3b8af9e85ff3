import { describe, expect, it } from 'vitest';
import { splitShares } from './split-allocation.ts';

const variants = [
  { id: 'a', label: 'Friendly', weight: 50 },
  { id: 'b', label: 'Firm', weight: 50 },
  { id: 'c', label: 'Short', weight: 0 },
];
const sum = (shares: Record<string, number>) => Object.values(shares).reduce((total, share) => total + share, 0);

describe('the shares of a split that shifts traffic to the winner', () => {
  it('are even without results, and add up to 100', () => {
    const shares = splitShares(variants, {}, { minimumShare: 10 });
    expect(sum(shares)).toBeCloseTo(100, 9);
    // Monte Carlo (20,000 seeded draws): within a point of a third each.
    for (const share of Object.values(shares)) expect(Math.abs(share - 100 / 3)).toBeLessThan(1);
  });

  it('go to a clear winner, keeping the minimum share for the others', () => {
    const results = { a: { cases: 1000, paid: 100 }, b: { cases: 1000, paid: 200 }, c: { cases: 1000, paid: 110 } };
    const shares = splitShares(variants, results, { minimumShare: 5 });
    expect(shares.b).toBeCloseTo(90, 1);
    expect(shares.a).toBeCloseTo(5, 1);
    expect(shares.c).toBeCloseTo(5, 1);
    expect(sum(shares)).toBeCloseTo(100, 9);
  });

  it('stay split while the results are close', () => {
    const results = { a: { cases: 50, paid: 10 }, b: { cases: 50, paid: 11 }, c: { cases: 50, paid: 9 } };
    const shares = splitShares(variants, results, { minimumShare: 10 });
    for (const share of Object.values(shares)) {
      expect(share).toBeGreaterThan(15);
      expect(share).toBeLessThan(55);
    }
  });
});
