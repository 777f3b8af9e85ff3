/** A/B results: per A/B split of a flow, and per e-mail template with several subject lines. */
import { z } from 'zod';

export const AbVariantResult = z.object({
  /** The split's output handle, or the subject line's position. */
  id: z.string(),
  label: z.string(),
  /** Share of cases the split sends this way now (null for subject lines: always even). */
  weight: z.number().nullable(),
  cases: z.number().int(),
  paid: z.number().int(),
  paymentRate: z.number(),
  /** 95 % interval of the payment rate (Wilson). */
  paymentRateInterval: z.object({ low: z.number(), high: z.number() }),
  medianHoursToPay: z.number().nullable(),
  collectedMinor: z.number().int(),
  /** Probability this variant has the highest payment rate (Bayesian, uniform prior). */
  probabilityBest: z.number(),
});
export type AbVariantResult = z.infer<typeof AbVariantResult>;

export const AbComparison = z.object({
  /** The variant with the highest payment rate so far, compared with the runner-up. */
  leader: z.string(),
  runnerUp: z.string(),
  /** (leader − runner-up) ÷ runner-up: 0.12 is "pays 12 % more often". */
  relativeLift: z.number().nullable(),
  /** Leader minus runner-up rate, with its 95 % interval. */
  difference: z.number(),
  differenceInterval: z.object({ low: z.number(), high: z.number() }),
  /** Two-proportion z-test, two-sided. */
  pValue: z.number(),
  /** Whether the leader is the best with at least 95 % probability. */
  decided: z.boolean(),
  /** Cases per variant still needed to tell a difference of the size seen (0: enough; null: no difference seen). */
  casesStillNeeded: z.number().int().nullable(),
  /** In plain words, e.g. "B pays 12 % more often than A; 97 % probability it is the best." */
  verdict: z.string(),
});
export type AbComparison = z.infer<typeof AbComparison>;

export const AbTestResult = z.object({
  kind: z.enum(['split', 'subjectLines']),
  /** The split's node id, or the template key. */
  key: z.string(),
  label: z.string(),
  /** For a split right after the entry: it tests two whole branches. */
  wholeFlow: z.boolean(),
  variants: z.array(AbVariantResult),
  /** Null while fewer than two variants have cases. */
  comparison: AbComparison.nullable(),
});
export type AbTestResult = z.infer<typeof AbTestResult>;

export const AbResults = z.object({
  flowId: z.uuid(),
  flowName: z.string(),
  /** The version the splits' current weights are read from. */
  version: z.number().int(),
  /** Of the amounts collected. */
  currency: z.string(),
  tests: z.array(AbTestResult),
});
export type AbResults = z.infer<typeof AbResults>;

export const PromoteWinnerInput = z.object({
  flowId: z.uuid(),
  nodeId: z.string().min(1).max(100),
  /** The winning variant's handle: it gets 100 % of the cases from the new version on. */
  variant: z.string().min(1).max(100),
});
export type PromoteWinnerInput = z.infer<typeof PromoteWinnerInput>;

export const AbResultsInput = z.object({
  flowId: z.uuid(),
  from: z.iso.date(),
  to: z.iso.date(),
});
export type AbResultsInput = z.infer<typeof AbResultsInput>;
