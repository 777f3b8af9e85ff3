/** E-mail step: queues an e-mail in the outbox and routes the case by its outcome, `sent` or `failed`. */
import { z } from 'zod';
import { type NodeTypeDefinition, nodeSchema } from '../node-type.ts';
import { channelHandles, channelNodeFields } from './channel-node-data.ts';

export const EmailNodeData = z.object(channelNodeFields);
export type EmailNodeData = z.infer<typeof EmailNodeData>;

export const emailNodeType = {
  type: 'email',
  label: 'E-mail',
  description: 'Send an e-mail with the paylink, in your brand.',
  category: 'channels',
  icon: 'mail',
  data: EmailNodeData,
  defaultData: { template: 'reminder-friendly' },
  handles: () => channelHandles,
  acceptsInput: true,
  breaksLoops: () => false,
} satisfies NodeTypeDefinition<'email', typeof EmailNodeData>;

export const EmailNode = nodeSchema(emailNodeType);
export type EmailNode = z.infer<typeof EmailNode>;
