/**
 * What the four channel steps share: respect quiet hours and the frequency cap (a message that
 * may not go yet waits, it is never dropped), queue the message in the outbox, then wait for its
 * outcome and route the case through `sent` or `failed`.
 */
import { type Channel, earliestSendTime, type FlowNodeOf } from '@collectflow/shared';
import { z } from 'zod';
import { frequencyCapFreeAt } from '../../outbox/frequency-cap.ts';
import { recipientFor } from '../../outbox/recipient.ts';
import { isDue, type NodeContext, type NodeHandler, type NodeOutcome } from '../node-handler.ts';

const ChannelStepState = z.discriminatedUnion('phase', [
  /** Held back by quiet hours or the frequency cap: check again when the wait ends. */
  z.object({ phase: z.literal('deferred') }),
  /** Queued: waiting for the outcome of `messageId` until `timeoutAt`. */
  z.object({ phase: z.literal('sending'), messageId: z.uuid(), timeoutAt: z.iso.datetime() }),
]);
type SendingState = Extract<z.infer<typeof ChannelStepState>, { phase: 'sending' }>;

type ChannelNode = FlowNodeOf<'email' | 'sms' | 'letter' | 'voice'>;

/** How long a message still waiting in the outbox after its delivery timeout gets each time. */
const stillQueuedGraceMs = 3_600_000;

export function channelStep<T extends ChannelNode>(channel: Channel): NodeHandler<T> {
  return async (node, context): Promise<NodeOutcome> => {
    const state = context.state === null ? null : ChannelStepState.parse(context.state);
    if (state?.phase === 'sending') return awaitOutcome(context, state);

    const { settings, now, run } = context;
    const quietUntil = earliestSendTime(now, settings.quietHours, settings.timezone, channel);
    if (!isDue(quietUntil, now)) {
      return { kind: 'wait', until: quietUntil, state: { phase: 'deferred' }, reason: 'quiet_hours' };
    }
    if (settings.frequencyCap) {
      const freeAt = await frequencyCapFreeAt(
        context.lock(),
        run.workspaceId,
        run.debtor.id,
        settings.frequencyCap,
        now,
      );
      if (freeAt) return { kind: 'wait', until: freeAt, state: { phase: 'deferred' }, reason: 'frequency_cap' };
    }

    const recipient = recipientFor(channel, run.debtor);
    const messageId = context.queueMessage({
      channel,
      connector: node.data.connector,
      template: node.data.template,
      recipient: recipient.ok ? recipient.address : null,
      ...(recipient.ok ? {} : { failureReason: recipient.reason }),
    });
    if (!recipient.ok) return { kind: 'next', handle: 'failed', detail: { messageId, reason: recipient.reason } };
    const timeoutAt = new Date(now.getTime() + node.data.deliveryTimeoutHours * 3_600_000);
    return {
      kind: 'wait',
      until: timeoutAt,
      state: { phase: 'sending', messageId, timeoutAt: timeoutAt.toISOString() },
      wokenBy: 'message',
    };
  };
}

async function awaitOutcome(context: NodeContext, state: SendingState): Promise<NodeOutcome> {
  const message = await context.messageOutcome(state.messageId);
  const timeoutAt = new Date(state.timeoutAt);
  const detail = { messageId: state.messageId };
  switch (message?.status) {
    case 'delivered':
      return { kind: 'next', handle: 'sent', detail: { ...detail, status: 'delivered' } };
    case 'sent': {
      if (!message.reportExpected) return { kind: 'next', handle: 'sent', detail: { ...detail, status: 'sent' } };
      // The connector's report window (e-mail: the time bounces take), within the step's timeout.
      const reportDueAt = message.reportDueAt ? new Date(message.reportDueAt) : null;
      const until = reportDueAt && reportDueAt < timeoutAt ? reportDueAt : timeoutAt;
      if (isDue(until, context.now)) {
        return {
          kind: 'next',
          handle: 'sent',
          detail: {
            ...detail,
            status: 'sent',
            note: until === timeoutAt ? 'no delivery report before the timeout' : 'no bounce within the report window',
          },
        };
      }
      return { kind: 'wait', until, state, wokenBy: 'message' };
    }
    case 'queued': {
      // Still in the outbox (provider retries, or a backlog): keep waiting for its outcome.
      const until = isDue(timeoutAt, context.now) ? new Date(context.now.getTime() + stillQueuedGraceMs) : timeoutAt;
      return { kind: 'wait', until, state, wokenBy: 'message' };
    }
    case 'failed':
      return { kind: 'next', handle: 'failed', detail: { ...detail, reason: message.failureReason ?? 'failed' } };
    default:
      // Cancelled (or gone): it was not sent.
      return {
        kind: 'next',
        handle: 'failed',
        detail: { ...detail, reason: message ? `message ${message.status}` : 'message missing' },
      };
  }
}
