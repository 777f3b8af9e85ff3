/**
 * Enrolment when cases open or change (new invoices, changed debtor data): the cases are
 * matched against every active flow of the workspace, each flow's latest published version.
 * Runs in the caller's transaction, so an import and its enrolments commit together.
 */
import type { Queryable } from '../db/pool.ts';
import type { FlowDefinitions } from '../flows/flow-definitions.ts';
import { enrolMatchingCases } from './enrol-cases.ts';

export async function enrolIntoActiveFlows(
  db: Queryable,
  definitions: FlowDefinitions,
  workspaceId: string,
  caseIds: readonly string[],
  now: Date,
): Promise<number> {
  if (caseIds.length === 0) return 0;
  const { rows: flows } = await db.query<{ id: string; current_version: number }>(
    `select id, current_version from flows where workspace_id = $1 and status = 'active' order by created_at`,
    [workspaceId],
  );
  let enrolled = 0;
  for (const flow of flows) {
    const definition = await definitions.get(db, workspaceId, flow.id, flow.current_version);
    enrolled += await enrolMatchingCases(
      db,
      {
        workspaceId,
        flowId: flow.id,
        version: flow.current_version,
        entry: definition.entry.data,
        timezone: definition.graph.settings.timezone,
      },
      { caseIds, now },
    );
  }
  return enrolled;
}
