import { describe, expect, it } from 'vitest';
import benchmark from '../../examples/flows/benchmark.json' with { type: 'json' };
import standard from '../../examples/flows/nl-consumer-standard.json' with { type: 'json' };
import type { FlowDraftInput } from './flow.ts';
import type { FlowProblem } from './flow-problem.ts';
import { toFlowDefinition } from './to-flow-definition.ts';

/** A small valid flow: start → e-mail → (sent) wait 3 days → end, (failed) → end. */
function smallFlow(): FlowDraftInput & {
  nodes: Array<Record<string, unknown>>;
  edges: Array<Record<string, unknown>>;
} {
  return {
    schemaVersion: 1,
    name: 'Small',
    nodes: [
      { id: 'start', type: 'entry', data: { segment: null } },
      { id: 'mail', type: 'email', data: { template: 'reminder' } },
      { id: 'wait', type: 'wait', data: { kind: 'duration', amount: 3, unit: 'days' } },
      { id: 'end', type: 'exit', data: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'mail' },
      { id: 'e2', source: 'mail', sourceHandle: 'sent', target: 'wait' },
      { id: 'e3', source: 'mail', sourceHandle: 'failed', target: 'end' },
      { id: 'e4', source: 'wait', target: 'end' },
    ],
  };
}

function problemsOf(input: unknown, context = {}): FlowProblem[] {
  const result = toFlowDefinition(input, context);
  return result.ok ? [] : result.problems;
}

