/** The exit step: the case leaves the flow with the step's reason. */
import type { FlowNodeOf } from '@collectflow/shared';
import type { NodeHandler } from '../node-handler.ts';

export const exitStep: NodeHandler<FlowNodeOf<'exit'>> = async (node) => ({ kind: 'exit', reason: node.data.reason });
