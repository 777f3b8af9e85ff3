/**
 * "Tidy up": a layered top-to-bottom layout by dagre (Sugiyama-style ranking and crossing
 * reduction), so that branches sit side by side and the flow reads from Start downwards.
 */
import dagre from '@dagrejs/dagre';

export interface LayoutNode {
  id: string;
  width?: number | undefined;
  height?: number | undefined;
}

export interface LayoutEdge {
  source: string;
  sourceHandle?: string | null | undefined;
  target: string;
}

/** Size assumed for a node the canvas has not measured yet. */
export const defaultNodeSize = { width: 240, height: 124 } as const;

/** Top-left positions for every node, laid out in layers from the Start down. */
export function tidyLayout(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
): Map<string, { x: number; y: number }> {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'TB', nodesep: 48, ranksep: 64, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) {
    graph.setNode(node.id, {
      width: node.width ?? defaultNodeSize.width,
      height: node.height ?? defaultNodeSize.height,
    });
  }
  edges.forEach((edge, index) => {
    if (graph.hasNode(edge.source) && graph.hasNode(edge.target)) {
      graph.setEdge(edge.source, edge.target, {}, `${edge.sourceHandle ?? 'out'}#${index}`);
    }
  });
  dagre.layout(graph);
  const positions = new Map<string, { x: number; y: number }>();
  for (const node of nodes) {
    const laid = graph.node(node.id);
    // dagre gives centres; the canvas places nodes by their top-left corner.
    positions.set(node.id, { x: Math.round(laid.x - laid.width / 2), y: Math.round(laid.y - laid.height / 2) });
  }
  return positions;
}
