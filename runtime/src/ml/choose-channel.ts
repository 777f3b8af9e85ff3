/**
 * The best-channel policy's choice for one case: which reachable candidate, why, and with which
 * probability the policy could have chosen it. Pure: the model, the case's features and a seeded
 * random source in, the decision out.
 *
 * - No reachable candidate: none (the node's `none` output).
 * - Fixed rule (the model page's switch) or no model yet (cold start): the first reachable
 *   candidate in the fallback order.
 * - Otherwise, with the exploration rate a uniformly random reachable candidate, else Thompson
 *   sampling: a chance of payment per candidate drawn from its posterior, weighted by the node's
 *   objective, and the best draw wins.
 *
 * Unreachable candidates (no consent, no address) are never considered, whatever the model says.
 */
import { type BestChannelObjective, type Channel, featureLabel, interceptFeature } from '@collectflow/shared';
import type { BestChannelModel, VersionedModel } from './best-channel-model.ts';
import { normalSource, predict, sampleChance } from './logistic-model.ts';

export type DecisionReason = 'model' | 'exploration' | 'cold_start' | 'fixed_rule' | 'unreachable';

export interface FeatureEffect {
  feature: string;
  label: string;
  /** How the feature changes the odds of payment on the chosen channel (2 = doubles them). */
  oddsRatio: number;
}

export interface ChannelChoice {
  channel: Channel | null;
  reason: DecisionReason;
  /** The probability that the policy picks this channel for this case (for off-policy estimates). */
  propensity: number;
  modelVersion: number | null;
  /** Predicted chance of payment per reachable candidate (most probable weights), with a model. */
  chances: Partial<Record<Channel, number>>;
  /** The features that pushed the chosen channel's prediction most, strongest first. */
  topFeatures: FeatureEffect[];
}

export interface ChoiceInput {
  /** In fallback order. */
  candidates: readonly Channel[];
  /** Whether the case can receive each channel (consent and contact data). */
  reachable: (channel: Channel) => boolean;
  mode: 'learned' | 'fixed';
  model: VersionedModel | null;
  /** Feature names that hold for the case. */
  features: readonly string[];
  explorationRate: number;
  objective: BestChannelObjective;
  amountMinor: number;
  /** Cost of one message per channel, in minor units (missing: free). */
  costMinor: Partial<Record<Channel, number>>;
  random: () => number;
}

/** Thompson draws used to estimate how likely the policy was to pick what it picked. */
export const propensityDraws = 200;
const topFeatureCount = 3;

export function chooseChannel(input: ChoiceInput): ChannelChoice {
  const reachable = input.candidates.filter((channel) => input.reachable(channel));
  const none = { chances: {}, topFeatures: [] };
  if (reachable.length === 0) {
    return { channel: null, reason: 'unreachable', propensity: 1, modelVersion: null, ...none };
  }
  const first = reachable[0]!;
  if (input.mode === 'fixed')
    return { channel: first, reason: 'fixed_rule', propensity: 1, modelVersion: null, ...none };
  if (!input.model) return { channel: first, reason: 'cold_start', propensity: 1, modelVersion: null, ...none };

  const { model, version } = input.model;
  const indices = featureIndices(model, input.features);
  const value = (channel: Channel, chance: number) => {
    if (input.objective === 'payment') return chance;
    const collected = chance * input.amountMinor;
    return input.objective === 'amount' ? collected : collected - (input.costMinor[channel] ?? 0);
  };
  const gaussian = normalSource(input.random);
  const thompsonWinner = () => {
    let best = reachable[0]!;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (const channel of reachable) {
      const posterior = model.channels[channel];
      // A candidate the model has never seen counts as the prior of an average channel.
      const chance = posterior ? sampleChance(posterior, indices, gaussian) : averageChance(model, gaussian);
      const drawn = value(channel, chance);
      if (drawn > bestValue) {
        bestValue = drawn;
        best = channel;
      }
    }
    return best;
  };

  const exploring = input.random() < input.explorationRate;
  const chosen = exploring ? reachable[Math.floor(input.random() * reachable.length)]! : thompsonWinner();
  // The chance of picking `chosen`: exploring uniformly, or winning a Thompson draw (estimated by
  // further draws, counting the one that decided when it was a Thompson choice).
  let wins = exploring ? 0 : 1;
  const draws = exploring ? propensityDraws : propensityDraws - 1;
  for (let draw = 0; draw < draws; draw += 1) if (thompsonWinner() === chosen) wins += 1;
  const thompsonShare = Math.max(wins, 1) / propensityDraws;
  const propensity = input.explorationRate / reachable.length + (1 - input.explorationRate) * thompsonShare;

  const chances: Partial<Record<Channel, number>> = {};
  for (const channel of reachable) {
    const posterior = model.channels[channel];
    if (posterior) chances[channel] = predict(posterior, indices);
  }
  return {
    channel: chosen,
    reason: exploring ? 'exploration' : 'model',
    propensity: Math.min(1, propensity),
    modelVersion: version,
    chances,
    topFeatures: topFeaturesOf(model, chosen, indices),
  };
}

/** Indices of the case's features in the model's vocabulary (features it never saw are left out). */
export function featureIndices(model: BestChannelModel, features: readonly string[]): number[] {
  const position = new Map(model.features.map((name, index) => [name, index]));
  const indices = [0];
  for (const feature of features) {
    const index = position.get(feature);
    if (index !== undefined && index !== 0) indices.push(index);
  }
  return indices;
}

function averageChance(model: BestChannelModel, gaussian: () => number): number {
  let trials = 0;
  let successes = 0;
  for (const posterior of Object.values(model.channels)) {
    trials += posterior.trials;
    successes += posterior.successes;
  }
  const rate = (successes + 1) / (trials + 2);
  const logOdds = Math.log(rate / (1 - rate)) + 1.5 * gaussian();
  return 1 / (1 + Math.exp(-logOdds));
}

function topFeaturesOf(model: BestChannelModel, channel: Channel, indices: readonly number[]): FeatureEffect[] {
  const posterior = model.channels[channel];
  if (!posterior) return [];
  return indices
    .filter((index) => model.features[index] !== interceptFeature)
    .map((index) => ({ index, weight: posterior.mean[index]! }))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, topFeatureCount)
    .map(({ index, weight }) => ({
      feature: model.features[index]!,
      label: featureLabel(model.features[index]!),
      oddsRatio: Math.round(Math.exp(weight) * 100) / 100,
    }));
}
