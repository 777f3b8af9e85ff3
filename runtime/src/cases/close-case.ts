/**
 * Status sync: closing a case (paid, or closed by a person) ends everything that would still
 * reach the debtor, in the caller's transaction — its runs exit and its queued messages are
 * cancelled (flows/end-runs.ts).
 */
import type { Queryable } from '../db/pool.ts';
import { type EndedRuns, endActiveRuns } from '../flows/end-runs.ts';

export async function closeCase(
  db: Queryable,
  workspaceId: string,
  caseId: string,
  status: 'paid' | 'closed',
  reason: string,
): Promise<EndedRuns> {
  await db.query(
    `update cases set status = $3::case_status, closed_at = coalesce(closed_at, now()), updated_at = now()
      where workspace_id = $1 and id = $2`,
    [workspaceId, caseId, status],
  );
  return endActiveRuns(db, workspaceId, { caseId }, reason);
}
