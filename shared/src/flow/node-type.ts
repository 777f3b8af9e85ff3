/**
 * The contract every flow node type fulfils, defined once in `nodes/<type>.ts`: the schema of
 * its `data`, its output handles, and its palette entry. The runtime executes it (a handler per
 * type) and the designer draws it (a component per type); neither redeclares what is here.
 */
import { z } from 'zod';

/** Where a node type appears in the designer's palette. */
export const NodeCategory = z.enum(['audience', 'channels', 'timing', 'logic', 'actions']);
export type NodeCategory = z.infer<typeof NodeCategory>;

export const nodeCategoryLabels: Record<NodeCategory, string> = {
  audience: 'Audience',
  channels: 'Channels',
  timing: 'Timing',
  logic: 'Logic',
  actions: 'Actions',
};

/** Node ids and handle ids: short, URL- and JSON-path-safe. */
export const NodeId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { message: 'Use 1–64 letters, digits, "-" or "_" for an id.' });
export type NodeId = z.infer<typeof NodeId>;
export const HandleId = NodeId;

/** Where the designer draws a node; the runtime ignores it. */
export const NodePosition = z.object({ x: z.number(), y: z.number() });
export type NodePosition = z.infer<typeof NodePosition>;

/** An output of a node: where a case goes next, e.g. `yes`/`no` of a filter. */
export interface NodeHandle {
  id: string;
  label: string;
}

export interface NodeTypeDefinition<Type extends string = string, Data extends z.ZodType = z.ZodType> {
  type: Type;
  /** Palette label, e.g. "Send e-mail". */
  label: string;
  /** One line of help under the label. */
  description: string;
  category: NodeCategory;
  /** Name of the designer's icon for this node type. */
  icon: string;
  data: Data;
  /** Data of a node freshly dropped from the palette (valid against `data` where possible). */
  defaultData: z.input<Data>;
  /** Output handles for the node's data (an A/B split has one per variant). */
  handles(data: z.output<Data>): NodeHandle[];
  /** Whether other nodes may connect into this one (false only for the entry). */
  acceptsInput: boolean;
  /**
   * Whether passing this node always takes time, so that a loop through it cannot spin: a
   * duration wait of more than zero does, a date wait (which may lie in the past) does not.
   */
  breaksLoops(data: z.output<Data>): boolean;
}

/** The zod schema of a whole node of a type: id, position, optional label, and typed data. */
export function nodeSchema<Type extends string, Data extends z.ZodType>(definition: NodeTypeDefinition<Type, Data>) {
  return z.object({
    id: NodeId,
    type: z.literal(definition.type),
    position: NodePosition.default({ x: 0, y: 0 }),
    /** A name the flow's author gave the node, shown on the canvas and in timelines. */
    label: z.string().trim().max(100).optional(),
    data: definition.data,
  });
}

export const singleOutput: NodeHandle[] = [{ id: 'out', label: 'Next' }];
