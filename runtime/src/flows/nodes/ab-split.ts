/**
 * The A/B split step: the case's sticky variant (hash of case and node) decides the way on. A
 * split that shifts traffic to the winner uses the shares the training cron computed (the
 * weights until then), and a case that comes back to the split in the same run keeps the
 * variant it got.
 */
import { type FlowNodeOf, pickVariant } from '@collectflow/shared';
import { readSplitShares } from '../../ml/split-allocation.ts';
import type { NodeContext, NodeHandler } from '../node-handler.ts';

export const abSplitStep: NodeHandler<FlowNodeOf<'abSplit'>> = async (node, context) => {
  let variants = node.data.variants;
  if (node.data.shiftToWinner) {
    const earlier = await earlierVariant(context, node.id);
    const kept = variants.find((variant) => variant.id === earlier);
    if (kept) return { kind: 'next', handle: kept.id, detail: { variant: kept.id, variantLabel: kept.label } };
    const { run } = context;
    const shares = await readSplitShares(context.db, {
      workspaceId: run.workspaceId,
      flowId: run.flowId,
      nodeId: node.id,
    });
    if (shares) variants = variants.map((variant) => ({ ...variant, weight: shares[variant.id] ?? 0 }));
  }
  const variant = pickVariant(context.run.caseId, node.id, variants);
  return {
    kind: 'next',
    handle: variant.id,
    detail: {
      variant: variant.id,
      variantLabel: variant.label,
      ...(node.data.shiftToWinner ? { share: Math.round(variant.weight * 10) / 10 } : {}),
    },
  };
};

/** The variant this run got at the node before, from its timeline. */
async function earlierVariant(context: NodeContext, nodeId: string): Promise<string | null> {
  const { rows } = await context.db.query<{ handle: string }>(
    `select payload ->> 'handle' as handle from events
      where workspace_id = $1 and case_id = $2 and type = 'flow.step'
        and payload ->> 'runId' = $3 and payload ->> 'nodeId' = $4
      order by id desc limit 1`,
    [context.run.workspaceId, context.run.caseId, context.run.id, nodeId],
  );
  return rows[0]?.handle ?? null;
}
