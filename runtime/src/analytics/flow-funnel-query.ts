/**
 * The funnel of one flow version (also the canvas overlay): per step the cases that reached it
 * and how many of them are paid, per output the cases that left by it — for the runs that
 * entered in the period.
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
  const runsOfVersion = `run_analytics a
     where a.workspace_id = $1 and a.flow_id = $2 and a.flow_version = $3
       and a.entered_at >= $4::date and a.entered_at < $5::date + 1`;
  const [steps, standing] = await Promise.all([
    db.query<{ node_id: string; handle: string | null; runs: number; paid: number }>(
      `with steps as (
         select a.run_id, a.paid_at, split_part(s.step, ':', 1) as node_id, split_part(s.step, ':', 2) as handle
           from ${runsOfVersion.replace('run_analytics a', 'run_analytics a cross join lateral unnest(a.path) s (step)')}
       )
       select node_id, null as handle, count(distinct run_id)::int as runs,
              count(distinct run_id) filter (where paid_at is not null)::int as paid
         from steps group by node_id
       union all
       select node_id, handle, count(*)::int, 0 from steps group by node_id, handle`,
      parameters,
    ),
    // Where runs stand or ended without passing the step (waiting at it, an exit, paid while waiting).
    db.query<{ node_id: string; not_passed: number; paid_not_passed: number; active: number }>(
      `select a.node_id, count(*) filter (where not x.passed)::int as not_passed,
              count(a.paid_at) filter (where not x.passed)::int as paid_not_passed,
              count(*) filter (where a.status = 'active')::int as active
         from ${runsOfVersion.replace(
           'run_analytics a',
           `run_analytics a cross join lateral
              (select exists (select 1 from unnest(a.path) p where split_part(p, ':', 1) = a.node_id) as passed) x`,
         )} and a.node_id is not null
        group by a.node_id`,
      parameters,
    ),
  ]);
  const { rows: totals } = await db.query<{ entered: number }>(
    `select count(*)::int as entered from ${runsOfVersion}`,
    parameters,
  );

  const nodes: FunnelNode[] = FlowGraph.parse(graph).nodes.map((node) => {
    const passed = steps.rows.find((row) => row.node_id === node.id && row.handle === null);
    const here = standing.rows.find((row) => row.node_id === node.id);
    const reached = (passed?.runs ?? 0) + (here?.not_passed ?? 0);
    const paid = (passed?.paid ?? 0) + (here?.paid_not_passed ?? 0);
    return {
      nodeId: node.id,
      reached,
      paid,
      paymentRate: reached === 0 ? 0 : paid / reached,
      waiting: here?.active ?? 0,
    };
  });
  return {
    flowId: flow.id,
    flowName: flow.name,
    version,
    versions,
    graph,
    casesEntered: totals[0]?.entered ?? 0,
    nodes,
    edges: steps.rows
      .filter((row) => row.handle !== null)
      .map((row) => ({ nodeId: row.node_id, handle: row.handle!, cases: row.runs })),
  };
}
