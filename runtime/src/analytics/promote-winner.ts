/**
 * "Promote winner": a new version of the flow in which an A/B split sends every case down the
 * winning variant (100 %, the others 0 %). The split stays on the canvas, so its history keeps
 * its place; the draft gets the same weights, so the next publish does not undo the promotion.
 */
import { AbSplitNodeData, type FlowVersionSummary, type PromoteWinnerInput } from '@collectflow/shared';
import type { Pool } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import { getFlow, getFlowVersion } from '../flows/flow-queries.ts';
import { publishFlow } from '../flows/publish-flow.ts';

interface GraphLike {
  nodes: Array<{ id: string; type: string; label?: string; data: unknown }>;
}

export async function promoteWinner(
  pool: Pool,
  workspaceId: string,
  input: PromoteWinnerInput,
  userId: string | null,
): Promise<FlowVersionSummary> {
  const flow = await getFlow(pool, workspaceId, input.flowId);
  const current = flow.versions[0]?.version;
  if (current === undefined) throw new DomainError('BAD_REQUEST', `“${flow.name}” is not published yet.`);
  const { graph } = await getFlowVersion(pool, workspaceId, input.flowId, current);
  const split = (graph as GraphLike).nodes.find((node) => node.id === input.nodeId && node.type === 'abSplit');
  if (!split) {
    throw new DomainError('NOT_FOUND', `Version ${current} of “${flow.name}” has no A/B split “${input.nodeId}”.`, {
      field: 'nodeId',
    });
  }
  const variant = AbSplitNodeData.parse(split.data).variants.find((candidate) => candidate.id === input.variant);
  if (!variant) {
    throw new DomainError('BAD_REQUEST', `The A/B split has no variant “${input.variant}”.`, { field: 'variant' });
  }
  const draftHasSplit = (flow.draft as GraphLike).nodes.some(
    (node) => node.id === input.nodeId && node.type === 'abSplit',
  );
  return publishFlow(pool, workspaceId, input.flowId, {
    note: `Promoted “${variant.label}” of ${split.label ? `“${split.label}”` : 'the A/B split'}: every case takes it from now on.`,
    userId,
    fromVersion: {
      graph: withWinner(graph as GraphLike, input.nodeId, input.variant),
      basedOnVersion: current,
      draft: draftHasSplit ? withWinner(flow.draft as GraphLike, input.nodeId, input.variant) : null,
    },
  });
}

function withWinner<T extends GraphLike>(graph: T, nodeId: string, winner: string): T {
  return {
    ...graph,
    nodes: graph.nodes.map((node) => {
      if (node.id !== nodeId || node.type !== 'abSplit') return node;
      const data = node.data as { variants: Array<{ id: string; weight: number }> };
      return {
        ...node,
        data: {
          ...data,
          variants: data.variants.map((variant) => ({ ...variant, weight: variant.id === winner ? 100 : 0 })),
        },
      };
    }),
  };
}
