/**
 * What a bestChannel node decides with: its newest model version and the model page's switch,
 * read with one small query per decision. Model bodies never change once stored, so they are
 * kept in memory by version (bounded, least recently used) and parsed once.
 */
import { channelOfConnector } from '../connectors/connector-configs.ts';
import type { Queryable } from '../db/pool.ts';
import { BestChannelModel, type VersionedModel } from './best-channel-model.ts';

export interface PolicyKey {
  workspaceId: string;
  flowId: string;
  nodeId: string;
}

export interface PolicyState {
  mode: 'learned' | 'fixed';
  model: VersionedModel | null;
}

const capacity = 200;
const models = new Map<string, VersionedModel>();

export async function readPolicyState(db: Queryable, key: PolicyKey): Promise<PolicyState> {
  const { rows } = await db.query<{ version: number | null; mode: 'learned' | 'fixed' | null }>({
    name: 'collectflow.ml-policy-state',
    text: `select (select version from ml_models
                    where workspace_id = $1 and flow_id = $2 and node_id = $3 order by version desc limit 1) as version,
                  (select mode from ml_policy_modes where workspace_id = $1 and flow_id = $2 and node_id = $3) as mode`,
    values: [key.workspaceId, key.flowId, key.nodeId],
  });
  const { version, mode } = rows[0]!;
  return { mode: mode ?? 'learned', model: version === null ? null : await modelVersion(db, key, version) };
}

async function modelVersion(db: Queryable, key: PolicyKey, version: number): Promise<VersionedModel> {
  const cacheKey = `${key.workspaceId}:${key.flowId}:${key.nodeId}:${version}`;
  const cached = models.get(cacheKey);
  if (cached) {
    models.delete(cacheKey);
    models.set(cacheKey, cached);
    return cached;
  }
  const { rows } = await db.query<{ model: unknown }>(
    'select model from ml_models where workspace_id = $1 and flow_id = $2 and node_id = $3 and version = $4',
    [key.workspaceId, key.flowId, key.nodeId, version],
  );
  const loaded = { version, model: BestChannelModel.parse(rows[0]!.model) };
  models.set(cacheKey, loaded);
  if (models.size > capacity) models.delete(models.keys().next().value!);
  return loaded;
}

/** Cost of one message per channel in minor units: the cheapest connector of the channel with a cost set. */
export async function messageCostsMinor(db: Queryable, workspaceId: string): Promise<Record<string, number>> {
  const { rows } = await db.query<{ connector: string; cost: string }>(
    `select connector, cost_per_message::text as cost from connector_configs
      where workspace_id = $1 and cost_per_message is not null`,
    [workspaceId],
  );
  const costs: Record<string, number> = {};
  for (const row of rows) {
    const channel = channelOfConnector(row.connector);
    if (!channel) continue;
    const minor = Number(row.cost) * 100;
    costs[channel] = Math.min(costs[channel] ?? Number.POSITIVE_INFINITY, minor);
  }
  return costs;
}
