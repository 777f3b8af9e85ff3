/** A reason a flow cannot be published, tied to the node, edge and field it concerns. */
import { z } from 'zod';

export const FlowProblemCode = z.enum([
  'invalid_flow',
  'invalid_settings',
  'invalid_node',
  'unknown_node_type',
  'duplicate_node_id',
  'duplicate_edge_id',
  'missing_entry',
  'multiple_entries',
  'edge_to_missing_node',
  'edge_from_unknown_handle',
  'edge_into_entry',
  'handle_connected_twice',
  'unconnected_handle',
  'unreachable_node',
  'cycle_without_wait',
  'ab_weights',
  'duplicate_variant',
  'invalid_rule',
  'unknown_template',
  'unknown_connector',
]);
export type FlowProblemCode = z.infer<typeof FlowProblemCode>;

export const FlowProblem = z.object({
  code: FlowProblemCode,
  /** A sentence a business user can act on. */
  message: z.string(),
  /** The node concerned, if any. */
  nodeId: z.string().nullable(),
  /** The edge concerned, if any. */
  edgeId: z.string().nullable(),
  /** The field concerned, as a dotted path (`data.variants.1.weight`, `settings.timezone`), if any. */
  field: z.string().nullable(),
});
export type FlowProblem = z.infer<typeof FlowProblem>;
