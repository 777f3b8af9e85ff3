import type { Channel } from '@collectflow/shared';
import { describe, expect, it } from 'vitest';
import type { BestChannelModel, VersionedModel } from './best-channel-model.ts';
import { type ChoiceInput, chooseChannel } from './choose-channel.ts';
import { fitLogistic, logit } from './logistic-model.ts';
import { seededRandom } from './seeded-random.ts';

const features = ['intercept', 'attr:age_band=18-34'];
const prior = { interceptMean: logit(0.15), interceptSd: 1.5, weightSd: 1 };
/** Young debtors pay after an SMS (40 %), hardly after a letter; e-mail in between. */
function trainedModel(): VersionedModel {
  const posterior = (old: number, young: number) => ({
    ...fitLogistic(
      [
        { features: [0], trials: 2000, successes: Math.round(2000 * old) },
        { features: [0, 1], trials: 2000, successes: Math.round(2000 * young) },
      ],
      2,
      prior,
    ),
    trials: 4000,
    successes: Math.round(2000 * (old + young)),
  });
  const model: BestChannelModel = {
    features,
    channels: { email: posterior(0.15, 0.12), sms: posterior(0.08, 0.4), letter: posterior(0.25, 0.03) },
    sendTimes: {},
  };
  return { version: 3, model };
}

const model = trainedModel();
const base = (overrides: Partial<ChoiceInput>, seed: number): ChoiceInput => ({
  candidates: ['email', 'sms', 'letter'],
  reachable: () => true,
  mode: 'learned',
  model,
  features: ['intercept', 'attr:age_band=18-34'],
  explorationRate: 0.1,
  objective: 'payment',
  amountMinor: 10_000,
  costMinor: {},
  random: seededRandom(seed),
  ...overrides,
});

function tally(overrides: Partial<ChoiceInput>, runs = 1000): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let seed = 1; seed <= runs; seed += 1) {
    const choice = chooseChannel(base(overrides, seed));
    const key = choice.channel ?? 'none';
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

describe('the best-channel policy', () => {
  it('never chooses a channel the debtor cannot receive — not by the model, not by exploring', () => {
    // The model loves SMS for this debtor, but there is no SMS consent; half the cases explore.
    const noSms = (channel: Channel) => channel !== 'sms';
    const counts = tally({ reachable: noSms, explorationRate: 0.5 });
    expect(counts.sms).toBeUndefined();
    expect((counts.email ?? 0) + (counts.letter ?? 0)).toBe(1000);
    expect(tally({ reachable: noSms, mode: 'fixed' })).toEqual({ email: 1000 });
    expect(tally({ reachable: noSms, model: null })).toEqual({ email: 1000 });
  });

  it('sends a case no candidate can reach to “none”', () => {
    const choice = chooseChannel(base({ reachable: () => false }, 1));
    expect(choice).toMatchObject({ channel: null, reason: 'unreachable' });
  });

  it('follows the fallback order on a cold start (no model yet) and under the fixed rule', () => {
    expect(chooseChannel(base({ model: null }, 1))).toMatchObject({
      channel: 'email',
      reason: 'cold_start',
      propensity: 1,
      modelVersion: null,
    });
    const noEmail = (channel: Channel) => channel !== 'email';
    expect(chooseChannel(base({ model: null, reachable: noEmail }, 1))).toMatchObject({
      channel: 'sms',
      reason: 'cold_start',
    });
    expect(chooseChannel(base({ mode: 'fixed' }, 1))).toMatchObject({ channel: 'email', reason: 'fixed_rule' });
    expect(tally({ model: null, explorationRate: 0.5 })).toEqual({ email: 1000 });
  });

  it('picks the channel the model predicts best for the debtor, exploring the others now and then', () => {
    const young = tally({});
    expect(young.sms).toBeGreaterThan(850);
    expect(young.email).toBeGreaterThan(10);
    const old = tally({ features: ['intercept'] });
    expect(old.letter).toBeGreaterThan(800);
    expect(tally({ features: ['intercept'], explorationRate: 0 }).letter).toBeGreaterThan(950);
  });

  it('explains the choice: model version, reason, chances, the features that weighed most', () => {
    const choice = chooseChannel(base({ explorationRate: 0 }, 5));
    expect(choice).toMatchObject({ channel: 'sms', reason: 'model', modelVersion: 3 });
    expect(choice.chances.sms).toBeCloseTo(0.4, 2);
    expect(choice.chances.letter).toBeCloseTo(0.03, 2);
    expect(choice.topFeatures).toEqual([
      { feature: 'attr:age_band=18-34', label: 'age_band = 18-34', oddsRatio: expect.any(Number) },
    ]);
    expect(choice.topFeatures[0]!.oddsRatio).toBeGreaterThan(5);
    expect(choice.propensity).toBeGreaterThan(0.9);
    expect(choice.propensity).toBeLessThanOrEqual(1);
  });

  it('states the chance of an exploring choice as the policy could have made it', () => {
    let explored = null;
    for (let seed = 1; !explored; seed += 1) {
      const choice = chooseChannel(base({ explorationRate: 0.3 }, seed));
      if (choice.reason === 'exploration' && choice.channel === 'letter') explored = choice;
    }
    // 0.3 / 3 by exploring, and almost never by the model.
    expect(explored.propensity).toBeGreaterThanOrEqual(0.1);
    expect(explored.propensity).toBeLessThan(0.12);
  });

  it('weighs the amount less the message cost when asked', () => {
    // For an old debtor, letters pay most (25 % vs 15 %), but a letter costing more than the
    // extra money collected loses against a cheap e-mail.
    const older = { features: ['intercept'], explorationRate: 0, amountMinor: 2_000 };
    expect(tally(older).letter).toBeGreaterThan(900);
    expect(
      tally({ ...older, objective: 'amountMinusCost', costMinor: { letter: 500, email: 1 } }).email,
    ).toBeGreaterThan(900);
  });

  it('gives the same decision for the same seed', () => {
    expect(chooseChannel(base({}, 42))).toEqual(chooseChannel(base({}, 42)));
  });
});
