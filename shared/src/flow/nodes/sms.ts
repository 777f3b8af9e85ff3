/** SMS step: queues a text message in the outbox and routes the case by its outcome, `sent` or `failed`. */
import { z } from 'zod';
import { type NodeTypeDefinition, nodeSchema } from '../node-type.ts';
import { channelHandles, channelNodeFields } from './channel-node-data.ts';

export const SmsNodeData = z.object(channelNodeFields);
export type SmsNodeData = z.infer<typeof SmsNodeData>;

export const smsNodeType = {
  type: 'sms',
  label: 'SMS',
  description: 'Send a text message with a short paylink.',
  category: 'channels',
  icon: 'message',
  data: SmsNodeData,
  defaultData: { template: 'sms-reminder' },
  handles: () => channelHandles,
  acceptsInput: true,
  breaksLoops: () => false,
} satisfies NodeTypeDefinition<'sms', typeof SmsNodeData>;

export const SmsNode = nodeSchema(smsNodeType);
export type SmsNode = z.infer<typeof SmsNode>;
