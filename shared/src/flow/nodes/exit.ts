/** Exit: the case leaves the flow here, with a reason recorded in its timeline. */
import { z } from 'zod';
import { type NodeTypeDefinition, nodeSchema } from '../node-type.ts';

export const ExitNodeData = z.object({
  /** Recorded as the run's exit reason. Default: `completed`. */
  reason: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,63}$/, { message: 'Use a short reason of lower-case letters, digits and "_".' })
    .default('completed'),
});
export type ExitNodeData = z.infer<typeof ExitNodeData>;

export const exitNodeType = {
  type: 'exit',
  label: 'End',
  description: 'The case leaves the flow here.',
  category: 'actions',
  icon: 'flag',
  data: ExitNodeData,
  defaultData: { reason: 'completed' },
  handles: () => [],
  acceptsInput: true,
  breaksLoops: () => false,
} satisfies NodeTypeDefinition<'exit', typeof ExitNodeData>;

export const ExitNode = nodeSchema(exitNodeType);
export type ExitNode = z.infer<typeof ExitNode>;
