/**
 * The interpreter's registry: one handler per node type of the shared catalog. `satisfies`
 * makes a node type without a handler a compile error, not a runtime surprise.
 */
import type { FlowNode, FlowNodeOf, FlowNodeType } from '@collectflow/shared';
import type { NodeHandler } from './node-handler.ts';
import { abSplitStep } from './nodes/ab-split.ts';
import { actionStep } from './nodes/action.ts';
import { bestChannelStep } from './nodes/best-channel.ts';
import { emailStep } from './nodes/email.ts';
import { entryStep } from './nodes/entry.ts';
import { exitStep } from './nodes/exit.ts';
import { filterStep } from './nodes/filter.ts';
import { letterStep } from './nodes/letter.ts';
import { preferredChannelStep } from './nodes/preferred-channel.ts';
import { smsStep } from './nodes/sms.ts';
import { voiceStep } from './nodes/voice.ts';
import { waitStep } from './nodes/wait.ts';
import { waitForStep } from './nodes/wait-for.ts';

export const nodeHandlers = {
  entry: entryStep,
  filter: filterStep,
  preferredChannel: preferredChannelStep,
  email: emailStep,
  sms: smsStep,
  letter: letterStep,
  voice: voiceStep,
  wait: waitStep,
  waitFor: waitForStep,
  abSplit: abSplitStep,
  bestChannel: bestChannelStep,
  action: actionStep,
  exit: exitStep,
} satisfies { [Type in FlowNodeType]: NodeHandler<FlowNodeOf<Type>> };

/** The handler for a node; an unknown type is a loud error (a version from a newer release). */
export function handlerFor(node: FlowNode): NodeHandler {
  const handler = (nodeHandlers as Record<string, NodeHandler | undefined>)[node.type];
  if (!handler) throw new Error(`No handler for node type "${node.type}" (node ${node.id})`);
  return handler;
}
