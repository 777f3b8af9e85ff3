/**
 * Pausing, resuming and archiving flows. A paused flow enrols no one and holds every case where
 * it stands (its steps return without moving); resuming schedules all its runs again, each at
 * its own wake time. Archiving ends the flow for good: its cases exit with reason
 * `flow_archived` and their queued messages are cancelled.
 */
import { inTransaction, type Pool, type PoolClient } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import { runJobSpecsSql } from '../jobs/run-jobs.ts';
import { type EndedRuns, endActiveRuns } from './end-runs.ts';
import { flowNotFound } from './flow-queries.ts';

type Status = 'draft' | 'active' | 'paused' | 'archived';

async function lockFlow(client: PoolClient, workspaceId: string, flowId: string) {
  const { rows } = await client.query<{ status: Status }>(
    'select status from flows where workspace_id = $1 and id = $2 for update',
    [workspaceId, flowId],
  );
  if (!rows[0]) throw flowNotFound(flowId);
  return rows[0].status;
}

async function setStatus(
  client: PoolClient,
  workspaceId: string,
  flowId: string,
  status: Status,
  userId: string | null,
) {
  await client.query(
    'update flows set status = $3, updated_at = now(), updated_by = $4 where workspace_id = $1 and id = $2',
    [workspaceId, flowId, status, userId],
  );
}

export async function pauseFlow(pool: Pool, workspaceId: string, flowId: string, userId: string | null): Promise<void> {
  await inTransaction(pool, async (client) => {
    const status = await lockFlow(client, workspaceId, flowId);
    if (status === 'paused') return;
    if (status !== 'active')
      throw new DomainError('CONFLICT', `Only a published flow can be paused; this one is ${status}.`);
    await setStatus(client, workspaceId, flowId, 'paused', userId);
  });
}

/** Resumes a paused flow; returns how many waiting cases were scheduled again. */
export async function resumeFlow(
  pool: Pool,
  workspaceId: string,
  flowId: string,
  userId: string | null,
): Promise<number> {
  return inTransaction(pool, async (client) => {
    const status = await lockFlow(client, workspaceId, flowId);
    if (status === 'active') return 0;
    if (status !== 'paused')
      throw new DomainError('CONFLICT', `Only a paused flow can be resumed; this one is ${status}.`);
    await setStatus(client, workspaceId, flowId, 'active', userId);
    const { rows } = await client.query<{ count: number }>(
      `select count(*)::int as count from graphile_worker.add_jobs(${runJobSpecsSql(
        `select id, greatest(coalesce(wake_at, now()), now()) from runs
          where workspace_id = $1 and flow_id = $2 and status = 'active'`,
      )})`,
      [workspaceId, flowId],
    );
    return rows[0]!.count;
  });
}

export async function archiveFlow(
  pool: Pool,
  workspaceId: string,
  flowId: string,
  userId: string | null,
): Promise<EndedRuns> {
  return inTransaction(pool, async (client) => {
    const status = await lockFlow(client, workspaceId, flowId);
    if (status === 'archived') return { exitedRuns: 0, cancelledMessages: 0 };
    await setStatus(client, workspaceId, flowId, 'archived', userId);
    return endActiveRuns(client, workspaceId, { flowId }, 'flow_archived');
  });
}
