/**
 * Ending active runs early — because their case was settled or closed, or their flow archived —
 * with their queued messages cancelled and their jobs removed, in the caller's transaction.
 * Runs are updated before messages: the run update waits for a step that is running, the
 * message update for a sender that is handing a message over (see outbox/send-due-messages.ts).
 */
import type { Queryable } from '../db/pool.ts';
import { unscheduleRuns } from '../jobs/run-jobs.ts';

export interface EndedRuns {
  exitedRuns: number;
  cancelledMessages: number;
}

/** A case's runs (but the one that is ending them itself), or a flow's. */
export type RunScope = { caseId: string; exceptRunId?: string } | { flowId: string };

export async function endActiveRuns(
  db: Queryable,
  workspaceId: string,
  scope: RunScope,
  reason: string,
): Promise<EndedRuns> {
  const byCase = 'caseId' in scope;
  const exited = await db.query<{ id: string }>(
    `with exited as (
       update runs
          set status = 'exited', exit_reason = $3, finished_at = now(), node_state = null, waiting_for = null,
              wake_at = null, revision = revision + 1, updated_at = now()
        -- For a case, status as text: its runs are found by case (the partial index of all active runs
        -- would be slower); for a flow, that index is the right one.
        where workspace_id = $1 and ${byCase ? "case_id = $2 and status::text = 'active'" : "flow_id = $2 and status = 'active'"}
          and id is distinct from $4::uuid
        returning id, case_id, node_id
     ), recorded as (
       insert into events (workspace_id, case_id, type, source, payload)
       select $1, case_id, 'flow.exited', 'system', jsonb_build_object('runId', id, 'nodeId', node_id, 'reason', $3::text)
         from exited
     )
     select id from exited`,
    [workspaceId, byCase ? scope.caseId : scope.flowId, reason, byCase ? (scope.exceptRunId ?? null) : null],
  );
  const runIds = exited.rows.map((row) => row.id);
  const cancelled = await db.query<{ count: number }>(
    `with cancelled as (
       update messages
          set status = 'cancelled', failure_reason = $3, finished_at = now(), updated_at = now()
        where workspace_id = $1 and status = 'queued' and ${byCase ? 'case_id = $2' : 'run_id = any($2::uuid[])'}
        returning id, case_id, run_id, node_id, channel, template
     ), recorded as (
       insert into events (workspace_id, case_id, type, source, payload)
       select $1, case_id, 'message.cancelled', 'system',
              jsonb_build_object('messageId', id, 'runId', run_id, 'nodeId', node_id, 'channel', channel,
                                 'template', template, 'reason', $3::text)
         from cancelled
     )
     select count(*)::int as count from cancelled`,
    [workspaceId, byCase ? scope.caseId : runIds, reason],
  );
  await unscheduleRuns(db, runIds);
  return { exitedRuns: runIds.length, cancelledMessages: cancelled.rows[0]!.count };
}
