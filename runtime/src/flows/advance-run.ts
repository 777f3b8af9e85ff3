/**
 * Advancing runs, as their `run_flow` jobs do: read the run, check it may go on (its case is
 * open, its flow not paused), execute one step and write it. Optimistic — no transaction, a
 * guarded write — and locked when a handler needs to change other rows or the run keeps
 * changing under the step. Idempotent: a run that ended, or is held, is left as it is, so a
 * duplicate or late job does nothing.
 *
 * {@link advanceRuns} does the same for many runs at once: one read, one write for all of them
 * (the step batcher's path); a run that needs the lock or changed meanwhile goes on alone.
 */
import type { Channel } from '@collectflow/shared';
import { inTransaction, type Pool, type PoolClient, type Queryable } from '../db/pool.ts';
import { type FlowDefinitions, UnusableFlowVersionError } from './flow-definitions.ts';
import { StepNeedsLock } from './node-handler.ts';
import { type RunSnapshot, readRun, readRuns } from './run-snapshot.ts';
import { RunStep, type RunStepResult, type StepWrite, writeSteps } from './run-step.ts';

export interface RunEngine {
  pool: Pool;
  /** The flow clock. Default in production: the system clock. */
  clock: () => Date;
  definitions: FlowDefinitions;
  /** Told after commit which channels got new messages (to nudge their senders). */
  onMessagesQueued?: (channels: ReadonlySet<Channel>) => void;
}

export type AdvanceResult = RunStepResult | 'inactive' | 'held';

/** Optimistic attempts before a step falls back to the lock (the run changed under it each time). */
const optimisticAttempts = 3;

type Prepared = { kind: 'unchanged'; result: AdvanceResult } | { kind: 'step'; result: AdvanceResult; step: RunStep };

/** Decides a run's step without writing it. Throws {@link StepNeedsLock} for an optimistic step that needs the lock. */
async function prepareStep(
  engine: RunEngine,
  db: Queryable,
  run: RunSnapshot | null,
  now: Date,
  locked: PoolClient | null,
): Promise<Prepared> {
  if (run?.status !== 'active') return { kind: 'unchanged', result: 'inactive' };
  const step = new RunStep(db, run, now, locked);
  if (run.caseStatus === 'paid' || run.caseStatus === 'closed' || run.flowStatus === 'archived') {
    // Payments and archiving end runs in their own transaction; this catches anything else.
    step.end('exited', run.flowStatus === 'archived' ? 'flow_archived' : `case_${run.caseStatus}`);
    return { kind: 'step', result: 'finished', step };
  }
  // Held where it is; resuming the case or the flow schedules it again.
  if (run.caseStatus === 'paused' || run.flowStatus === 'paused') return { kind: 'unchanged', result: 'held' };
  try {
    const definition = await engine.definitions.get(db, run.workspaceId, run.flowId, run.flowVersion);
    return { kind: 'step', result: await step.execute(definition), step };
  } catch (error) {
    if (!(error instanceof UnusableFlowVersionError)) throw error;
    return { kind: 'step', result: step.fail(run.nodeId, error.message), step };
  }
}

/** Advances one run by one step. */
export async function advanceRun(engine: RunEngine, runId: string): Promise<AdvanceResult> {
  for (let attempt = 0; attempt < optimisticAttempts; attempt += 1) {
    let prepared: Prepared;
    try {
      prepared = await prepareStep(
        engine,
        engine.pool,
        await readRun(engine.pool, runId, { lock: false }),
        engine.clock(),
        null,
      );
    } catch (error) {
      if (error instanceof StepNeedsLock) break;
      throw error;
    }
    if (prepared.kind === 'unchanged') return prepared.result;
    if (await prepared.step.flush()) return finish(engine, prepared.step, prepared.result);
  }
  return inTransaction(engine.pool, async (client) => {
    const run = await readRun(client, runId, { lock: true });
    const prepared = await prepareStep(engine, client, run, engine.clock(), client);
    if (prepared.kind === 'unchanged') return prepared.result;
    if (!(await prepared.step.flush())) throw new Error(`Run ${runId} changed while its row was locked`);
    return finish(engine, prepared.step, prepared.result);
  });
}

function finish(engine: RunEngine, step: RunStep, result: AdvanceResult): AdvanceResult {
  if (step.queuedChannels.size > 0) engine.onMessagesQueued?.(step.queuedChannels);
  return result;
}

/**
 * Advances many runs by one step each: one read, one write. Returns each run's result, or the
 * error its step threw (a bug in one run fails only that run).
 */
export async function advanceRuns(
  engine: RunEngine,
  runIds: readonly string[],
): Promise<Map<string, AdvanceResult | Error>> {
  const results = new Map<string, AdvanceResult | Error>();
  const unique = [...new Set(runIds)];
  const runs = await readRuns(engine.pool, unique);
  const now = engine.clock();
  const alone: string[] = [];
  const prepared: Array<{ step: RunStep; result: AdvanceResult; write: StepWrite }> = [];
  for (const run of runs) {
    try {
      const step = await prepareStep(engine, engine.pool, run, now, null);
      if (step.kind === 'unchanged') results.set(run.id, step.result);
      else prepared.push({ step: step.step, result: step.result, write: step.step.decided() });
    } catch (error) {
      if (error instanceof StepNeedsLock) alone.push(run.id);
      else results.set(run.id, error as Error);
    }
  }
  for (const runId of unique) if (!runs.some((run) => run.id === runId)) results.set(runId, 'inactive');

  let applied: Set<string>;
  try {
    applied = await writeSteps(
      engine.pool,
      prepared.map((entry) => entry.write),
    );
  } catch {
    // One bad row fails the statement: let every run of it try alone, so only that one fails.
    applied = new Set();
  }
  const queued = new Set<Channel>();
  for (const { step, result, write } of prepared) {
    if (applied.has(write.runId)) {
      results.set(write.runId, result);
      for (const channel of step.queuedChannels) queued.add(channel);
    } else {
      alone.push(write.runId);
    }
  }
  if (queued.size > 0) engine.onMessagesQueued?.(queued);
  for (const runId of alone) {
    results.set(runId, await advanceRun(engine, runId).catch((error: Error) => error));
  }
  return results;
}
