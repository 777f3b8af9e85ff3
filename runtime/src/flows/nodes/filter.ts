/** The filter step: evaluates its condition on the case's current facts (json-logic-js). */
import { evaluateSegment, type FlowNodeOf } from '@collectflow/shared';
import type { NodeHandler } from '../node-handler.ts';

export const filterStep: NodeHandler<FlowNodeOf<'filter'>> = async (node, context) => {
  const matched = evaluateSegment(node.data.condition, await context.facts());
  return { kind: 'next', handle: matched ? 'yes' : 'no', detail: { matched } };
};
