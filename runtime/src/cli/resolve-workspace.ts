/** The workspace a command names by slug (or exact name); a clear error if there is none. */
import type { Queryable } from '../db/pool.ts';
import { findWorkspace, type WorkspaceRef } from '../workspaces/workspace-queries.ts';
import { CommandFailure } from './output.ts';

export async function resolveWorkspace(db: Queryable, slugOrName: string): Promise<WorkspaceRef> {
  const workspace = await findWorkspace(db, slugOrName);
  if (!workspace) {
    const { rows } = await db.query<{ slug: string }>('select slug from workspaces order by slug limit 20');
    const known = rows.map((row) => row.slug).join(', ');
    throw new CommandFailure(`There is no workspace “${slugOrName}”.${known ? ` Workspaces: ${known}.` : ''}`, {
      error: 'unknown_workspace',
      workspace: slugOrName,
    });
  }
  return workspace;
}

/** The workspace of a flow, for commands that take only a flow id. */
export async function workspaceOfFlow(db: Queryable, flowId: string): Promise<string> {
  const { rows } = await db.query<{ workspace_id: string }>(`select workspace_id from flows where id::text = $1`, [
    flowId,
  ]);
  if (!rows[0]) throw new CommandFailure(`There is no flow ${flowId}.`, { error: 'unknown_flow', flowId });
  return rows[0].workspace_id;
}
