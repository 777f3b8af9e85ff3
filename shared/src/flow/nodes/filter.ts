/** Filter: sends a case down `yes` or `no` by a condition on its current facts. */
import { z } from 'zod';
import { SegmentRule } from '../../segments/segment-rule.ts';
import { type NodeTypeDefinition, nodeSchema } from '../node-type.ts';

export const FilterNodeData = z.object({
  /** A JsonLogic segment rule, evaluated when the case reaches the node. */
  condition: SegmentRule,
});
export type FilterNodeData = z.infer<typeof FilterNodeData>;

export const filterNodeType = {
  type: 'filter',
  label: 'Condition',
  description: 'Split cases by amount, days overdue, language or any other field.',
  category: 'logic',
  icon: 'split',
  data: FilterNodeData,
  defaultData: { condition: { '>=': [{ var: 'case.days_overdue' }, 14] } },
  handles: () => [
    { id: 'yes', label: 'Yes' },
    { id: 'no', label: 'No' },
  ],
  acceptsInput: true,
  breaksLoops: () => false,
} satisfies NodeTypeDefinition<'filter', typeof FilterNodeData>;

export const FilterNode = nodeSchema(filterNodeType);
export type FilterNode = z.infer<typeof FilterNode>;
