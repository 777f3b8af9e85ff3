/** The email step (see channel-step.ts). */
import type { FlowNodeOf } from '@collectflow/shared';
import type { NodeHandler } from '../node-handler.ts';
import { channelStep } from './channel-step.ts';

export const emailStep: NodeHandler<FlowNodeOf<'email'>> = channelStep('email');
