/** The preferred-channel step: routes by the channel the debtor prefers, or `none`. */
import { type FlowNodeOf, preferredChannelHandle } from '@collectflow/shared';
import type { NodeHandler } from '../node-handler.ts';

export const preferredChannelStep: NodeHandler<FlowNodeOf<'preferredChannel'>> = async (_node, context) => {
  const facts = await context.facts();
  return {
    kind: 'next',
    handle: preferredChannelHandle(facts),
    detail: { preferred: facts.debtor.preferred_channel ?? null },
  };
};
