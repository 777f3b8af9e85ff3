/** The open cases of some debtors: their facts changed, so they may now enter flows. */
import type { Queryable } from '../db/pool.ts';

export async function openCasesOfDebtors(
  db: Queryable,
  workspaceId: string,
  debtorIds: readonly string[],
): Promise<string[]> {
  if (debtorIds.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    `select id from cases where workspace_id = $1 and debtor_id = any($2::uuid[]) and status = 'open'`,
    [workspaceId, debtorIds],
  );
  return rows.map((row) => row.id);
}
