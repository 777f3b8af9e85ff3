/**
 * The flow validator: turns a saved graph into an executable definition, or returns every
 * problem with the node, edge and field it concerns. The designer runs it live as the user
 * edits; the runtime runs it on publish and refuses a flow with problems. It returns, it does
 * not throw: problems are expected input, not bugs.
 */
import type { z } from 'zod';
import { issueMessage } from '../errors/issue-message.ts';
import { analyseSegmentRule } from '../segments/segment-rule.ts';
import { FlowDraft, FlowEdge, type FlowGraph, FlowName, FlowNode, type FlowNodeOf, flowSchemaVersion } from './flow.ts';
import type { FlowProblem, FlowProblemCode } from './flow-problem.ts';
import { FlowSettings } from './flow-settings.ts';
import { channelNodeTypes, isFlowNodeType, nodeCatalog } from './node-catalog.ts';
import type { NodeHandle, NodeTypeDefinition } from './node-type.ts';

/** A validated flow, ready to run: nodes by id and the next node for every handle. */
export interface FlowDefinition {
  graph: FlowGraph;
  entry: FlowNodeOf<'entry'>;
  nodes: ReadonlyMap<string, FlowNode>;
  /** The node a case goes to from `nodeId` through `handle` (always set in a valid flow). */
  next(nodeId: string, handle: string): FlowNode | undefined;
}

/** What exists in the workspace, when known: references to anything else are problems. */
export interface FlowValidationContext {
  connectors?: ReadonlySet<string>;
  templates?: ReadonlySet<string>;
}

export type FlowDefinitionResult = { ok: true; definition: FlowDefinition } | { ok: false; problems: FlowProblem[] };

type Where = { nodeId?: string; edgeId?: string; field?: string };

export function handlesOf(node: FlowNode): NodeHandle[] {
  return (nodeCatalog[node.type] as NodeTypeDefinition).handles(node.data);
}

/** "“Reminder mail” (n4)" — how messages name a node. */
export function nodeName(node: { id: string; type: string; label?: string | undefined }): string {
  const typeLabel = isFlowNodeType(node.type) ? nodeCatalog[node.type].label : node.type;
  return `“${node.label || typeLabel}” (${node.id})`;
}

function issueField(issue: z.core.$ZodIssue, prefix = ''): string | undefined {
  const path = issue.path.map(String).join('.');
  return prefix && path ? `${prefix}.${path}` : prefix || path || undefined;
}

const handleKey = (nodeId: string, handle: string) => `${nodeId}\u0000${handle}`;

