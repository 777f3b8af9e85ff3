/**
 * What the model page shows per bestChannel node and per self-optimising A/B split: the current
 * model (version, training window, sample size, offline metrics), what the policy chose and
 * why, the learnt uplift over the best single channel with an interval, the features that weigh
 * most per channel, and the fixed-rule switch.
 */
import { z } from 'zod';
import { Channel } from '../debtors/channel.ts';

export const PolicyMode = z.enum(['learned', 'fixed']);
export type PolicyMode = z.infer<typeof PolicyMode>;

export const DecisionReason = z.enum(['model', 'exploration', 'cold_start', 'fixed_rule', 'unreachable']);
export type DecisionReason = z.infer<typeof DecisionReason>;

export const decisionReasonLabels: Record<DecisionReason, string> = {
  model: 'Chosen by the model',
  exploration: 'Exploring',
  cold_start: 'Fallback order (no model yet)',
  fixed_rule: 'Fixed rule',
  unreachable: 'No channel possible',
};

export const ChannelModelSummary = z.object({
  channel: Channel,
  /** Messages the model learnt from on this channel, and how many were followed by a payment in time. */
  trials: z.number().int(),
  successes: z.number().int(),
  /** Held-out AUC of this channel's model (null without paying and non-paying messages held out). */
  auc: z.number().nullable(),
  /** The features with the largest weights: odds ratio > 1 helps, < 1 hurts. */
  topFeatures: z.array(z.object({ feature: z.string(), label: z.string(), oddsRatio: z.number() })),
});
export type ChannelModelSummary = z.infer<typeof ChannelModelSummary>;

export const ModelVersionSummary = z.object({
  version: z.number().int(),
  trainedAt: z.string(),
  windowStart: z.string(),
  windowEnd: z.string(),
  sampleSize: z.number().int(),
  positives: z.number().int(),
  holdout: z.number().int(),
  logLoss: z.number().nullable(),
  baseRateLogLoss: z.number().nullable(),
  auc: z.number().nullable(),
  channels: z.array(ChannelModelSummary),
});
export type ModelVersionSummary = z.infer<typeof ModelVersionSummary>;

/**
 * The learnt uplift: the payment rate of the policy's decisions against the best single channel,
 * estimated from the same decisions by inverse propensity weighting, with a 95 % interval.
 */
export const PolicyUplift = z.object({
  /** Decisions by the model or exploring, whose reward window has passed. */
  decisions: z.number().int(),
  policyRate: z.number(),
  bestSingleChannel: Channel,
  bestSingleRate: z.number(),
  uplift: z.number(),
  interval: z.object({ low: z.number(), high: z.number() }),
});
export type PolicyUplift = z.infer<typeof PolicyUplift>;

export const BestChannelOverview = z.object({
  flowId: z.uuid(),
  flowName: z.string(),
  nodeId: z.string(),
  nodeLabel: z.string().nullable(),
  candidates: z.array(Channel),
  rewardWindowDays: z.number().int(),
  mode: PolicyMode,
  model: ModelVersionSummary.nullable(),
  versions: z.number().int(),
  /** Decisions of the last 30 days per chosen channel (null: none possible) and reason. */
  choices: z.array(z.object({ channel: Channel.nullable(), reason: DecisionReason, count: z.number().int() })),
  uplift: PolicyUplift.nullable(),
});
export type BestChannelOverview = z.infer<typeof BestChannelOverview>;

export const SplitAllocationOverview = z.object({
  flowId: z.uuid(),
  flowName: z.string(),
  nodeId: z.string(),
  nodeLabel: z.string().nullable(),
  minimumShare: z.number().int(),
  variants: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      weight: z.number(),
      /** The current share (percent); null before the first computation. */
      share: z.number().nullable(),
      cases: z.number().int(),
      paid: z.number().int(),
    }),
  ),
  computedAt: z.string().nullable(),
});
export type SplitAllocationOverview = z.infer<typeof SplitAllocationOverview>;

export const ModelOverview = z.object({
  bestChannel: z.array(BestChannelOverview),
  splits: z.array(SplitAllocationOverview),
});
export type ModelOverview = z.infer<typeof ModelOverview>;

export const SetPolicyModeInput = z.object({ flowId: z.uuid(), nodeId: z.string().min(1).max(64), mode: PolicyMode });
export type SetPolicyModeInput = z.infer<typeof SetPolicyModeInput>;
