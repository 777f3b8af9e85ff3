/** The A/B split step: the case's sticky variant (hash of case and node) decides the way on. */
import { type FlowNodeOf, pickVariant } from '@collectflow/shared';
import type { NodeHandler } from '../node-handler.ts';

export const abSplitStep: NodeHandler<FlowNodeOf<'abSplit'>> = async (node, context) => {
  const variant = pickVariant(context.run.caseId, node.id, node.data.variants);
  return { kind: 'next', handle: variant.id, detail: { variant: variant.id, variantLabel: variant.label } };
};
