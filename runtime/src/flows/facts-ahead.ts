/**
 * Whether a step starting at a node may read the case's segment facts before it has to stop at
 * a wait: only then does a batch of steps read facts (an aggregate over the case's invoices)
 * for that run. A conservative answer is harmless — facts are read for nothing; a wrong "no"
 * only costs a read on demand. Computed once per (cached) flow definition.
 */
import type { FlowDefinition, FlowNode } from '@collectflow/shared';
import { handlesOf } from '@collectflow/shared';

const cache = new WeakMap<FlowDefinition, Map<string, boolean>>();

function readsFacts(node: FlowNode): boolean {
  return node.type === 'filter' || (node.type === 'wait' && node.data.kind === 'date');
}

/** A wait that always takes time ends a step: nothing after it runs in the same step. */
function alwaysStops(node: FlowNode): boolean {
  return (
    (node.type === 'wait' && node.data.kind !== 'date' && !(node.data.kind === 'duration' && node.data.amount === 0)) ||
    node.type === 'waitFor'
  );
}

/**
 * Whether a step may need facts: starting at `nodeId` (or, `resuming` there after a wait,
 * at what follows it), up to the waits that always stop a step.
 */
export function mayNeedFacts(definition: FlowDefinition, nodeId: string | null, resuming: boolean): boolean {
  let known = cache.get(definition);
  if (!known) {
    known = new Map();
    cache.set(definition, known);
  }
  const key = `${nodeId ?? ''}|${resuming}`;
  const cached = known.get(key);
  if (cached !== undefined) return cached;
  const start = nodeId === null ? definition.entry : definition.nodes.get(nodeId);
  let answer = true;
  if (start) {
    const seen = new Set<string>();
    const visit = (node: FlowNode, first: boolean): boolean => {
      if (seen.has(node.id)) return false;
      seen.add(node.id);
      if (!(first && resuming)) {
        if (readsFacts(node)) return true;
        if (!first && alwaysStops(node)) return false;
      }
      return handlesOf(node).some((handle) => {
        const next = definition.next(node.id, handle.id);
        return next ? visit(next, false) : false;
      });
    };
    answer = visit(start, true);
  }
  known.set(key, answer);
  return answer;
}
