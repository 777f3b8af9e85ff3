/**
 * Copy and paste of steps: the selected steps and the connections between them, pasted with new
 * ids (so they never clash) and shifted so the copy does not hide the original. A flow has one
 * Start, so a Start is never copied.
 */
import type { DraftEdge, DraftNode } from './graph-model.ts';

export interface FlowFragment {
  nodes: DraftNode[];
  edges: DraftEdge[];
}

export function copyFragment(
  nodes: readonly DraftNode[],
  edges: readonly DraftEdge[],
  ids: ReadonlySet<string>,
): FlowFragment {
  const copied = nodes.filter((node) => ids.has(node.id) && node.type !== 'entry');
  const kept = new Set(copied.map((node) => node.id));
  return {
    nodes: structuredClone(copied),
    edges: structuredClone(edges.filter((edge) => kept.has(edge.source) && kept.has(edge.target))),
  };
}

/** A fresh id from `base` that is not in `taken` (and is then taken). */
export function freshId(base: string, taken: Set<string>): string {
  const stem = base.replace(/-\d+$/, '').slice(0, 56) || 'step';
  let counter = 1;
  let id = `${stem}-${counter}`;
  while (taken.has(id)) {
    counter += 1;
    id = `${stem}-${counter}`;
  }
  taken.add(id);
  return id;
}

export function pasteFragment(
  fragment: FlowFragment,
  takenIds: Iterable<string>,
  offset = { x: 40, y: 40 },
): FlowFragment {
  const taken = new Set(takenIds);
  const renamed = new Map(fragment.nodes.map((node) => [node.id, freshId(node.id, taken)]));
  const nodes = fragment.nodes.map((node) => ({
    ...structuredClone(node),
    id: renamed.get(node.id)!,
    position: { x: node.position.x + offset.x, y: node.position.y + offset.y },
  }));
  const edges = fragment.edges.map((edge) => ({
    ...edge,
    id: freshId(`${renamed.get(edge.source)}-${edge.sourceHandle}`, taken),
    source: renamed.get(edge.source)!,
    target: renamed.get(edge.target)!,
  }));
  return { nodes, edges };
}
