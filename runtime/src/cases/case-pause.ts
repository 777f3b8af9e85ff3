/**
 * Pausing and resuming a case for what the debtor arranged: a promise to pay, an installment
 * plan, a dispute. While paused its runs hold and its flow messages wait. A case resumes only
 * when nothing holds it any more — one arrangement ending does not undo another.
 */
import type { Queryable } from '../db/pool.ts';
import { scheduleRuns } from '../jobs/run-jobs.ts';

/** What the debtor arranged for a case, read with the case row locked (one arrangement at a time). */
export interface CaseHolds {
  status: string;
  /** The date of an open promise to pay, if any. */
  promised: string | null;
  /** An installment plan is running. */
  planned: boolean;
  /** A dispute waits for an agent. */
  disputed: boolean;
  /** An agent paused the case. */
  pausedByAgent: boolean;
}

/** Locks the case (in the caller's transaction) and says what holds it; null when there is no such case. */
export async function lockCaseHolds(db: Queryable, workspaceId: string, caseId: string): Promise<CaseHolds | null> {
  const { rows } = await db.query<CaseHolds>(
    `select c.status::text, c.paused_by_agent as "pausedByAgent",
            (select p.promised_date::text from promises p
              where p.workspace_id = c.workspace_id and p.case_id = c.id and p.status = 'open') as promised,
            exists (select 1 from installment_plans p
                     where p.workspace_id = c.workspace_id and p.case_id = c.id and p.status = 'active') as planned,
            exists (select 1 from disputes d
                     where d.workspace_id = c.workspace_id and d.case_id = c.id and d.status = 'open') as disputed
       from cases c where c.workspace_id = $1 and c.id = $2 for update`,
    [workspaceId, caseId],
  );
  return rows[0] ?? null;
}

export async function pauseCase(db: Queryable, workspaceId: string, caseId: string): Promise<void> {
  await db.query(`update cases set status = 'paused', updated_at = now() where workspace_id = $1 and id = $2`, [
    workspaceId,
    caseId,
  ]);
}

/**
 * Opens a paused case again and lets its held runs go on, unless an agent's pause, an open
 * promise, an active installment plan or an open dispute still holds it. Returns whether it resumed.
 */
export async function resumeCase(db: Queryable, workspaceId: string, caseId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `update cases c set status = 'open', updated_at = now()
      where c.workspace_id = $1 and c.id = $2 and c.status = 'paused' and not c.paused_by_agent
        and not exists (select 1 from promises p where p.workspace_id = $1 and p.case_id = $2 and p.status = 'open')
        and not exists (select 1 from installment_plans p
                         where p.workspace_id = $1 and p.case_id = $2 and p.status = 'active')
        and not exists (select 1 from disputes d where d.workspace_id = $1 and d.case_id = $2 and d.status = 'open')`,
    [workspaceId, caseId],
  );
  if (!rowCount) return false;
  const { rows: runs } = await db.query<{ id: string }>(
    `select id from runs where workspace_id = $1 and case_id = $2 and status = 'active'`,
    [workspaceId, caseId],
  );
  await scheduleRuns(
    db,
    runs.map((run) => run.id),
  );
  return true;
}
