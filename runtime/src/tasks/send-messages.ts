/** `send_messages {channel}`: sends the channel's due messages in batches (outbox/send-due-messages.ts). */
import { Channel } from '@collectflow/shared';
import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { OutboxNudge } from '../outbox/outbox-nudge.ts';
import { type SenderOptions, sendDueMessages } from '../outbox/send-due-messages.ts';

export const SendMessagesPayload = z.object({ channel: Channel });

export const sendMessagesTask =
  (sender: SenderOptions, nudge: OutboxNudge): Task =>
  async (payload) => {
    const { channel } = SendMessagesPayload.parse(payload);
    const { more } = await sendDueMessages(sender, channel);
    // A long queue: hand over to a fresh job so other work gets its turn.
    if (more) nudge.nudge([channel]);
  };
