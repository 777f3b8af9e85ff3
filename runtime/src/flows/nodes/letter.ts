/** The letter step (see channel-step.ts). */
import type { FlowNodeOf } from '@collectflow/shared';
import type { NodeHandler } from '../node-handler.ts';
import { channelStep } from './channel-step.ts';

export const letterStep: NodeHandler<FlowNodeOf<'letter'>> = channelStep('letter');
