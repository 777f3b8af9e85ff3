/**
 * The worker: a graphile-worker runner executing Collectflow's tasks — flow steps, message
 * senders, enrolments, housekeeping — plus a heartbeat row so that server-only processes can
 * tell (in /readyz) whether any worker is alive. Several worker processes on several machines
 * may share one database: that is graphile-worker's own model.
 *
 * When a worker process dies (killed, out of memory, machine gone), graphile-worker would keep
 * its jobs locked for 4 hours. Each worker records the lock ids it uses and the
 * `application_name` of its connections; a worker whose connections are all gone is dead, and
 * the others release its jobs at once (on start and at every heartbeat).
 */

import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import os from 'node:os';
import { type Runner, run, type Task, type TaskList, type WorkerEvents } from 'graphile-worker';
import type { WorkspaceConnectors } from '../connectors/workspace-connectors.ts';
import type { Pool } from '../db/pool.ts';
import type { RunEngine } from '../flows/advance-run.ts';
import { FlowDefinitions } from '../flows/flow-definitions.ts';
import { StepBatcher } from '../flows/step-batcher.ts';
import { runFlowTaskName } from '../jobs/run-jobs.ts';
import { type Logger, toWorkerLogger } from '../logging/logger.ts';
import { type ChannelDispatcher, DispatcherRegistry } from '../outbox/channel-dispatcher.ts';
import { OutboxNudge, sendMessagesTaskName } from '../outbox/outbox-nudge.ts';
import { sandboxDispatcher } from '../outbox/sandbox-dispatcher.ts';
import type { Paylinks } from '../paylinks/paylinks.ts';
import { checkPromiseTask, checkPromiseTaskName } from '../paylinks/promise-to-pay.ts';
import {
  checkInstallmentTask,
  checkInstallmentTaskName,
  remindInstallmentTask,
  remindInstallmentTaskName,
} from '../plans/installment-plans.ts';
import { checkOutboxTask } from '../tasks/check-outbox.ts';
import { checkWebhooksTask, deliverWebhookTask } from '../tasks/deliver-webhook.ts';
import { enrolFlowTask, enrolFlowTaskName } from '../tasks/enrol-flow.ts';
import { importWatchedFoldersTask, importWatchedFoldersTaskName } from '../tasks/import-watched-folders.ts';
import { pullSourcesTask, pullSourcesTaskName } from '../tasks/pull-sources.ts';
import { purgeExpiredSessionsTask } from '../tasks/purge-expired-sessions.ts';
import { purgeIdempotencyKeysTask } from '../tasks/purge-idempotency-keys.ts';
import {
  rebuildAnalyticsTask,
  rebuildAnalyticsTaskName,
  refreshAnalyticsTask,
  refreshAnalyticsTaskName,
} from '../tasks/refresh-analytics.ts';
import { runFlowTask } from '../tasks/run-flow.ts';
import { sendMessagesTask } from '../tasks/send-messages.ts';
import { trainPoliciesTask, trainPoliciesTaskName } from '../tasks/train-policies.ts';
import { wakeOverdueRunsTask, wakeOverdueRunsTaskName } from '../tasks/wake-overdue-runs.ts';
import { deliverWebhookTaskName } from '../webhooks/webhook-deliveries.ts';

export interface Worker {
  readonly id: string;
  isRunning(): boolean;
  stop(): Promise<void>;
}

