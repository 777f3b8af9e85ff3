/**
 * Action: changes the case — sets its dunning level, adds a fee — or tells other systems: notifies
 * the ERP (an `erp.notified` webhook), or hands the case over to a collection agency (the case is
 * closed, the flow ends here, and a `case.handed_over` webhook carries the whole case file).
 */
import { z } from 'zod';
import { type NodeTypeDefinition, nodeSchema, singleOutput } from '../node-type.ts';

export const ActionNodeData = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('setDunningLevel'),
    /** The case's new dunning level (Mahnstufe), readable in segments as `case.dunning_level`. */
    level: z.number().int().min(0).max(20),
  }),
  z.object({
    kind: z.literal('addFee'),
    /** The fee in minor units of the case's currency (cents). */
    amountMinor: z.number().int().min(1).max(10_000_000),
    /** What the debtor reads, e.g. "Reminder fee". */
    description: z.string().trim().min(1, { message: 'Describe the fee for the debtor.' }).max(200),
  }),
  z.object({
    kind: z.literal('notifyErp'),
    /** What happened, for the ERP to act on, e.g. `final_notice_sent`. */
    topic: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, {
      message: 'Use a short topic of lower-case letters, digits and "_", e.g. final_notice_sent.',
    }),
    note: z.string().trim().max(500).default(''),
  }),
  z.object({
    kind: z.literal('handOver'),
    /** The collection agency, as the receiving system knows it. */
    agency: z.string().trim().min(1, { message: 'Name the collection agency.' }).max(200),
    note: z.string().trim().max(500).default(''),
  }),
]);
export type ActionNodeData = z.infer<typeof ActionNodeData>;

export const actionNodeType = {
  type: 'action',
  label: 'Update case',
  description: 'Set the dunning level, add a fee, notify the ERP or hand the case to a collection agency.',
  category: 'actions',
  icon: 'bolt',
  data: ActionNodeData,
  defaultData: { kind: 'setDunningLevel', level: 1 },
  // A handed-over case leaves the flow: nothing follows that step.
  handles: (data) => (data.kind === 'handOver' ? [] : singleOutput),
  acceptsInput: true,
  breaksLoops: () => false,
} satisfies NodeTypeDefinition<'action', typeof ActionNodeData>;

export const ActionNode = nodeSchema(actionNodeType);
export type ActionNode = z.infer<typeof ActionNode>;
