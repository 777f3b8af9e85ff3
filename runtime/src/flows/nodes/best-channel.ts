/**
 * The best-channel step: the node's policy picks the candidate channel for this case (see
 * ml/decide-best-channel.ts) and the case goes on through that channel's output — or `none`
 * when it can receive none of them. With send-time choice, the case first waits for the chosen
 * hour. The decision, the model version and the features behind it go on the timeline; the
 * decision also goes to `ml_decisions` for the model page.
 */
import type { Channel, FlowNodeOf } from '@collectflow/shared';
import { z } from 'zod';
import { type BestChannelDecision, decideBestChannel } from '../../ml/decide-best-channel.ts';
import type { Json, NodeHandler, NodeOutcome } from '../node-handler.ts';

/** Waiting for the chosen send time: where to go then, and what to record. */
const TimedState = z.object({
  phase: z.literal('timed'),
  handle: z.string(),
  detail: z.record(z.string(), z.json()),
});

export const bestChannelStep: NodeHandler<FlowNodeOf<'bestChannel'>> = async (node, context): Promise<NodeOutcome> => {
  const waited = TimedState.safeParse(context.state);
  if (waited.success) {
    return { kind: 'next', handle: waited.data.handle, detail: waited.data.detail as Record<string, Json> };
  }
  const { run } = context;
  const decision = await decideBestChannel(context.db, {
    workspaceId: run.workspaceId,
    flowId: run.flowId,
    nodeId: node.id,
    caseId: run.caseId,
    runId: run.id,
    data: node.data,
    debtor: run.debtor,
    settings: context.settings,
    now: context.now,
  });
  context.recordDecision({
    nodeId: node.id,
    modelVersion: decision.modelVersion,
    channel: decision.channel,
    reason: decision.reason,
    propensity: decision.propensity,
    reachable: decision.reachable,
  });
  const handle = decision.channel ?? 'none';
  const detail = bestChannelTimelineDetail(decision);
  if (decision.sendAt) {
    return {
      kind: 'wait',
      until: decision.sendAt.at,
      state: { phase: 'timed', handle, detail },
      reason: 'send_time',
    };
  }
  return { kind: 'next', handle, detail };
};

/** What the step's `flow.step` event says about a decision (the case page reads it). */
export function bestChannelTimelineDetail(decision: BestChannelDecision): Record<string, Json> {
  const chances: Record<string, Json> = {};
  for (const [channel, chance] of Object.entries(decision.chances) as [Channel, number][]) {
    chances[channel] = Math.round(chance * 1000) / 1000;
  }
  return {
    channel: decision.channel,
    reason: decision.reason,
    modelVersion: decision.modelVersion,
    chances,
    topFeatures: decision.topFeatures.map((effect) => ({ ...effect })),
    ...(decision.sendAt ? { sendHour: decision.sendAt.hour } : {}),
  };
}
