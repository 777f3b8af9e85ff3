/**
 * Scheduling runs: one graphile-worker job per runnable run, keyed by the run id, so a run has
 * at most one pending job and scheduling it again just moves that job (`replace`). Jobs carry
 * the run id only, never the graph. Everything here is set-based: many runs, one statement.
 */
import { z } from 'zod';
import type { Queryable } from '../db/pool.ts';

export const runFlowTaskName = 'run_flow';

/** The payload of a `run_flow` job. Parsed at the start of the task: old jobs live on in real databases. */
export const RunFlowPayload = z.object({ runId: z.uuid() });
export type RunFlowPayload = z.infer<typeof RunFlowPayload>;

/**
 * SQL for a `graphile_worker.job_spec[]` scheduling the runs whose ids `idsSql` selects, at
 * `runAtSql` (null: now). For use inside larger statements.
 */
export function runJobSpecsSql(selectIdsAndRunAt: string): string {
  return `array(select row('${runFlowTaskName}', json_build_object('runId', s.id), null, s.run_at, null, s.id::text, null, null)::graphile_worker.job_spec
                  from (${selectIdsAndRunAt}) as s(id, run_at))`;
}

/** Schedules runs (now, or at `runAt`); an existing job of a run is moved. Returns how many. */
export async function scheduleRuns(
  db: Queryable,
  runIds: readonly string[],
  runAt: Date | null = null,
): Promise<number> {
  if (runIds.length === 0) return 0;
  const { rows } = await db.query<{ count: number }>({
    name: 'collectflow.schedule-runs',
    text: `select count(*)::int as count
       from graphile_worker.add_jobs(${runJobSpecsSql('select id, $2::timestamptz from unnest($1::uuid[]) as id')})`,
    values: [runIds, runAt],
  });
  return rows[0]!.count;
}

/** Removes the pending jobs of runs that ended (a running job is told not to retry). */
export async function unscheduleRuns(db: Queryable, runIds: readonly string[]): Promise<void> {
  if (runIds.length === 0) return;
  await db.query('select graphile_worker.remove_job(id::text) from unnest($1::uuid[]) as id', [runIds]);
}
