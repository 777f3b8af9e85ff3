/**
 * The node catalog: every node type of a flow, each defined once in `nodes/<type>.ts`. The
 * runtime keeps a handler per type and the designer a component per type, both checked against
 * this list by `satisfies Record<FlowNodeType, …>`, so a new type cannot be half-added.
 */
import { z } from 'zod';
import { abSplitNodeType } from './nodes/ab-split.ts';
import { actionNodeType } from './nodes/action.ts';
import { bestChannelNodeType } from './nodes/best-channel.ts';
import { emailNodeType } from './nodes/email.ts';
import { entryNodeType } from './nodes/entry.ts';
import { exitNodeType } from './nodes/exit.ts';
import { filterNodeType } from './nodes/filter.ts';
import { letterNodeType } from './nodes/letter.ts';
import { preferredChannelNodeType } from './nodes/preferred-channel.ts';
import { smsNodeType } from './nodes/sms.ts';
import { voiceNodeType } from './nodes/voice.ts';
import { waitNodeType } from './nodes/wait.ts';
import { waitForNodeType } from './nodes/wait-for.ts';

export const nodeCatalog = {
  entry: entryNodeType,
  filter: filterNodeType,
  preferredChannel: preferredChannelNodeType,
  email: emailNodeType,
  sms: smsNodeType,
  letter: letterNodeType,
  voice: voiceNodeType,
  wait: waitNodeType,
  waitFor: waitForNodeType,
  abSplit: abSplitNodeType,
  bestChannel: bestChannelNodeType,
  action: actionNodeType,
  exit: exitNodeType,
} as const;

export const FlowNodeType = z.enum(
  Object.keys(nodeCatalog) as [keyof typeof nodeCatalog, ...(keyof typeof nodeCatalog)[]],
);
export type FlowNodeType = z.infer<typeof FlowNodeType>;

/** Node types that send a message on a channel. */
export const channelNodeTypes = ['email', 'sms', 'letter', 'voice'] as const satisfies readonly FlowNodeType[];
export type ChannelNodeType = (typeof channelNodeTypes)[number];

export function isFlowNodeType(type: string): type is FlowNodeType {
  return Object.hasOwn(nodeCatalog, type);
}
