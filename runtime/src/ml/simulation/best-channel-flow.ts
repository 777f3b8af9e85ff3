/**
 * The flow the ML simulation, its tests and the demo use: start → best channel (e-mail, SMS,
 * letter) → that channel's reminder → end; cases no channel reaches end at once.
 */
import type { BestChannelNodeData, FlowDraft, SegmentRule } from '@collectflow/shared';

export const bestChannelNodeId = 'best';

export interface BestChannelFlowOptions {
  /** The templates of the three reminders. Default: reminder-email, reminder-sms, reminder-letter. */
  templates?: { email: string; sms: string; letter: string };
  /** Which cases enter. Default: all. */
  segment?: SegmentRule | null;
  description?: string;
}

export function bestChannelFlow(
  name: string,
  data: Partial<BestChannelNodeData> = {},
  options: BestChannelFlowOptions = {},
): FlowDraft {
  const templates = options.templates ?? {
    email: 'reminder-email',
    sms: 'reminder-sms',
    letter: 'reminder-letter',
  };
  const best: BestChannelNodeData = {
    candidates: ['email', 'sms', 'letter'],
    explorationRate: 0.1,
    rewardWindowDays: 7,
    objective: 'payment',
    chooseSendTime: false,
    ...data,
  };
  const step = (id: string, type: string, template: string, y: number, x: number) => ({
    id,
    type,
    position: { x, y },
    data: { template, connector: 'sandbox' },
  });
  const exit = (id: string, reason: string, x: number) => ({
    id,
    type: 'exit',
    position: { x, y: 540 },
    data: { reason },
  });
  return {
    schemaVersion: 1,
    name,
    description:
      options.description ??
      'Each case gets the reminder on the channel the learned policy expects to work best for it.',
    settings: {},
    nodes: [
      {
        id: 'start',
        type: 'entry',
        position: { x: 320, y: 0 },
        data: { segment: options.segment ?? null },
        label: 'Overdue cases',
      },
      { id: bestChannelNodeId, type: 'bestChannel', position: { x: 320, y: 160 }, data: best, label: 'Best channel' },
      step('email', 'email', templates.email, 350, 0),
      step('sms', 'sms', templates.sms, 350, 320),
      step('letter', 'letter', templates.letter, 350, 640),
      exit('done', 'reminded', 320),
      exit('unreachable', 'unreachable', 960),
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'out', target: bestChannelNodeId },
      { id: 'e2', source: bestChannelNodeId, sourceHandle: 'email', target: 'email' },
      { id: 'e3', source: bestChannelNodeId, sourceHandle: 'sms', target: 'sms' },
      { id: 'e4', source: bestChannelNodeId, sourceHandle: 'letter', target: 'letter' },
      { id: 'e5', source: bestChannelNodeId, sourceHandle: 'none', target: 'unreachable' },
      ...['email', 'sms', 'letter'].flatMap((channel, index) => [
        { id: `s${index}`, source: channel, sourceHandle: 'sent', target: 'done' },
        { id: `f${index}`, source: channel, sourceHandle: 'failed', target: 'done' },
      ]),
    ],
  };
}

/** The template and connector of each channel step of a draft made by {@link bestChannelFlow}. */
export function channelStepsOf(draft: FlowDraft): Record<string, { template: string; connector: string }> {
  const steps: Record<string, { template: string; connector: string }> = {};
  for (const node of draft.nodes) {
    const data = node.data as { template?: unknown; connector?: unknown };
    if (typeof data.template === 'string' && typeof data.connector === 'string') {
      steps[node.type] = { template: data.template, connector: data.connector };
    }
  }
  return steps;
}
