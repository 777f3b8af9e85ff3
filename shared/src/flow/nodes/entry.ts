/** Entry: the one start of a flow, and which cases enter it. */
import { z } from 'zod';
import { SegmentRule } from '../../segments/segment-rule.ts';
import { type NodeTypeDefinition, nodeSchema, singleOutput } from '../node-type.ts';

/**
 * `never`: a case enters this flow at most once. `afterExit`: it may enter again once its
 * previous run of this flow has ended (e.g. a new unpaid invoice after the last one was paid).
 */
export const ReEntryPolicy = z.enum(['never', 'afterExit']);
export type ReEntryPolicy = z.infer<typeof ReEntryPolicy>;

export const EntryNodeData = z.object({
  /** Which open cases enter (a JsonLogic segment rule). Default: null, every open case. */
  segment: SegmentRule.nullable().default(null),
  /** Default: `never`. */
  reEntry: ReEntryPolicy.default('never'),
});
export type EntryNodeData = z.infer<typeof EntryNodeData>;

export const entryNodeType = {
  type: 'entry',
  label: 'Start',
  description: 'Which open cases enter this flow.',
  category: 'audience',
  icon: 'play',
  data: EntryNodeData,
  defaultData: { segment: null, reEntry: 'never' },
  handles: () => singleOutput,
  acceptsInput: false,
  breaksLoops: () => false,
} satisfies NodeTypeDefinition<'entry', typeof EntryNodeData>;

export const EntryNode = nodeSchema(entryNodeType);
export type EntryNode = z.infer<typeof EntryNode>;
