/**
 * The "wait for" step: waits for one of its events until a timeout. Recording such an event for
 * the case marks the run (`event` in its state) and wakes it at once (cases/case-events.ts).
 */
import { AwaitableEvent, afterDuration, type FlowNodeOf } from '@collectflow/shared';
import { z } from 'zod';
import { isDue, type NodeHandler } from '../node-handler.ts';

const WaitForState = z.object({ until: z.iso.datetime(), event: z.string().optional() });

export const waitForStep: NodeHandler<FlowNodeOf<'waitFor'>> = async (node, context) => {
  if (context.state !== null) {
    const state = WaitForState.parse(context.state);
    const event = AwaitableEvent.safeParse(state.event);
    if (event.success) return { kind: 'next', handle: 'event', detail: { event: event.data } };
    const until = new Date(state.until);
    if (isDue(until, context.now)) return { kind: 'next', handle: 'timeout' };
    return { kind: 'wait', until, state: { until: state.until }, events: node.data.events };
  }
  const { amount, unit } = node.data.timeout;
  const until = afterDuration(context.now, context.settings.timezone, amount, unit);
  return { kind: 'wait', until, state: { until: until.toISOString() }, events: node.data.events, reason: 'event' };
};