export interface StartWorkerOptions {
  pool: Pool;
  concurrency: number;
  logger: Logger;
  /** Identifies this worker in heartbeats and dispatch records. Default: host:pid:random. */
  id?: string;
  /** Seconds between heartbeats. Default: 15. */
  heartbeatSeconds?: number;
  /** The flow clock. Default: the system clock. */
  clock?: () => Date;
  /** Connectors messages are sent through. Default: the sandbox. */
  dispatchers?: readonly ChannelDispatcher[];
  /** The service's public address, for the paylinks in messages. Default: http://127.0.0.1:3000. */
  publicUrl?: () => string;
  /** Issues the paylinks in messages (from the service's secret key). */
  paylinks?: Paylinks;
  /** The connectors workspaces configured. Default: none (only `dispatchers`). */
  workspaceConnectors?: WorkspaceConnectors;
  /**
   * Jobs fetched (and locked) at once into a local queue; 0 turns the queue off. Batching
   * fetches and completions is what lets graphile-worker run tens of thousands of short jobs
   * a second. Default: 4 × concurrency.
   */
  localQueueSize?: number;
  /** Opens the webhooks' signing secrets (the service's secret key). Without it, webhooks are not sent. */
  secretKey?: Buffer;
  /** The flow definition cache to use. Default: a new one. */
  definitions?: FlowDefinitions;
  /**
   * How often to look for jobs that became due (waits ending); new jobs are announced at once.
   * Default: 2000 ms.
   */
  pollIntervalMs?: number;
}

const crontab = [
  '17 * * * * purge_expired_sessions ?max=1',
  '23 * * * * purge_idempotency_keys ?max=1',
  '* * * * * check_outbox ?max=1',
  `* * * * * ${wakeOverdueRunsTaskName} ?max=1`,
  `* * * * * ${importWatchedFoldersTaskName} ?max=1&queue=watched_folders`,
  '* * * * * check_webhooks ?max=1',
  `*/5 * * * * ${pullSourcesTaskName} ?max=1&queue=pull_sources`,
  `* * * * * ${refreshAnalyticsTaskName} ?max=1&queue=analytics`,
  `41 3 * * * ${rebuildAnalyticsTaskName} ?max=1&queue=analytics`,
  `7 * * * * ${trainPoliciesTaskName} ?max=1&queue=machine_learning`,
].join('\n');

