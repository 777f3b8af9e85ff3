/**
 * Which connections the canvas accepts while the user drags one: the same rules the validator
 * applies on publish, checked early so an impossible edge is never drawn.
 */
import { acceptsInput, outputHandles, type StepData } from './graph-model.ts';

export interface ProposedConnection {
  source: string;
  sourceHandle?: string | null | undefined;
  target: string;
}

interface GraphView {
  node(id: string): { data: StepData } | undefined;
  edges: readonly { source: string; sourceHandle?: string | null | undefined; target: string }[];
}

/** Why a connection is refused, in words for the user, or null when it is fine. */
export function connectionProblem(graph: GraphView, connection: ProposedConnection): string | null {
  const source = graph.node(connection.source);
  const target = graph.node(connection.target);
  if (!source || !target) return 'Connect two steps of this flow.';
  if (connection.source === connection.target) return 'A step cannot lead to itself.';
  if (!acceptsInput(target.data.type)) return 'Nothing can lead into the Start step.';
  const handle = connection.sourceHandle ?? 'out';
  if (!outputHandles(source.data).some((entry) => entry.id === handle)) return 'This step has no such output.';
  const taken = graph.edges.some(
    (edge) => edge.source === connection.source && (edge.sourceHandle ?? 'out') === handle,
  );
  if (taken) return 'This output is already connected; remove its connection first.';
  return null;
}
