/**
 * The worker: a graphile-worker runner executing Collectflow's tasks, plus a heartbeat row so
 * that server-only processes can tell (in /readyz) whether any worker is alive. Several worker
 * processes on several machines may share one database: that is graphile-worker's own model.
 */

import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { type Runner, run, type TaskList } from 'graphile-worker';
import type { Pool } from '../db/pool.ts';
import { type Logger, toWorkerLogger } from '../logging/logger.ts';
import { purgeExpiredSessionsTask } from '../tasks/purge-expired-sessions.ts';

export interface Worker {
  readonly id: string;
  isRunning(): boolean;
  stop(): Promise<void>;
}

export interface StartWorkerOptions {
  pool: Pool;
  concurrency: number;
  logger: Logger;
  /** Seconds between heartbeats. Default: 15. */
  heartbeatSeconds?: number;
}

function taskList(pool: Pool): TaskList {
  return { purge_expired_sessions: purgeExpiredSessionsTask(pool) };
}

const crontab = '17 * * * * purge_expired_sessions ?max=1';

export async function startWorker({
  pool,
  concurrency,
  logger,
  heartbeatSeconds = 15,
}: StartWorkerOptions): Promise<Worker> {
  const id = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const beat = () =>
    pool.query(
      `insert into worker_heartbeats (worker_id, hostname, pid) values ($1, $2, $3)
       on conflict (worker_id) do update set last_seen_at = now()`,
      [id, os.hostname(), process.pid],
    );
  await beat();
  const runner: Runner = await run({
    pgPool: pool,
    concurrency,
    noHandleSignals: true,
    taskList: taskList(pool),
    crontab,
    logger: toWorkerLogger(logger),
  });
  let running = true;
  const heartbeat = setInterval(() => {
    beat().catch((error: unknown) => logger.warn({ err: error }, 'Worker heartbeat failed'));
  }, heartbeatSeconds * 1000);
  heartbeat.unref();
  runner.promise.then(
    () => {
      running = false;
    },
    (error: unknown) => {
      running = false;
      logger.error({ err: error }, 'Worker stopped unexpectedly');
    },
  );

  return {
    id,
    isRunning: () => running,
    async stop() {
      clearInterval(heartbeat);
      if (running) await runner.stop();
      running = false;
      await pool.query('delete from worker_heartbeats where worker_id = $1', [id]).catch(() => undefined);
    },
  };
}

/** Whether some worker process (anywhere) sent a heartbeat within `withinSeconds`. */
export async function anyWorkerAlive(pool: Pool, withinSeconds = 45): Promise<boolean> {
  const { rowCount } = await pool.query(
    `select 1 from worker_heartbeats where last_seen_at > now() - make_interval(secs => $1) limit 1`,
    [withinSeconds],
  );
  return (rowCount ?? 0) > 0;
}
