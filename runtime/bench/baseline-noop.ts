/**
 * The baseline: raw graphile-worker throughput with no-op jobs and its best settings (local
 * queue, batched completion), on the same database and with the same concurrency as the flow
 * benchmark.
 */
import { Logger, run } from 'graphile-worker';
import type { Pool } from '../src/db/pool.ts';

export interface BaselineOptions {
  jobs: number;
  concurrency: number;
  localQueueSize: number;
}

export async function measureNoopJobsPerSecond(pool: Pool, options: BaselineOptions): Promise<number> {
  for (let from = 0; from < options.jobs; from += 50_000) {
    await pool.query(
      `select count(*) from graphile_worker.add_jobs(array(
         select row('bench_noop', '{}'::json, null, null, null, null, null, null)::graphile_worker.job_spec
           from generate_series(1, $1)))`,
      [Math.min(50_000, options.jobs - from)],
    );
  }
  let completed = 0;
  let finish: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const started = performance.now();
  const runner = await run({
    pgPool: pool,
    concurrency: options.concurrency,
    noHandleSignals: true,
    logger: new Logger(() => () => {}),
    taskList: {
      bench_noop: async () => {
        completed += 1;
        if (completed === options.jobs) finish();
      },
    },
    preset: { worker: { localQueue: { size: options.localQueueSize }, completeJobBatchDelay: 0 } },
  });
  await done;
  const seconds = (performance.now() - started) / 1000;
  await runner.stop();
  return options.jobs / seconds;
}
