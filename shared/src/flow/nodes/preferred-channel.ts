/**
 * Preferred channel: sends a case down the output of the channel its debtor prefers (chosen on
 * the paylink page, or imported from the ERP), or `none`. Each output leads to that channel's
 * step, whose `failed` output is the fallback when the channel cannot be used after all.
 */
import { z } from 'zod';
import type { SegmentFacts } from '../../segments/segment-fields.ts';
import { type NodeTypeDefinition, nodeSchema } from '../node-type.ts';

export const PreferredChannelNodeData = z.object({});
export type PreferredChannelNodeData = z.infer<typeof PreferredChannelNodeData>;

/** The outputs, in the order the canvas shows them. */
export const preferredChannelHandles = [
  { id: 'email', label: 'E-mail' },
  { id: 'sms', label: 'SMS' },
  { id: 'letter', label: 'Letter' },
  { id: 'voice', label: 'Phone call' },
  { id: 'none', label: 'No preference' },
];

const routed = new Set(preferredChannelHandles.map((handle) => handle.id));

/** The output a case takes: its debtor's preferred channel, or `none`. */
export function preferredChannelHandle(facts: SegmentFacts): string {
  const preferred = facts.debtor.preferred_channel;
  return typeof preferred === 'string' && routed.has(preferred) ? preferred : 'none';
}

export const preferredChannelNodeType = {
  type: 'preferredChannel',
  label: 'Preferred channel',
  description: 'Send each case on the channel its debtor prefers; the rest go on by “No preference”.',
  category: 'logic',
  icon: 'route',
  data: PreferredChannelNodeData,
  defaultData: {},
  handles: () => preferredChannelHandles,
  acceptsInput: true,
  breaksLoops: () => false,
} satisfies NodeTypeDefinition<'preferredChannel', typeof PreferredChannelNodeData>;

export const PreferredChannelNode = nodeSchema(preferredChannelNodeType);
export type PreferredChannelNode = z.infer<typeof PreferredChannelNode>;