export function toFlowDefinition(input: unknown, context: FlowValidationContext = {}): FlowDefinitionResult {
  const problems: FlowProblem[] = [];
  const add = (code: FlowProblemCode, message: string, where: Where = {}) =>
    problems.push({
      code,
      message,
      nodeId: where.nodeId ?? null,
      edgeId: where.edgeId ?? null,
      field: where.field ?? null,
    });

  const shell = FlowDraft.safeParse(input);
  if (!shell.success) {
    for (const issue of shell.error.issues) {
      const field = issueField(issue);
      add('invalid_flow', issueMessage(issue), field ? { field } : {});
    }
    return { ok: false, problems };
  }
  const draft = shell.data;
  const name = FlowName.safeParse(draft.name);
  if (!name.success) add('invalid_flow', name.error.issues[0]!.message, { field: 'name' });

  const settings = FlowSettings.safeParse(draft.settings);
  if (!settings.success) {
    for (const issue of settings.error.issues) {
      add('invalid_settings', `Flow settings: ${issueMessage(issue)}`, { field: issueField(issue, 'settings') });
    }
  }

  // Nodes: each checked against its type's schema.
  const nodes = new Map<string, FlowNode>();
  const nodeIds = new Set<string>();
  let entries = 0;
  for (const raw of draft.nodes) {
    if (nodeIds.has(raw.id)) {
      add('duplicate_node_id', `Two steps share the id "${raw.id}"; every step needs its own.`, { nodeId: raw.id });
      continue;
    }
    nodeIds.add(raw.id);
    if (raw.type === 'entry') {
      entries += 1;
      if (entries > 1) {
        add('multiple_entries', `${nodeName(raw)} is a second Start; a flow has exactly one.`, { nodeId: raw.id });
      }
    }
    if (!isFlowNodeType(raw.type)) {
      add('unknown_node_type', `${nodeName(raw)} has the unknown step type "${raw.type}".`, { nodeId: raw.id });
      continue;
    }
    const parsed = FlowNode.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issueField(issue);
        add('invalid_node', `${nodeName(raw)}: ${issueMessage(issue)}`, { nodeId: raw.id, field });
      }
      continue;
    }
    nodes.set(parsed.data.id, parsed.data);
    checkNode(parsed.data, context, add);
  }
  if (entries === 0) add('missing_entry', 'The flow has no Start step; add one to say which cases enter.');

  // Edges: between existing nodes, from existing handles, one edge per handle.
  const edgeIds = new Set<string>();
  const next = new Map<string, string>();
  const successors = new Map<string, string[]>();
  for (const raw of draft.edges) {
    const parsed = FlowEdge.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        add('invalid_flow', `Connection ${raw.id || '(without id)'}: ${issueMessage(issue)}`, {
          edgeId: raw.id,
          field: issueField(issue),
        });
      }
      continue;
    }
    const edge = parsed.data;
    if (edgeIds.has(edge.id)) {
      add('duplicate_edge_id', `Two connections share the id "${edge.id}".`, { edgeId: edge.id });
      continue;
    }
    edgeIds.add(edge.id);
    let usable = true;
    for (const end of ['source', 'target'] as const) {
      if (!nodeIds.has(edge[end])) {
        add(
          'edge_to_missing_node',
          `Connection ${edge.id} ${end === 'source' ? 'starts at' : 'leads to'} step "${edge[end]}", which does not exist.`,
          {
            edgeId: edge.id,
            field: end,
          },
        );
        usable = false;
      }
    }
    if (!usable) continue;
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (source) {
      const handles = handlesOf(source);
      if (!handles.some((handle) => handle.id === edge.sourceHandle)) {
        const outputs = handles.length
          ? `its outputs are ${handles.map((handle) => handle.label).join(', ')}`
          : 'it has no outputs';
        add('edge_from_unknown_handle', `${nodeName(source)} has no output “${edge.sourceHandle}”; ${outputs}.`, {
          nodeId: source.id,
          edgeId: edge.id,
          field: 'sourceHandle',
        });
        continue;
      }
    }
    if (target?.type === 'entry') {
      add('edge_into_entry', `Connection ${edge.id} leads into the Start; nothing may lead back to it.`, {
        nodeId: target.id,
        edgeId: edge.id,
      });
      continue;
    }
    const key = handleKey(edge.source, edge.sourceHandle);
    if (next.has(key)) {
      add(
        'handle_connected_twice',
        `The “${edge.sourceHandle}” output of ${source ? nodeName(source) : edge.source} is connected twice; a case can only go one way.`,
        {
          nodeId: edge.source,
          edgeId: edge.id,
          field: 'sourceHandle',
        },
      );
      continue;
    }
    next.set(key, edge.target);
    successors.set(edge.source, [...(successors.get(edge.source) ?? []), edge.target]);
  }

  // Every output of every step leads somewhere.
  for (const node of nodes.values()) {
    for (const handle of handlesOf(node)) {
      if (!next.has(handleKey(node.id, handle.id))) {
        add(
          'unconnected_handle',
          `The “${handle.label}” output of ${nodeName(node)} is not connected. Connect it to the next step, or to an End step to stop there.`,
          { nodeId: node.id, field: `handles.${handle.id}` },
        );
      }
    }
  }

  const entry = [...nodes.values()].find((node): node is FlowNodeOf<'entry'> => node.type === 'entry');
  if (entry) {
    const reached = new Set([entry.id]);
    const queue = [entry.id];
    while (queue.length > 0) {
      for (const target of successors.get(queue.shift()!) ?? []) {
        if (!reached.has(target)) {
          reached.add(target);
          queue.push(target);
        }
      }
    }
    for (const node of nodes.values()) {
      if (!reached.has(node.id)) {
        add('unreachable_node', `${nodeName(node)} cannot be reached from the Start. Connect it, or delete it.`, {
          nodeId: node.id,
        });
      }
    }
  }

  for (const loop of loopsWithoutWait(nodes, nodeIds, successors)) {
    const first = nodes.get(loop[0]!)!;
    add(
      'cycle_without_wait',
      `Steps ${loop.join(', ')} form a loop that no Wait slows down, so a case could go round it endlessly. Put a Wait (a duration or a weekday) or a Wait for reaction in the loop.`,
      { nodeId: first.id },
    );
  }

  if (problems.length > 0 || !entry || !settings.success || !name.success) return { ok: false, problems };
  const graph: FlowGraph = {
    schemaVersion: flowSchemaVersion,
    name: name.data,
    description: draft.description,
    settings: settings.data,
    nodes: [...nodes.values()],
    edges: draft.edges.map((edge) => FlowEdge.parse(edge)),
  };
  return {
    ok: true,
    definition: {
      graph,
      entry,
      nodes,
      next: (nodeId, handle) => {
        const target = next.get(handleKey(nodeId, handle));
        return target === undefined ? undefined : nodes.get(target);
      },
    },
  };
}

