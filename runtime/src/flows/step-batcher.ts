/**
 * Batches the steps of the runs whose jobs are running at the same moment in this worker:
 * each `run_flow` job hands its run to the batcher and waits; within a millisecond (or at
 * `maxBatch` runs) the batcher advances them all with one read and one write
 * (`advanceRuns`). Every run keeps its own job, keyed by the run, and its job completes when
 * its own step is written — graphile-worker's model is unchanged; only the database round
 * trips are shared, the way graphile-worker itself fetches and completes jobs in batches.
 */
import type { Logger } from '../logging/logger.ts';
import { type AdvanceResult, advanceRuns, type RunEngine } from './advance-run.ts';

interface Waiting {
  runId: string;
  /** Asked for by a `run_flow` job (which holds one of the worker's job slots while it waits). */
  fromJob: boolean;
  resolve(result: AdvanceResult): void;
  reject(error: Error): void;
}

export interface StepBatcherOptions {
  /** Most runs per batch. Default: 100. */
  maxBatch?: number;
  /** How long the first run of a batch waits for others, in ms. Default: 1. */
  windowMs?: number;
  /**
   * How many `run_flow` jobs the worker can run right now (its concurrency less its other
   * running jobs). When that many wait here, no other job can join the batch, so it goes at
   * once instead of waiting out the window. Default: no such limit.
   */
  jobSlots?: () => number;
}

export class StepBatcher {
  private waiting: Waiting[] = [];
  private jobsWaiting = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly maxBatch: number;
  private readonly windowMs: number;
  private readonly jobSlots: () => number;

  constructor(
    private readonly engine: RunEngine,
    options: StepBatcherOptions = {},
    private readonly logger?: Logger,
  ) {
    this.maxBatch = options.maxBatch ?? 100;
    this.windowMs = options.windowMs ?? 1;
    this.jobSlots = options.jobSlots ?? (() => Number.POSITIVE_INFINITY);
  }

  /**
   * Advances many runs (a sender's decided messages), in batches; resolves when all are
   * written. A run that fails is logged and left to the sweep of overdue runs, which retries it.
   */
  async advanceMany(runIds: readonly string[]): Promise<void> {
    const settled = Promise.allSettled(runIds.map((runId) => this.enqueue(runId, false)));
    // All of them are here: nothing to wait for.
    if (this.waiting.length > 0) this.flush();
    const results = await settled;
    results.forEach((result, index) => {
      if (result.status === 'rejected') {
        this.logger?.error(
          { err: result.reason, runId: runIds[index] },
          'A run could not go on after its message was decided; the sweep of overdue runs will retry it',
        );
      }
    });
  }

  /** Advances the run of a `run_flow` job by one step, together with whatever other runs arrive now. */
  advance(runId: string): Promise<AdvanceResult> {
    return this.enqueue(runId, true);
  }

  private enqueue(runId: string, fromJob: boolean): Promise<AdvanceResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ runId, fromJob, resolve, reject });
      if (fromJob) this.jobsWaiting += 1;
      if (this.waiting.length >= this.maxBatch || this.jobsWaiting >= this.jobSlots()) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.waiting.splice(0, this.maxBatch);
    for (const entry of batch) if (entry.fromJob) this.jobsWaiting -= 1;
    if (this.waiting.length > 0) this.timer = setTimeout(() => this.flush(), 0);
    if (batch.length > 0) void this.run(batch);
  }

  private async run(batch: Waiting[]): Promise<void> {
    try {
      const results = await advanceRuns(
        this.engine,
        batch.map((entry) => entry.runId),
      );
      for (const entry of batch) {
        const result = results.get(entry.runId) ?? 'inactive';
        if (result instanceof Error) entry.reject(result);
        else entry.resolve(result);
      }
    } catch (error) {
      for (const entry of batch) entry.reject(error as Error);
    }
  }
}
