/** The wait step: computes when the wait ends (flow time zone), then sleeps until then. */
import { type FlowNodeOf, segmentFieldValue, waitUntil } from '@collectflow/shared';
import { z } from 'zod';
import { isDue, type NodeHandler, type NodeOutcome } from '../node-handler.ts';

const WaitState = z.object({ until: z.iso.datetime() });

export const waitStep: NodeHandler<FlowNodeOf<'wait'>> = async (node, context): Promise<NodeOutcome> => {
  if (context.state !== null) {
    const until = new Date(WaitState.parse(context.state).until);
    return isDue(until, context.now)
      ? { kind: 'next', handle: 'out' }
      : { kind: 'wait', until, state: context.state as { until: string } };
  }
  const facts = node.data.kind === 'date' ? await context.facts() : null;
  const until = waitUntil(node.data, {
    now: context.now,
    timezone: context.settings.timezone,
    dateField: (name) => (facts ? (segmentFieldValue(facts, name) as string | null) : null),
  });
  if (until === null) {
    return {
      kind: 'next',
      handle: 'out',
      detail: { waited: false, note: `the case has no ${node.data.kind === 'date' ? node.data.field : 'date'}` },
    };
  }
  if (isDue(until, context.now)) return { kind: 'next', handle: 'out', detail: { waited: false } };
  return { kind: 'wait', until, state: { until: until.toISOString() }, reason: 'wait' };
};
