/** The entry step: enrolment already checked the segment, so the case simply starts. */
import type { FlowNodeOf } from '@collectflow/shared';
import type { NodeHandler } from '../node-handler.ts';

export const entryStep: NodeHandler<FlowNodeOf<'entry'>> = async () => ({ kind: 'next', handle: 'out' });
