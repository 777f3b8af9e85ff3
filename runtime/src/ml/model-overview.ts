/**
 * The model page's figures (see shared/src/ml/model-overview.ts): per bestChannel node of the
 * workspace's active and paused flows, its current model and metrics, its choices of the last 30
 * days, the off-policy uplift over the best single channel; per self-optimising A/B split its
 * shares and the results behind them. And the page's switch between the learned policy and the
 * node's fixed rule.
 */
import {
  type BestChannelOverview,
  type Channel,
  type ChannelModelSummary,
  DecisionReason,
  FlowGraph,
  type FlowNodeOf,
  featureLabel,
  interceptFeature,
  type ModelOverview,
  type ModelVersionSummary,
  type SetPolicyModeInput,
  type SplitAllocationOverview,
} from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import { BestChannelModel } from './best-channel-model.ts';
import { policyUplift } from './policy-uplift.ts';
import type { ModelMetrics } from './train-best-channel.ts';

const day = 86_400_000;

interface FlowRow {
  flow_id: string;
  flow_name: string;
  graph: unknown;
}

async function flowsWithPolicies(db: Queryable, workspaceId: string): Promise<FlowRow[]> {
  const { rows } = await db.query<FlowRow>(
    `select f.id as flow_id, f.name as flow_name, v.graph
       from flows f
       join flow_versions v on v.workspace_id = f.workspace_id and v.flow_id = f.id and v.version = f.current_version
      where f.workspace_id = $1 and f.status in ('active', 'paused')
        and exists (select 1 from jsonb_array_elements(v.graph -> 'nodes') n
                     where n ->> 'type' = 'bestChannel' or (n ->> 'type' = 'abSplit' and n -> 'data' ? 'shiftToWinner'))
      order by f.name`,
    [workspaceId],
  );
  return rows;
}

export async function modelOverview(db: Queryable, workspaceId: string, now = new Date()): Promise<ModelOverview> {
  const overview: ModelOverview = { bestChannel: [], splits: [] };
  for (const flow of await flowsWithPolicies(db, workspaceId)) {
    const graph = FlowGraph.safeParse(flow.graph);
    if (!graph.success) continue;
    for (const node of graph.data.nodes) {
      const base = { flowId: flow.flow_id, flowName: flow.flow_name, nodeId: node.id, nodeLabel: node.label ?? null };
      if (node.type === 'bestChannel') overview.bestChannel.push(await nodeOverview(db, workspaceId, base, node, now));
      else if (node.type === 'abSplit' && node.data.shiftToWinner) {
        overview.splits.push(await splitOverview(db, workspaceId, base, node));
      }
    }
  }
  return overview;
}

type Base = Pick<BestChannelOverview, 'flowId' | 'flowName' | 'nodeId' | 'nodeLabel'>;

/** A row of `ml_models`, as the page reads it. */
interface ModelRow {
  version: number;
  trained_at: Date;
  window_start: Date;
  window_end: Date;
  sample_size: number;
  positives: number;
  model: unknown;
  metrics: ModelMetrics;
}

async function nodeOverview(
  db: Queryable,
  workspaceId: string,
  base: Base,
  node: FlowNodeOf<'bestChannel'>,
  now: Date,
): Promise<BestChannelOverview> {
  const key = [workspaceId, base.flowId, base.nodeId];
  const [mode, models, choices] = await Promise.all([
    db.query<{ mode: 'learned' | 'fixed' }>(
      'select mode from ml_policy_modes where workspace_id = $1 and flow_id = $2 and node_id = $3',
      key,
    ),
    db.query<ModelRow & { versions: number }>(
      `select version, trained_at, window_start, window_end, sample_size, positives, model, metrics,
              count(*) over ()::int as versions
         from ml_models where workspace_id = $1 and flow_id = $2 and node_id = $3
        order by version desc limit 1`,
      key,
    ),
    db.query<{ channel: Channel | null; reason: string; count: number }>(
      `select channel::text as channel, reason, count(*)::int as count
         from ml_decisions
        where workspace_id = $1 and flow_id = $2 and node_id = $3 and decided_at > $4
        group by 1, 2 order by 3 desc`,
      [...key, new Date(now.getTime() - 30 * day)],
    ),
  ]);
  const latest = models.rows[0];
  return {
    ...base,
    candidates: node.data.candidates,
    rewardWindowDays: node.data.rewardWindowDays,
    mode: mode.rows[0]?.mode ?? 'learned',
    model: latest ? versionSummary(latest) : null,
    versions: latest?.versions ?? 0,
    choices: choices.rows.map((row) => ({ ...row, reason: DecisionReason.parse(row.reason) })),
    uplift: await upliftOf(db, key, node, now),
  };
}

