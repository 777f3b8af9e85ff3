/**
 * Action: changes the case — sets its dunning level or adds a fee. (Notifying the ERP, handing
 * over to a collection agency and creating agent tasks join this list with their features.)
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
]);
export type ActionNodeData = z.infer<typeof ActionNodeData>;

export const actionNodeType = {
  type: 'action',
  label: 'Update case',
  description: 'Set the dunning level or add a fee to the case.',
  category: 'actions',
  icon: 'bolt',
  data: ActionNodeData,
  defaultData: { kind: 'setDunningLevel', level: 1 },
  handles: () => singleOutput,
  acceptsInput: true,
  breaksLoops: () => false,
} satisfies NodeTypeDefinition<'action', typeof ActionNodeData>;

export const ActionNode = nodeSchema(actionNodeType);
export type ActionNode = z.infer<typeof ActionNode>;
