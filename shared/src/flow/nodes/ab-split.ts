/**
 * A/B split: sends each case down one variant by weight. The choice is a hash of the case and
 * the node, so it is the same every time that case reaches that node (sticky).
 *
 * With `shiftToWinner`, the split is a bandit: the training cron recomputes the variants' shares
 * from their payment rates (each variant's probability to be best, by Thompson sampling), never
 * giving a variant less than `minimumShare` percent, so a losing variant keeps being measured.
 * The weights are the shares until there are results.
 */
import { z } from 'zod';
import { HandleId, type NodeTypeDefinition, nodeSchema } from '../node-type.ts';

export const AbVariant = z.object({
  /** The output handle of this variant. */
  id: HandleId,
  label: z.string().trim().min(1, { message: 'Name the variant.' }).max(60),
  /** Percentage of cases, a whole number; the weights of a split add up to 100. */
  weight: z.number().int().min(0).max(100),
});
export type AbVariant = z.infer<typeof AbVariant>;

export const ShiftToWinner = z.object({
  /** The share (percent) each variant keeps at least, for exploration. */
  minimumShare: z.number().int().min(1, { message: 'Keep at least 1 % per variant.' }).max(50),
});
export type ShiftToWinner = z.infer<typeof ShiftToWinner>;

export const AbSplitNodeData = z
  .object({
    variants: z
      .array(AbVariant)
      .min(2, { message: 'An A/B split needs at least two variants.' })
      .max(10, { message: 'Use at most ten variants.' }),
    shiftToWinner: ShiftToWinner.optional(),
  })
  .refine((data) => !data.shiftToWinner || data.shiftToWinner.minimumShare * data.variants.length <= 100, {
    message: 'The minimum shares of all variants add up to more than 100 %.',
    path: ['shiftToWinner', 'minimumShare'],
  });
export type AbSplitNodeData = z.infer<typeof AbSplitNodeData>;

export const abSplitNodeType = {
  type: 'abSplit',
  label: 'A/B split',
  description: 'Test variants against each other: each case gets one, by weight.',
  category: 'logic',
  icon: 'flask',
  data: AbSplitNodeData,
  defaultData: {
    variants: [
      { id: 'a', label: 'A', weight: 50 },
      { id: 'b', label: 'B', weight: 50 },
    ],
  },
  handles: (data) => data.variants.map((variant) => ({ id: variant.id, label: variant.label })),
  acceptsInput: true,
  breaksLoops: () => false,
} satisfies NodeTypeDefinition<'abSplit', typeof AbSplitNodeData>;

export const AbSplitNode = nodeSchema(abSplitNodeType);
export type AbSplitNode = z.infer<typeof AbSplitNode>;