function versionSummary(row: ModelRow): ModelVersionSummary {
  const model = BestChannelModel.parse(row.model);
  const channels: ChannelModelSummary[] = Object.entries(model.channels).map(([channel, posterior]) => ({
    channel: channel as Channel,
    trials: posterior.trials,
    successes: posterior.successes,
    auc: row.metrics.channels[channel as Channel]?.auc ?? null,
    topFeatures: model.features
      .map((feature, index) => ({ feature, weight: posterior.mean[index]! }))
      .filter((entry) => entry.feature !== interceptFeature)
      .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
      .slice(0, 4)
      .map((entry) => ({
        feature: entry.feature,
        label: featureLabel(entry.feature),
        oddsRatio: Math.round(Math.exp(entry.weight) * 100) / 100,
      })),
  }));
  return {
    version: row.version,
    trainedAt: row.trained_at.toISOString(),
    windowStart: row.window_start.toISOString(),
    windowEnd: row.window_end.toISOString(),
    sampleSize: row.sample_size,
    positives: row.positives,
    holdout: row.metrics.holdout,
    logLoss: row.metrics.logLoss,
    baseRateLogLoss: row.metrics.baseRateLogLoss,
    auc: row.metrics.auc,
    channels,
  };
}

/** The decisions by model or exploration of the last 90 days whose reward window has passed. */
async function upliftOf(db: Queryable, key: string[], node: FlowNodeOf<'bestChannel'>, now: Date) {
  const windowDays = node.data.rewardWindowDays;
  const { rows } = await db.query<{ channel: Channel; reachable: string; propensity: number; paid: boolean }>(
    `select d.channel::text as channel, d.reachable::text as reachable, d.propensity,
            exists (select 1 from payments p
                     where p.workspace_id = d.workspace_id and p.case_id = d.case_id
                       and p.paid_at > d.decided_at and p.paid_at <= d.decided_at + $4 * interval '1 day') as paid
       from ml_decisions d
      where d.workspace_id = $1 and d.flow_id = $2 and d.node_id = $3 and d.reason in ('model', 'exploration')
        and d.decided_at >= $5 and d.decided_at <= $6
      order by d.decided_at desc limit 200000`,
    [...key, windowDays, new Date(now.getTime() - 90 * day), new Date(now.getTime() - windowDays * day)],
  );
  return policyUplift(
    rows.map((row) => ({
      channel: row.channel,
      reachable: row.reachable.replace(/[{}]/g, '').split(',').filter(Boolean) as Channel[],
      propensity: row.propensity,
      paid: row.paid,
    })),
    node.data.candidates,
  );
}

async function splitOverview(
  db: Queryable,
  workspaceId: string,
  base: Base,
  node: FlowNodeOf<'abSplit'>,
): Promise<SplitAllocationOverview> {
  const { rows } = await db.query<{
    shares: Record<string, number>;
    basis: Record<string, { cases: number; paid: number }>;
    computed_at: Date;
  }>(
    `select shares, basis, computed_at from ml_split_allocations
      where workspace_id = $1 and flow_id = $2 and node_id = $3`,
    [workspaceId, base.flowId, base.nodeId],
  );
  const stored = rows[0];
  return {
    ...base,
    minimumShare: node.data.shiftToWinner!.minimumShare,
    variants: node.data.variants.map((variant) => ({
      id: variant.id,
      label: variant.label,
      weight: variant.weight,
      share: stored?.shares[variant.id] ?? null,
      cases: stored?.basis[variant.id]?.cases ?? 0,
      paid: stored?.basis[variant.id]?.paid ?? 0,
    })),
    computedAt: stored?.computed_at.toISOString() ?? null,
  };
}

/** The model page's switch: the learned policy, or the node's fixed rule (its fallback order). */
export async function setPolicyMode(
  db: Queryable,
  workspaceId: string,
  input: SetPolicyModeInput,
  userId: string,
): Promise<void> {
  const flows = await flowsWithPolicies(db, workspaceId);
  const flow = flows.find((entry) => entry.flow_id === input.flowId);
  const graph = flow ? FlowGraph.safeParse(flow.graph) : null;
  const node = graph?.success ? graph.data.nodes.find((entry) => entry.id === input.nodeId) : undefined;
  if (node?.type !== 'bestChannel') {
    throw new DomainError('NOT_FOUND', 'This best-channel step is not part of an active or paused flow.');
  }
  await db.query(
    `insert into ml_policy_modes (workspace_id, flow_id, node_id, mode, changed_by)
     values ($1, $2, $3, $4, $5)
     on conflict (workspace_id, flow_id, node_id)
       do update set mode = excluded.mode, changed_by = excluded.changed_by, changed_at = now()`,
    [workspaceId, input.flowId, input.nodeId, input.mode, userId],
  );
}
