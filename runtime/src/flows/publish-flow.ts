/**
 * Publishing: the draft is validated (the same validator the designer runs live) and frozen as
 * the next numbered version with the author's note. Cases already in the flow stay on their
 * version; matching open cases are enrolled into the new one by a job (a segment may hold a
 * million cases, more than a request should wait for).
 */
import { type FlowVersionSummary, toFlowDefinition } from '@collectflow/shared';
import { connectorKeysOf } from '../connectors/connector-configs.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import { enrolFlowTaskName } from '../tasks/enrol-flow.ts';
import { publishedTemplateKeys } from '../templates/template-queries.ts';
import { flowNotFound, listFlowVersions } from './flow-queries.ts';

/**
 * A version made from a published one rather than from the draft (e.g. "promote the A/B
 * winner"): `graph` is published if the flow is still at `basedOnVersion`, and `draft` (if
 * given) becomes the draft in the same transaction.
 */
export interface PublishFromVersion {
  graph: unknown;
  basedOnVersion: number;
  draft: unknown | null;
}

export async function publishFlow(
  pool: Pool,
  workspaceId: string,
  flowId: string,
  input: { note: string; userId: string | null; fromVersion?: PublishFromVersion },
): Promise<FlowVersionSummary> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ draft: unknown; status: string; current_version: number | null }>(
      'select draft, status, current_version from flows where workspace_id = $1 and id = $2 for update',
      [workspaceId, flowId],
    );
    const flow = rows[0];
    if (!flow) throw flowNotFound(flowId);
    if (flow.status === 'archived')
      throw new DomainError('CONFLICT', 'This flow is archived; archived flows cannot be published.');
    const { fromVersion } = input;
    if (fromVersion && flow.current_version !== fromVersion.basedOnVersion) {
      throw new DomainError(
        'CONFLICT',
        `Version ${flow.current_version} of this flow was published meanwhile; look at its results first.`,
      );
    }
    const result = toFlowDefinition(fromVersion ? fromVersion.graph : flow.draft, {
      connectors: await connectorKeysOf(client, workspaceId),
      templates: await publishedTemplateKeys(client, workspaceId),
    });
    if (!result.ok) {
      const count = result.problems.length;
      throw new DomainError(
        'BAD_REQUEST',
        `The flow cannot be published: ${count === 1 ? 'one problem needs' : `${count} problems need`} fixing first. ${result.problems[0]!.message}`,
        { problems: result.problems },
      );
    }
    const version = (flow.current_version ?? 0) + 1;
    await client.query(
      `insert into flow_versions (workspace_id, flow_id, version, graph, note, published_by) values ($1, $2, $3, $4, $5, $6)`,
      [workspaceId, flowId, version, JSON.stringify(result.definition.graph), input.note, input.userId],
    );
    await client.query(
      `update flows set current_version = $3, status = case when status = 'paused' then 'paused'::flow_status else 'active' end,
              name = $4, updated_at = now(), updated_by = $5
        where workspace_id = $1 and id = $2`,
      [workspaceId, flowId, version, result.definition.graph.name, input.userId],
    );
    if (fromVersion?.draft) {
      await client.query(
        `update flows set draft = $3, draft_revision = draft_revision + 1 where workspace_id = $1 and id = $2`,
        [workspaceId, flowId, JSON.stringify(fromVersion.draft)],
      );
    }
    await client.query(
      `select graphile_worker.add_job($1, json_build_object('workspaceId', $2::text, 'flowId', $3::text, 'version', $4::int),
                                      job_key => 'enrol:' || $3)`,
      [enrolFlowTaskName, workspaceId, flowId, version],
    );
    return (await listFlowVersions(client, workspaceId, flowId))[0]!;
  });
}
