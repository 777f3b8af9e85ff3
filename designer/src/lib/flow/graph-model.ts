/**
 * The canvas model: a flow draft as Svelte Flow nodes and edges, and back. Every canvas node is
 * drawn by the same step component (`type: 'step'`) and carries the flow node it stands for;
 * a node of a type this designer does not know keeps its data untouched and is drawn as such.
 */
import {
  bestChannelNodeType,
  Channel,
  type FlowDraft,
  FlowNode,
  handlesOf,
  isFlowNodeType,
  type NodeHandle,
  nodeCatalog,
} from '@collectflow/shared';
import type { Edge, Node } from '@xyflow/svelte';

export type DraftNode = FlowDraft['nodes'][number];
export type DraftEdge = FlowDraft['edges'][number];

/** What a canvas node carries: the flow node's type, label and data (position lives on the canvas node). */
export type StepData = { type: string; label?: string | undefined; data: unknown };
export type StepNode = Node<StepData, 'step'>;
export type StepEdge = Edge;

/** What a step is called: its label, or else its type's name. */
export function stepName(type: string, label?: string): string {
  return label?.trim() || (isFlowNodeType(type) ? nodeCatalog[type].label : `Unknown step ${type}`);
}

export function toCanvasNode(node: DraftNode): StepNode {
  const { id, position, type, label, data } = node;
  return {
    id,
    type: 'step',
    position: { ...position },
    // What a screen reader names the step (its text is not drawn when zoomed far out).
    ariaLabel: stepName(type, label),
    data: { type, ...(label ? { label } : {}), data },
  };
}

export function toCanvasEdge(edge: DraftEdge): StepEdge {
  return { id: edge.id, source: edge.source, sourceHandle: edge.sourceHandle, target: edge.target };
}

export function fromCanvasNode(node: StepNode): DraftNode {
  const position = { x: Math.round(node.position.x), y: Math.round(node.position.y) };
  return {
    id: node.id,
    type: node.data.type,
    position,
    ...(node.data.label ? { label: node.data.label } : {}),
    data: node.data.data,
  };
}

export function fromCanvasEdge(edge: StepEdge): DraftEdge {
  return { id: edge.id, source: edge.source, sourceHandle: edge.sourceHandle ?? 'out', target: edge.target };
}

/**
 * The output handles a node shows. Data that does not parse yet (a half-edited A/B split, a
 * best-channel step with one candidate) still shows the handles the catalog derives from what is
 * there, so edges do not vanish while editing.
 */
export function outputHandles(step: StepData): NodeHandle[] {
  if (!isFlowNodeType(step.type)) return [];
  const parsed = FlowNode.safeParse({ id: 'n', type: step.type, data: step.data });
  if (parsed.success) return handlesOf(parsed.data);
  if (step.type === 'abSplit') {
    const variants = (step.data as { variants?: unknown } | null)?.variants;
    if (Array.isArray(variants)) {
      return variants
        .filter((variant): variant is { id: string; label?: string } => typeof variant?.id === 'string')
        .map((variant) => ({ id: variant.id, label: variant.label || variant.id }));
    }
  }
  if (step.type === 'bestChannel') {
    const candidates = (step.data as { candidates?: unknown } | null)?.candidates;
    if (Array.isArray(candidates)) {
      const channels = candidates.filter((candidate): candidate is Channel => Channel.safeParse(candidate).success);
      return bestChannelNodeType.handles({ ...bestChannelNodeType.defaultData, candidates: channels } as never);
    }
  }
  try {
    return nodeCatalog[step.type].handles(nodeCatalog[step.type].defaultData as never);
  } catch {
    return [];
  }
}

/** Whether other nodes may connect into a node of this type. */
export function acceptsInput(type: string): boolean {
  return isFlowNodeType(type) ? nodeCatalog[type].acceptsInput : true;
}
