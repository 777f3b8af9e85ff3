/** Flows of a workspace: creating, listing, reading, saving drafts, and their versions. */
import {
  type FlowDetail,
  FlowDraft,
  type FlowDraftInput,
  type FlowSummary,
  type FlowVersionDetail,
  type FlowVersionSummary,
  newFlowDraft,
  type SavedFlowDraft,
} from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';

const summaryColumns = `f.id, f.name, f.status, f.current_version as "currentVersion",
  (select count(*) from runs r where r.workspace_id = f.workspace_id and r.flow_id = f.id and r.status = 'active')::int
    as "activeCases",
  to_json(f.created_at) #>> '{}' as "createdAt", to_json(f.updated_at) #>> '{}' as "updatedAt",
  (select u.name from users u where u.workspace_id = f.workspace_id and u.id = f.updated_by) as "updatedBy"`;

const versionColumns = `v.version, v.note, to_json(v.published_at) #>> '{}' as "publishedAt",
  (select u.name from users u where u.workspace_id = v.workspace_id and u.id = v.published_by) as "publishedBy"`;

export function flowNotFound(flowId: string): DomainError {
  return new DomainError('NOT_FOUND', `There is no flow ${flowId} in this workspace.`, { field: 'flowId' });
}

export async function createFlow(
  db: Queryable,
  workspaceId: string,
  input: { name: string; draft?: FlowDraftInput | undefined; userId: string | null },
): Promise<FlowDetail> {
  const draft = FlowDraft.parse({ ...(input.draft ?? newFlowDraft(input.name)), name: input.name });
  const { rows } = await db.query<{ id: string }>(
    `insert into flows (workspace_id, name, draft, created_by, updated_by) values ($1, $2, $3, $4, $4) returning id`,
    [workspaceId, input.name, JSON.stringify(draft), input.userId],
  );
  return getFlow(db, workspaceId, rows[0]!.id);
}

export async function listFlows(
  db: Queryable,
  workspaceId: string,
  options: { includeArchived?: boolean } = {},
): Promise<FlowSummary[]> {
  const { rows } = await db.query<FlowSummary>(
    `select ${summaryColumns} from flows f
      where f.workspace_id = $1 and ($2 or f.status <> 'archived')
      order by f.status = 'archived', f.updated_at desc`,
    [workspaceId, options.includeArchived ?? false],
  );
  return rows;
}

export async function getFlow(db: Queryable, workspaceId: string, flowId: string): Promise<FlowDetail> {
  const { rows } = await db.query<Omit<FlowDetail, 'versions'>>(
    `select ${summaryColumns}, f.draft, f.draft_revision as "draftRevision" from flows f
      where f.workspace_id = $1 and f.id = $2`,
    [workspaceId, flowId],
  );
  if (!rows[0]) throw flowNotFound(flowId);
  return { ...rows[0], versions: await listFlowVersions(db, workspaceId, flowId) };
}

/**
 * Saves the draft as the user left it (unfinished drafts are fine; publishing validates). With
 * `baseRevision`, only if nobody saved the draft since that revision.
 */
export async function saveFlowDraft(
  db: Queryable,
  workspaceId: string,
  flowId: string,
  draft: FlowDraft,
  userId: string | null,
  baseRevision?: number,
): Promise<SavedFlowDraft> {
  const { rows } = await db.query<SavedFlowDraft>(
    `update flows set draft = $3, name = coalesce(nullif(trim($4), ''), name), updated_at = now(), updated_by = $5,
            draft_revision = draft_revision + 1
      where workspace_id = $1 and id = $2 and status <> 'archived' and ($6::int is null or draft_revision = $6)
      returning draft_revision as "draftRevision", to_json(updated_at) #>> '{}' as "updatedAt"`,
    [workspaceId, flowId, JSON.stringify(draft), draft.name, userId, baseRevision ?? null],
  );
  if (rows[0]) return rows[0];
  const { rows: found } = await db.query<{ status: string; revision: number; by: string | null }>(
    `select f.status, f.draft_revision as revision,
            (select u.name from users u where u.workspace_id = f.workspace_id and u.id = f.updated_by) as by
       from flows f where f.workspace_id = $1 and f.id = $2`,
    [workspaceId, flowId],
  );
  const flow = found[0];
  if (!flow) throw flowNotFound(flowId);
  if (flow.status === 'archived')
    throw new DomainError('CONFLICT', 'This flow is archived; archived flows cannot be changed.');
  throw new DomainError(
    'CONFLICT',
    `${flow.by ?? 'Someone else'} saved this flow after you opened it, so your changes were not saved over theirs.`,
    { field: 'baseRevision' },
  );
}

export async function listFlowVersions(
  db: Queryable,
  workspaceId: string,
  flowId: string,
): Promise<FlowVersionSummary[]> {
  const { rows } = await db.query<FlowVersionSummary>(
    `select ${versionColumns} from flow_versions v where v.workspace_id = $1 and v.flow_id = $2 order by v.version desc`,
    [workspaceId, flowId],
  );
  return rows;
}

export async function getFlowVersion(
  db: Queryable,
  workspaceId: string,
  flowId: string,
  version: number,
): Promise<FlowVersionDetail> {
  const { rows } = await db.query<FlowVersionDetail>(
    `select ${versionColumns}, v.flow_id as "flowId", v.graph from flow_versions v
      where v.workspace_id = $1 and v.flow_id = $2 and v.version = $3`,
    [workspaceId, flowId, version],
  );
  if (!rows[0]) throw new DomainError('NOT_FOUND', `Flow ${flowId} has no version ${version}.`, { field: 'version' });
  return rows[0];
}

/** A new draft flow holding a copy of another's draft, named "… (copy)" unless a name is given. */
export async function duplicateFlow(
  db: Queryable,
  workspaceId: string,
  flowId: string,
  input: { name?: string | undefined; userId: string | null },
): Promise<FlowDetail> {
  const source = await getFlow(db, workspaceId, flowId);
  const name = input.name ?? `${source.name} (copy)`.slice(0, 200);
  return createFlow(db, workspaceId, { name, draft: { ...source.draft, name }, userId: input.userId });
}

/** Renames a flow (its draft's name too; published versions keep the name they had). */
export async function renameFlow(
  db: Queryable,
  workspaceId: string,
  flowId: string,
  name: string,
  userId: string | null,
): Promise<FlowSummary> {
  const { rowCount } = await db.query(
    `update flows set name = $3, draft = jsonb_set(draft, '{name}', to_jsonb($3::text)), updated_at = now(), updated_by = $4,
            draft_revision = draft_revision + 1
      where workspace_id = $1 and id = $2`,
    [workspaceId, flowId, name, userId],
  );
  if (!rowCount) throw flowNotFound(flowId);
  const { versions: _, draft: __, draftRevision: ___, ...summary } = await getFlow(db, workspaceId, flowId);
  return summary;
}

/** Makes a published version the draft again (the current draft is replaced). */
export async function restoreFlowVersion(
  db: Queryable,
  workspaceId: string,
  flowId: string,
  version: number,
  userId: string | null,
): Promise<FlowDetail> {
  const { graph } = await getFlowVersion(db, workspaceId, flowId, version);
  await saveFlowDraft(db, workspaceId, flowId, FlowDraft.parse(graph), userId);
  return getFlow(db, workspaceId, flowId);
}