export async function startWorker(options: StartWorkerOptions): Promise<Worker> {
  const { pool, concurrency, logger } = options;
  const id = options.id ?? `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const applicationName = (pool.options as { application_name?: string }).application_name ?? null;
  const lockIds = new Set<string>();
  const beat = () =>
    pool.query(
      `insert into worker_heartbeats (worker_id, hostname, pid, lock_ids, application_name) values ($1, $2, $3, $4, $5)
       on conflict (worker_id) do update set last_seen_at = now(), lock_ids = excluded.lock_ids`,
      [id, os.hostname(), process.pid, [...lockIds], applicationName],
    );
  await beat();
  await releaseDeadWorkers(pool, id, logger);

  const clock = options.clock ?? (() => new Date());
  const definitions = options.definitions ?? new FlowDefinitions();
  const nudge = new OutboxNudge(pool, logger);
  const engine: RunEngine = { pool, clock, definitions, onMessagesQueued: (channels) => nudge.nudge(channels) };
  const dispatchers = new DispatcherRegistry(options.dispatchers ?? [sandboxDispatcher(pool)]);
  // Job slots not taken by other tasks: when all of them wait for the step batcher, its batch
  // is complete and goes at once.
  let otherJobsRunning = 0;
  const batcher = new StepBatcher(engine, { jobSlots: () => concurrency - otherJobsRunning }, logger);
  const otherTasks: TaskList = {
    [sendMessagesTaskName]: sendMessagesTask(
      {
        pool,
        dispatchers,
        logger,
        workerId: id,
        onDecided: (runIds) => batcher.advanceMany(runIds),
        ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
        ...(options.paylinks ? { paylinks: options.paylinks } : {}),
        ...(options.workspaceConnectors ? { workspaceConnectors: options.workspaceConnectors } : {}),
      },
      nudge,
    ),
    [enrolFlowTaskName]: enrolFlowTask(pool, definitions, clock),
    check_outbox: checkOutboxTask(pool),
    [checkPromiseTaskName]: checkPromiseTask(pool),
    [checkInstallmentTaskName]: checkInstallmentTask(pool, definitions),
    [remindInstallmentTaskName]: remindInstallmentTask(pool),
    purge_expired_sessions: purgeExpiredSessionsTask(pool),
    purge_idempotency_keys: purgeIdempotencyKeysTask(pool),
    [wakeOverdueRunsTaskName]: wakeOverdueRunsTask(pool, clock),
    [importWatchedFoldersTaskName]: importWatchedFoldersTask(pool, definitions, logger),
    [deliverWebhookTaskName]: options.secretKey
      ? deliverWebhookTask(pool, options.secretKey)
      : async () => {
          throw new Error('This worker has no secret key, so it cannot sign webhooks (startWorker secretKey).');
        },
    check_webhooks: checkWebhooksTask(pool),
    [refreshAnalyticsTaskName]: refreshAnalyticsTask(pool),
    [rebuildAnalyticsTaskName]: rebuildAnalyticsTask(pool),
    [trainPoliciesTaskName]: trainPoliciesTask(pool),
    // Without the workspaces' connectors (some tests), there is nothing to pull from.
    [pullSourcesTaskName]: options.workspaceConnectors
      ? pullSourcesTask(
          { pool, definitions, workspaceConnectors: options.workspaceConnectors },
          logger.child({ component: 'sources' }),
        )
      : async () => {},
  };
  const taskList: TaskList = { [runFlowTaskName]: runFlowTask(batcher) };
  for (const [name, task] of Object.entries(otherTasks) as Array<[string, Task]>) {
    taskList[name] = async (payload, helpers) => {
      otherJobsRunning += 1;
      try {
        return await task(payload, helpers);
      } finally {
        otherJobsRunning -= 1;
      }
    };
  }

  const events: WorkerEvents = new EventEmitter();
  events.on('pool:create', ({ workerPool }) => lockIds.add(workerPool.id));
  events.on('worker:create', ({ worker }) => lockIds.add(worker.workerId));
  const localQueueSize = options.localQueueSize ?? concurrency * 4;
  const runner: Runner = await run({
    pgPool: pool,
    concurrency,
    noHandleSignals: true,
    pollInterval: options.pollIntervalMs ?? 2000,
    taskList,
    crontab,
    events,
    logger: toWorkerLogger(logger),
    preset: {
      worker: {
        ...(localQueueSize > 1 ? { localQueue: { size: localQueueSize } } : {}),
        completeJobBatchDelay: 0,
      },
    },
  });
  await beat();
  let running = true;
  const heartbeat = setInterval(
    () => {
      beat()
        .then(() => releaseDeadWorkers(pool, id, logger))
        .catch((error: unknown) => logger.warn({ err: error }, 'Worker heartbeat failed'));
    },
    (options.heartbeatSeconds ?? 15) * 1000,
  );
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
      await nudge.flush();
      if (running) await runner.stop();
      running = false;
      await pool.query('delete from worker_heartbeats where worker_id = $1', [id]).catch(() => undefined);
    },
  };
}

/**
 * Releases the jobs of workers that are gone: no connection with their application name is
 * left in this database (or, for heartbeats without one, none was seen for two minutes).
 */
export async function releaseDeadWorkers(pool: Pool, ownId: string, logger: Logger): Promise<number> {
  const { rows } = await pool.query<{ worker_id: string; lock_ids: string[] }>(
    `delete from worker_heartbeats h
      where h.worker_id <> $1
        and case when h.application_name is not null
                 then not exists (select 1 from pg_stat_activity a
                                   where a.datname = current_database() and a.application_name = h.application_name)
                 else h.last_seen_at < now() - interval '2 minutes' end
      returning worker_id, lock_ids`,
    [ownId],
  );
  const lockIds = rows.flatMap((row) => row.lock_ids);
  if (lockIds.length > 0) {
    await pool.query('select graphile_worker.force_unlock_workers($1::text[])', [lockIds]);
  }
  for (const row of rows) logger.warn(`Worker ${row.worker_id} is gone; released its jobs`);
  return rows.length;
}

/** Whether some worker process (anywhere) sent a heartbeat within `withinSeconds`. */
export async function anyWorkerAlive(pool: Pool, withinSeconds = 45): Promise<boolean> {
  const { rowCount } = await pool.query(
    `select 1 from worker_heartbeats where last_seen_at > now() - make_interval(secs => $1) limit 1`,
    [withinSeconds],
  );
  return (rowCount ?? 0) > 0;
}
