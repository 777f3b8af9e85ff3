/**
 * Wait for: holds a case until something happens to it (a payment, a paylink visit, an opened
 * e-mail, a promise to pay) or a timeout passes. The event wakes the case at once.
 */
import { z } from 'zod';
import { type NodeTypeDefinition, nodeSchema } from '../node-type.ts';
import { DurationUnit } from './wait.ts';

/** Timeline events a case can wait for. */
export const AwaitableEvent = z.enum([
  'payment.received',
  'paylink.opened',
  'message.opened',
  'message.clicked',
  'message.paylink_clicked',
  'promise.made',
]);
export type AwaitableEvent = z.infer<typeof AwaitableEvent>;

export const awaitableEventLabels: Record<AwaitableEvent, string> = {
  'payment.received': 'a (partial) payment arrives',
  'paylink.opened': 'the debtor opens the paylink',
  'message.opened': 'the debtor opens a message',
  'message.clicked': 'the debtor clicks a link in a message',
  'message.paylink_clicked': 'the debtor clicks the paylink in a message',
  'promise.made': 'the debtor promises to pay',
};

export const WaitForNodeData = z.object({
  /** Any of these events ends the wait through `event`. */
  events: z.array(AwaitableEvent).min(1, { message: 'Pick at least one event to wait for.' }),
  /** After this long without the event, the case goes on through `timeout`. */
  timeout: z.object({ amount: z.number().int().min(1).max(10_000), unit: DurationUnit }),
});
export type WaitForNodeData = z.infer<typeof WaitForNodeData>;

export const waitForNodeType = {
  type: 'waitFor',
  label: 'Wait for reaction',
  description: 'Wait until the debtor pays, opens the paylink or a message — or a timeout passes.',
  category: 'timing',
  icon: 'hourglass',
  data: WaitForNodeData,
  defaultData: { events: ['paylink.opened'], timeout: { amount: 3, unit: 'days' } },
  handles: () => [
    { id: 'event', label: 'Happened' },
    { id: 'timeout', label: 'Timed out' },
  ],
  acceptsInput: true,
  breaksLoops: () => true,
} satisfies NodeTypeDefinition<'waitFor', typeof WaitForNodeData>;

export const WaitForNode = nodeSchema(waitForNodeType);
export type WaitForNode = z.infer<typeof WaitForNode>;