describe('toFlowDefinition', () => {
  it('accepts the example flows and fills in defaults', () => {
    for (const example of [standard, benchmark, smallFlow()]) {
      const result = toFlowDefinition(example);
      expect(result.ok ? [] : result.problems).toEqual([]);
    }
    const result = toFlowDefinition(smallFlow());
    if (!result.ok) throw new Error('expected a valid flow');
    expect(result.definition.entry.id).toBe('start');
    expect(result.definition.next('mail', 'sent')?.id).toBe('wait');
    expect(result.definition.next('mail', 'failed')?.type).toBe('exit');
    expect(result.definition.graph.settings).toEqual({
      timezone: 'Europe/Amsterdam',
      quietHours: null,
      frequencyCap: null,
      exitWhen: 'paid',
    });
    const mail = result.definition.nodes.get('mail');
    expect(mail?.type === 'email' && mail.data).toEqual({
      template: 'reminder',
      connector: 'sandbox',
      deliveryTimeoutHours: 48,
    });
  });

  it('reports a flow that is not a flow at all without going further', () => {
    expect(problemsOf({ name: 'x' })).toEqual([
      expect.objectContaining({
        code: 'invalid_flow',
        field: 'schemaVersion',
        message: expect.stringContaining('Set "schemaVersion" to 1'),
      }),
      expect.objectContaining({ code: 'invalid_flow', field: 'nodes' }),
      expect.objectContaining({ code: 'invalid_flow', field: 'edges' }),
    ]);
  });

  it('requires exactly one entry', () => {
    const none = smallFlow();
    none.nodes = none.nodes.filter((node) => node.id !== 'start');
    none.edges = none.edges.filter((edge) => edge.source !== 'start');
    expect(problemsOf(none).map((problem) => problem.code)).toContain('missing_entry');

    const two = smallFlow();
    two.nodes.push({ id: 'start-2', type: 'entry', data: {} });
    two.edges.push({ id: 'e5', source: 'start-2', target: 'end' });
    expect(problemsOf(two)).toContainEqual(
      expect.objectContaining({
        code: 'multiple_entries',
        nodeId: 'start-2',
        message: expect.stringContaining('second Start'),
      }),
    );
  });

  it('names the node and field of invalid node data', () => {
    const flow = smallFlow();
    flow.nodes[2] = { id: 'wait', type: 'wait', data: { kind: 'duration', amount: -1, unit: 'fortnights' } };
    const problems = problemsOf(flow);
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'invalid_node', nodeId: 'wait', field: 'data.amount' }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'invalid_node', nodeId: 'wait', field: 'data.unit' }),
    );
  });

  it('refuses unknown node types, duplicate ids and bad settings', () => {
    const flow = smallFlow();
    flow.nodes.push({ id: 'mail', type: 'email', data: { template: 'x' } });
    flow.nodes.push({ id: 'robot', type: 'carrierPigeon', data: {} });
    flow.settings = { timezone: 'Mars/Olympus', frequencyCap: { maxMessages: 0, perDays: 7 } };
    const problems = problemsOf(flow);
    expect(problems).toContainEqual(expect.objectContaining({ code: 'duplicate_node_id', nodeId: 'mail' }));
    expect(problems).toContainEqual(
      expect.objectContaining({
        code: 'unknown_node_type',
        nodeId: 'robot',
        message: expect.stringContaining('carrierPigeon'),
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        code: 'invalid_settings',
        field: 'settings.timezone',
        message: expect.stringContaining('Europe/Amsterdam'),
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'invalid_settings', field: 'settings.frequencyCap.maxMessages' }),
    );
  });

  it('finds edges to missing nodes, from unknown handles, into the entry and doubled handles', () => {
    const flow = smallFlow();
    flow.edges.push({ id: 'e5', source: 'wait', target: 'nowhere' });
    flow.edges.push({ id: 'e6', source: 'mail', sourceHandle: 'opened', target: 'end' });
    flow.edges.push({ id: 'e7', source: 'end', target: 'start' });
    flow.edges.push({ id: 'e8', source: 'mail', sourceHandle: 'sent', target: 'end' });
    flow.edges.push({ id: 'e4', source: 'wait', target: 'end' });
    const problems = problemsOf(flow);
    expect(problems).toContainEqual(
      expect.objectContaining({
        code: 'edge_to_missing_node',
        edgeId: 'e5',
        message: expect.stringContaining('"nowhere"'),
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        code: 'edge_from_unknown_handle',
        nodeId: 'mail',
        edgeId: 'e6',
        message: expect.stringContaining('Sent, Failed'),
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'edge_from_unknown_handle', nodeId: 'end', edgeId: 'e7' }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'handle_connected_twice', nodeId: 'mail', edgeId: 'e8' }),
    );
    expect(problems).toContainEqual(expect.objectContaining({ code: 'duplicate_edge_id', edgeId: 'e4' }));
  });

  it('refuses an edge into the entry', () => {
    const flow = smallFlow();
    flow.edges[3] = { id: 'e4', source: 'wait', target: 'start' };
    expect(problemsOf(flow)).toContainEqual(
      expect.objectContaining({ code: 'edge_into_entry', edgeId: 'e4', nodeId: 'start' }),
    );
  });

  it('asks for every output to be connected, and for every step to be reachable', () => {
    const flow = smallFlow();
    flow.edges = flow.edges.filter((edge) => edge.id !== 'e3');
    flow.nodes.push({ id: 'stray', type: 'exit', data: {} });
    const problems = problemsOf(flow);
    expect(problems).toContainEqual({
      code: 'unconnected_handle',
      nodeId: 'mail',
      edgeId: null,
      field: 'handles.failed',
      message:
        'The “Failed” output of “E-mail” (mail) is not connected. Connect it to the next step, or to an End step to stop there.',
    });
    expect(problems).toContainEqual(expect.objectContaining({ code: 'unreachable_node', nodeId: 'stray' }));
  });

  it('refuses a loop that no wait slows down, and accepts one through a wait', () => {
    const loop = smallFlow();
    // failed e-mail → filter → back to the e-mail: a case without an address would spin.
    loop.nodes.push({ id: 'check', type: 'filter', data: { condition: { var: 'debtor.has_email' } } });
    loop.edges[2] = { id: 'e3', source: 'mail', sourceHandle: 'failed', target: 'check' };
    loop.edges.push({ id: 'e5', source: 'check', sourceHandle: 'yes', target: 'mail' });
    loop.edges.push({ id: 'e6', source: 'check', sourceHandle: 'no', target: 'end' });
    const problems = problemsOf(loop);
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'cycle_without_wait',
        message: expect.stringMatching(/Steps (mail, check|check, mail) form a loop/),
      }),
    ]);

    const zeroWait = structuredClone(loop);
    zeroWait.nodes.push({ id: 'pause', type: 'wait', data: { kind: 'duration', amount: 0, unit: 'days' } });
    zeroWait.edges[4] = { id: 'e5', source: 'check', sourceHandle: 'yes', target: 'pause' };
    zeroWait.edges.push({ id: 'e7', source: 'pause', target: 'mail' });
    expect(problemsOf(zeroWait).map((problem) => problem.code)).toEqual(['cycle_without_wait']);

    const realWait = structuredClone(zeroWait);
    realWait.nodes.at(-1)!.data = { kind: 'duration', amount: 2, unit: 'days' };
    expect(problemsOf(realWait)).toEqual([]);
  });

  it('checks A/B weights and variant ids', () => {
    const flow = smallFlow();
    flow.nodes.push({
      id: 'ab',
      type: 'abSplit',
      data: {
        variants: [
          { id: 'a', label: 'A', weight: 50 },
          { id: 'a', label: 'B', weight: 40 },
        ],
      },
    });
    flow.edges[0] = { id: 'e1', source: 'start', target: 'ab' };
    flow.edges.push({ id: 'e5', source: 'ab', sourceHandle: 'a', target: 'mail' });
    const problems = problemsOf(flow);
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'ab_weights', nodeId: 'ab', message: expect.stringContaining('add up to 90') }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ code: 'duplicate_variant', nodeId: 'ab', field: 'data.variants.1.id' }),
    );
  });

  it('reports unknown fields and operators in segment rules with where they are', () => {
    const flow = smallFlow();
    flow.nodes[0]!.data = {
      segment: { and: [{ '>': [{ var: 'case.days_late' }, 3] }, { '+': [1, 2] }] },
    };
    const problems = problemsOf(flow);
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'invalid_rule',
        nodeId: 'start',
        field: 'data.segment',
        message: expect.stringMatching(/Unknown field "case.days_late".*\(at and\[0\]\.>\[0\]\.var\)/),
      }),
      expect.objectContaining({
        code: 'invalid_rule',
        message: expect.stringMatching(/The operator "\+" is not supported.*\(at and\[1\]\.\+\)/),
      }),
    ]);
  });

  it('checks connectors and templates against what the workspace has, when told', () => {
    const context = { connectors: new Set(['smtp-main']), templates: new Set(['other']) };
    const problems = problemsOf(smallFlow(), context);
    expect(problems.map((problem) => [problem.code, problem.field])).toEqual([
      ['unknown_connector', 'data.connector'],
      ['unknown_template', 'data.template'],
    ]);
  });
});
