/**
 * Recording timeline events, and waking the runs that wait for them. A run waiting at a
 * "wait for" step lists the events it waits for; recording one of them marks the run (under its
 * row lock, so a run that is just starting to wait is either seen or sees the event as past)
 * and schedules it at once.
 */
import type { EventSource, EventType } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import { scheduleRuns } from '../jobs/run-jobs.ts';

export interface CaseEvent {
  workspaceId: string;
  caseId: string;
  type: EventType;
  source: EventSource;
  payload?: Record<string, unknown>;
  actorUserId?: string | null;
  /** Default: now. */
  occurredAt?: Date;
}

/** Appends an event to a case's timeline and wakes runs waiting for its type. Returns the event id. */
export async function recordCaseEvent(db: Queryable, event: CaseEvent): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `insert into events (workspace_id, case_id, type, occurred_at, source, actor_user_id, payload)
     values ($1, $2, $3, coalesce($4, now()), $5, $6, $7) returning id`,
    [
      event.workspaceId,
      event.caseId,
      event.type,
      event.occurredAt ?? null,
      event.source,
      event.actorUserId ?? null,
      JSON.stringify(event.payload ?? {}),
    ],
  );
  await wakeRunsWaitingFor(db, event.workspaceId, event.caseId, event.type);
  return rows[0]!.id;
}

/** Marks the runs of a case that wait for `type` as woken by it, and schedules them now. */
export async function wakeRunsWaitingFor(
  db: Queryable,
  workspaceId: string,
  caseId: string,
  type: string,
): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `update runs
        set node_state = coalesce(node_state, '{}'::jsonb) || jsonb_build_object('event', $3::text),
            waiting_for = null, revision = revision + 1, updated_at = now()
      where workspace_id = $1 and case_id = $2 and status::text = 'active' and waiting_for @> array[$3::text]
      returning id`,
    [workspaceId, caseId, type],
  );
  const ids = rows.map((row) => row.id);
  await scheduleRuns(db, ids);
  return ids;
}
