/**
 * A dry run ("test run") of a draft: one real case stepped through the flow as it is being
 * edited, with nothing sent and no time waited, so that a business user sees the path the case
 * would take before publishing.
 */
import { z } from 'zod';
import { FlowDraft } from './flow.ts';
import { FlowProblem } from './flow-problem.ts';

export const DryRunInput = z.object({ draft: FlowDraft, caseId: z.uuid() });
export type DryRunInput = z.infer<typeof DryRunInput>;

export const DryRunStep = z.object({
  nodeId: z.string(),
  /** The handle the case left through; null at the node where the run ended. */
  handle: z.string().nullable(),
  /** The edge it followed from that handle; null at the end. */
  edgeId: z.string().nullable(),
  /** What happened here, in plain words ("Condition is true", "Would wait 3 days"). */
  summary: z.string(),
});
export type DryRunStep = z.infer<typeof DryRunStep>;

export const DryRunOutcome = z.enum([
  /** The case reached an End node. */
  'exited',
  /** The case does not match the Start segment: it would not enter the flow. */
  'not_entered',
  /** The draft has problems; nothing was run. */
  'invalid',
  /** The case went round more steps than a dry run follows (a loop). */
  'step_limit',
]);
export type DryRunOutcome = z.infer<typeof DryRunOutcome>;

export const DryRunResult = z.object({
  caseId: z.uuid(),
  debtorName: z.string(),
  outcome: DryRunOutcome,
  /** The exit reason of the End node reached, when `exited`. */
  exitReason: z.string().nullable(),
  steps: z.array(DryRunStep),
  /** The draft's problems, when `invalid`. */
  problems: z.array(FlowProblem),
});
export type DryRunResult = z.infer<typeof DryRunResult>;

/** Steps a dry run follows before it gives up on a loop. */
export const dryRunStepLimit = 200;
