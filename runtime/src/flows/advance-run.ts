/**
 * Advancing a run, as its `run_flow` job does: lock the run, check it may go on (its case is
 * open, its flow not paused), execute one step, commit. Idempotent: a run that ended, or is
 * held, is left as it is, so a duplicate or late job does nothing.
 */
import type { Channel } from '@collectflow/shared';
import { inTransaction, type Pool } from '../db/pool.ts';
import { type FlowDefinitions, UnusableFlowVersionError } from './flow-definitions.ts';
import { lockRun } from './locked-run.ts';
import { RunStep, type RunStepResult } from './run-step.ts';

export interface RunEngine {
  pool: Pool;
  /** The flow clock. Default in production: the system clock. */
  clock: () => Date;
  definitions: FlowDefinitions;
  /** Told after commit which channels got new messages (to nudge their senders). */
  onMessagesQueued?: (channels: ReadonlySet<Channel>) => void;
}

export type AdvanceResult = RunStepResult | 'inactive' | 'held';

export async function advanceRun(engine: RunEngine, runId: string): Promise<AdvanceResult> {
  let queued: ReadonlySet<Channel> = new Set();
  const result = await inTransaction(engine.pool, async (client): Promise<AdvanceResult> => {
    const run = await lockRun(client, runId);
    if (run?.status !== 'active') return 'inactive';
    const step = new RunStep(client, run, engine.clock());
    if (run.caseStatus === 'paid' || run.caseStatus === 'closed' || run.flowStatus === 'archived') {
      // Payments and archiving end runs in their own transaction; this catches anything else.
      step.end('exited', run.flowStatus === 'archived' ? 'flow_archived' : `case_${run.caseStatus}`);
      await step.flush();
      return 'finished';
    }
    // Held where it is; resuming the case or the flow schedules it again.
    if (run.caseStatus === 'paused' || run.flowStatus === 'paused') return 'held';
    let outcome: RunStepResult;
    try {
      const definition = await engine.definitions.get(client, run.workspaceId, run.flowId, run.flowVersion);
      outcome = await step.execute(definition);
    } catch (error) {
      if (!(error instanceof UnusableFlowVersionError)) throw error;
      outcome = step.fail(run.nodeId, error.message);
    }
    await step.flush();
    queued = step.queuedChannels;
    return outcome;
  });
  if (queued.size > 0) engine.onMessagesQueued?.(queued);
  return result;
}
