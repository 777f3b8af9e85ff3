/**
 * The training cron's work: for every active flow's current version, retrain each bestChannel
 * node whose newest model is a day or more behind the data (a new version, from the events,
 * messages and payments of the window), and recompute the shares of every A/B split that shifts
 * traffic to the winner. Driven by `now`, so the ML benchmark can run it on a simulated clock.
 */
import { type BestChannelNodeData, FlowGraph, type FlowNodeOf } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import { seedFrom } from './seeded-random.ts';
import { refreshSplitAllocation } from './split-allocation.ts';
import { saveModel, trainBestChannel } from './train-best-channel.ts';

export interface TrainingReport {
  workspaceId: string;
  flowId: string;
  nodeId: string;
  kind: 'bestChannel' | 'abSplit';
  /** The new model version; null when the node was up to date or had too little data. */
  version: number | null;
  note: string;
}

const day = 86_400_000;

export async function trainPolicies(
  db: Queryable,
  { now = new Date(), workspaceId }: { now?: Date; workspaceId?: string } = {},
): Promise<TrainingReport[]> {
  const { rows } = await db.query<{ workspace_id: string; flow_id: string; graph: unknown }>(
    `select f.workspace_id, f.id as flow_id, v.graph
       from flows f
       join flow_versions v on v.workspace_id = f.workspace_id and v.flow_id = f.id and v.version = f.current_version
      where f.status = 'active' and ($1::uuid is null or f.workspace_id = $1)
        and exists (select 1 from jsonb_array_elements(v.graph -> 'nodes') n
                     where n ->> 'type' = 'bestChannel' or (n ->> 'type' = 'abSplit' and n -> 'data' ? 'shiftToWinner'))`,
    [workspaceId ?? null],
  );
  const reports: TrainingReport[] = [];
  for (const row of rows) {
    const graph = FlowGraph.safeParse(row.graph);
    if (!graph.success) continue;
    const key = { workspaceId: row.workspace_id, flowId: row.flow_id };
    for (const node of graph.data.nodes) {
      if (node.type === 'bestChannel') {
        reports.push(await retrainNode(db, { ...key, node, timezone: graph.data.settings.timezone, now }));
      } else if (node.type === 'abSplit' && node.data.shiftToWinner) {
        const shares = await refreshSplitAllocation(db, {
          ...key,
          nodeId: node.id,
          variants: node.data.variants,
          option: node.data.shiftToWinner,
          now,
        });
        const words = Object.entries(shares).map(([variant, share]) => `${variant} ${share.toFixed(1)} %`);
        reports.push({ ...key, nodeId: node.id, kind: 'abSplit', version: null, note: words.join(', ') });
      }
    }
  }
  return reports;
}

async function retrainNode(
  db: Queryable,
  input: { workspaceId: string; flowId: string; node: FlowNodeOf<'bestChannel'>; timezone: string; now: Date },
): Promise<TrainingReport> {
  const { workspaceId, flowId, node, now } = input;
  const data: BestChannelNodeData = node.data;
  const base = { workspaceId, flowId, nodeId: node.id, kind: 'bestChannel' as const };
  const latest = await db.query<{ window_end: Date }>(
    `select window_end from ml_models where workspace_id = $1 and flow_id = $2 and node_id = $3
      order by version desc limit 1`,
    [workspaceId, flowId, node.id],
  );
  const windowEnd = now.getTime() - data.rewardWindowDays * day;
  const previousEnd = latest.rows[0]?.window_end.getTime();
  if (previousEnd !== undefined && windowEnd - previousEnd < day) {
    return { ...base, version: null, note: 'up to date' };
  }
  const spec = {
    workspaceId,
    flowId,
    nodeId: node.id,
    candidates: data.candidates,
    rewardWindowDays: data.rewardWindowDays,
    timezone: input.timezone,
    now,
    seed: seedFrom(flowId, node.id),
  };
  const trained = await trainBestChannel(db, spec);
  if (!trained) return { ...base, version: null, note: 'not enough data yet' };
  const version = await saveModel(db, spec, trained);
  return { ...base, version, note: `${trained.sampleSize} messages, ${trained.positives} paid` };
}
