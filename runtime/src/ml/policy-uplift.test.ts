import type { Channel } from '@collectflow/shared';
import { describe, expect, it } from 'vitest';
import { type LoggedDecision, policyUplift } from './policy-uplift.ts';
import { seededRandom } from './seeded-random.ts';

const all: Channel[] = ['email', 'sms'];

/** A uniformly random logging policy over two channels whose true rates are known. */
function logged(count: number, rates: Record<'email' | 'sms', number>, seed = 1): LoggedDecision[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const channel: 'email' | 'sms' = random() < 0.5 ? 'email' : 'sms';
    return { channel, reachable: all, propensity: 0.5, paid: random() < rates[channel] };
  });
}

describe('the off-policy uplift estimate', () => {
  it('recovers the best single channel’s rate from randomised decisions', () => {
    const uplift = policyUplift(logged(40_000, { email: 0.1, sms: 0.3 }), all)!;
    expect(uplift.bestSingleChannel).toBe('sms');
    expect(uplift.bestSingleRate).toBeCloseTo(0.3, 1);
    // Choosing at random pays 20 %: 10 points below always-SMS, and the interval says so.
    expect(uplift.policyRate).toBeCloseTo(0.2, 1);
    expect(uplift.uplift).toBeCloseTo(-0.1, 1);
    expect(uplift.interval.high).toBeLessThan(0);
    expect(uplift.interval.low).toBeLessThan(uplift.uplift);
  });

  it('counts the fallback for cases the single channel cannot reach', () => {
    // Nobody can receive SMS: "always SMS" is really "always e-mail" (its fallback).
    const decisions = logged(2000, { email: 0.2, sms: 0.2 }).map((decision) => ({
      ...decision,
      channel: 'email' as const,
      reachable: ['email'] as Channel[],
      propensity: 1,
    }));
    const uplift = policyUplift(decisions, all)!;
    expect(uplift.bestSingleRate).toBeCloseTo(uplift.policyRate, 10);
    expect(uplift.uplift).toBeCloseTo(0, 10);
  });

  it('gives nothing for fewer than 30 decisions', () => {
    expect(policyUplift(logged(29, { email: 0.1, sms: 0.3 }), all)).toBeNull();
  });
});