/** Node-level rules beyond the schema: segment rules, A/B weights, references. */
function checkNode(
  node: FlowNode,
  context: FlowValidationContext,
  add: (code: FlowProblemCode, message: string, where: Where) => void,
) {
  const where = (field: string) => ({ nodeId: node.id, field });
  const rule = node.type === 'entry' ? node.data.segment : node.type === 'filter' ? node.data.condition : undefined;
  if (rule !== undefined && rule !== null) {
    const field = node.type === 'entry' ? 'data.segment' : 'data.condition';
    const analysed = analyseSegmentRule(rule);
    if (!analysed.ok) {
      for (const problem of analysed.problems) {
        add(
          'invalid_rule',
          `${nodeName(node)}: ${problem.message}${problem.path ? ` (at ${problem.path})` : ''}`,
          where(field),
        );
      }
    }
  }
  if (node.type === 'abSplit') {
    const total = node.data.variants.reduce((sum, variant) => sum + variant.weight, 0);
    if (total !== 100) {
      add(
        'ab_weights',
        `The weights of ${nodeName(node)} add up to ${total}; they must add up to 100.`,
        where('data.variants'),
      );
    }
    const seen = new Set<string>();
    node.data.variants.forEach((variant, index) => {
      if (seen.has(variant.id)) {
        add(
          'duplicate_variant',
          `${nodeName(node)} has two variants with the id “${variant.id}”.`,
          where(`data.variants.${index}.id`),
        );
      }
      seen.add(variant.id);
    });
  }
  if ((channelNodeTypes as readonly string[]).includes(node.type)) {
    const data = (node as FlowNodeOf<'email'>).data;
    if (context.connectors && !context.connectors.has(data.connector)) {
      add(
        'unknown_connector',
        `${nodeName(node)} sends through the connector “${data.connector}”, which is not set up in this workspace.`,
        where('data.connector'),
      );
    }
    if (context.templates && !context.templates.has(data.template)) {
      add(
        'unknown_template',
        `${nodeName(node)} uses the template “${data.template}”, which does not exist or is not published.`,
        where('data.template'),
      );
    }
  }
}

/**
 * Loops a case could go round without time passing: strongly connected components (Tarjan)
 * of the graph without the steps that always take time. Steps that failed their own checks
 * count as taking time, so that one mistake is not reported twice.
 */
function loopsWithoutWait(
  nodes: ReadonlyMap<string, FlowNode>,
  nodeIds: ReadonlySet<string>,
  successors: ReadonlyMap<string, string[]>,
): string[][] {
  const breaks = (id: string) => {
    const node = nodes.get(id);
    return !node || (nodeCatalog[node.type] as NodeTypeDefinition).breaksLoops(node.data);
  };
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const loops: string[][] = [];
  let counter = 0;
  const visit = (id: string) => {
    index.set(id, counter);
    low.set(id, counter);
    counter += 1;
    stack.push(id);
    onStack.add(id);
    for (const target of successors.get(id) ?? []) {
      if (breaks(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(id, Math.min(low.get(id)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(id, Math.min(low.get(id)!, index.get(target)!));
      }
    }
    if (low.get(id) === index.get(id)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== id);
      const selfLoop = (successors.get(id) ?? []).includes(id);
      if (component.length > 1 || selfLoop) loops.push(component.reverse());
    }
  };
  for (const id of nodeIds) {
    if (!breaks(id) && !index.has(id)) visit(id);
  }
  return loops;
}
