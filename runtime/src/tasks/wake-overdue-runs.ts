/**
 * `wake_overdue_runs` (every minute): schedules every active run without a job whose wait is
 * over — its wake time has passed (the timeouts of runs that wait to be woken by something
 * else), or the message it waits for was decided more than 30 seconds ago and the sender that
 * decided it did not advance it (its worker died). A safety net: no run stays stranded,
 * whatever happened to its job.
 */
import type { Task } from 'graphile-worker';
import type { Pool } from '../db/pool.ts';
import { runJobSpecsSql } from '../jobs/run-jobs.ts';

export const wakeOverdueRunsTaskName = 'wake_overdue_runs';

/** Schedules runs overdue at `now` that have no job (at most `limit` per call); returns how many. */
export async function wakeOverdueRuns(pool: Pool, now: Date, limit = 10_000): Promise<number> {
  const { rows } = await pool.query<{ count: number }>(
    `select count(*)::int as count from graphile_worker.add_jobs(${runJobSpecsSql(
      `select r.id, null::timestamptz from (
         select id from runs where status = 'active' and wake_at <= $2
         union
         select m.run_id from messages m
          where m.finished_at between $2::timestamptz - interval '1 day' and $2::timestamptz - interval '30 seconds'
            and m.run_id is not null
            and exists (select 1 from runs w where w.workspace_id = m.workspace_id and w.id = m.run_id
                           and w.status = 'active' and w.node_state ->> 'messageId' = m.id::text)
       ) due
       join runs r on r.id = due.id
       join cases c on c.workspace_id = r.workspace_id and c.id = r.case_id and c.status = 'open'
       join flows f on f.workspace_id = r.workspace_id and f.id = r.flow_id and f.status = 'active'
       where not exists (select 1 from graphile_worker.jobs j where j.key = r.id::text)
       limit $1`,
    )})`,
    [limit, now],
  );
  return rows[0]!.count;
}

export const wakeOverdueRunsTask =
  (pool: Pool, clock: () => Date): Task =>
  async (_payload, helpers) => {
    const woken = await wakeOverdueRuns(pool, clock());
    if (woken > 0) helpers.logger.info(`Scheduled ${woken} runs whose wait was over`);
  };
