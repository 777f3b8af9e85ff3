/**
 * The funnel of one flow version (also the canvas overlay): per step the cases that reached it
 * and how many of them are paid, per output the cases that left by it — for the runs that
 * entered in the period, from the daily rollups (roll-up-days.ts).
 */
import { type FlowFunnel, type FlowFunnelInput, FlowGraph, type FunnelNode } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import { getFlow, getFlowVersion } from '../flows/flow-queries.ts';

export async function flowFunnelFor(db: Queryable, workspaceId: string, input: FlowFunnelInput): Promise<FlowFunnel> {
  const flow = await getFlow(db, workspaceId, input.flowId);
  const versions = flow.versions.map((version) => version.version);
  const version = input.version ?? versions[0];
  if (version === undefined) {
    throw new DomainError('BAD_REQUEST', `“${flow.name}” is not published yet, so no case has been through it.`, {
      field: 'flowId',
    });
  }
  const { graph } = await getFlowVersion(db, workspaceId, input.flowId, version);
  const parameters = [workspaceId, input.flowId, version, input.from, input.to];
  const ofVersion = `workspace_id = $1 and flow_id = $2 and flow_version = $3 and day between $4::date and $5::date`;
  const [counts, totals] = await Promise.all([
    db.query<{ dimension: string; key: string; detail: string; cases: number; paid: number; messages: number }>(
      `select dimension, key, detail, sum(cases)::int as cases, sum(paid)::int as paid, sum(messages)::int as messages
         from analytics_day_counts where ${ofVersion} and dimension in ('node', 'step', 'stand')
        group by dimension, key, detail`,
      parameters,
    ),
    db.query<{ entered: number }>(
      `select coalesce(sum(entered), 0)::int as entered from analytics_days where ${ofVersion}`,
      parameters,
    ),
  ]);
  const find = (dimension: string, key: string) =>
    counts.rows.find((row) => row.dimension === dimension && row.key === key);

  const nodes: FunnelNode[] = FlowGraph.parse(graph).nodes.map((node) => {
    const passed = find('node', node.id);
    const here = find('stand', node.id);
    const reached = (passed?.cases ?? 0) + (here?.cases ?? 0);
    const paid = (passed?.paid ?? 0) + (here?.paid ?? 0);
    return {
      nodeId: node.id,
      reached,
      paid,
      paymentRate: reached === 0 ? 0 : paid / reached,
      waiting: here?.messages ?? 0,
    };
  });
  return {
    flowId: flow.id,
    flowName: flow.name,
    version,
    versions,
    graph,
    casesEntered: totals.rows[0]?.entered ?? 0,
    nodes,
    edges: counts.rows
      .filter((row) => row.dimension === 'step')
      .map((row) => ({ nodeId: row.key, handle: row.detail, cases: row.cases })),
  };
}
