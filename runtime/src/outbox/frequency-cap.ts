/**
 * The per-debtor frequency cap: at most N messages within D days, across all flows. A message
 * over the cap waits until the oldest message in the window falls out of it (deferred, never
 * dropped). A transaction-scoped advisory lock per debtor keeps two flows from both taking the
 * last free slot at the same moment.
 */
import type { FrequencyCap } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';

const dayMs = 86_400_000;

/** When the next message to the debtor may be queued; null if it may be now. */
export async function frequencyCapFreeAt(
  db: Queryable,
  workspaceId: string,
  debtorId: string,
  cap: FrequencyCap,
  now: Date,
): Promise<Date | null> {
  await db.query(`select pg_advisory_xact_lock(hashtextextended('collectflow.frequency-cap:' || $1, 0))`, [debtorId]);
  const windowMs = cap.perDays * dayMs;
  // The cap-th most recent message in the window: once it is older than the window, a slot is free.
  const { rows } = await db.query<{ created_at: Date }>(
    `select created_at from messages
      where workspace_id = $1 and debtor_id = $2 and status not in ('cancelled', 'failed') and created_at > $3
      order by created_at desc offset $4 limit 1`,
    [workspaceId, debtorId, new Date(now.getTime() - windowMs), cap.maxMessages - 1],
  );
  return rows[0] ? new Date(rows[0].created_at.getTime() + windowMs) : null;
}
