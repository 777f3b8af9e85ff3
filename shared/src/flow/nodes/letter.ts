/** Letter step: queues a letter in the outbox and routes the case by its outcome, `sent` or `failed`. */
import { z } from 'zod';
import { type NodeTypeDefinition, nodeSchema } from '../node-type.ts';
import { channelHandles, channelNodeFields } from './channel-node-data.ts';

export const LetterNodeData = z.object(channelNodeFields);
export type LetterNodeData = z.infer<typeof LetterNodeData>;

export const letterNodeType = {
  type: 'letter',
  label: 'Letter',
  description: 'Print and post a letter with a payment QR code.',
  category: 'channels',
  icon: 'letter',
  data: LetterNodeData,
  defaultData: { template: 'reminder-letter' },
  handles: () => channelHandles,
  acceptsInput: true,
  breaksLoops: () => false,
} satisfies NodeTypeDefinition<'letter', typeof LetterNodeData>;

export const LetterNode = nodeSchema(letterNodeType);
export type LetterNode = z.infer<typeof LetterNode>;
