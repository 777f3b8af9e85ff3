/** Connection rules, copy/paste, tidy layout and undo history of the canvas. */
import { describe, expect, it } from 'vitest';
import { copyFragment, pasteFragment } from './clipboard.ts';
import { connectionProblem } from './connection-rules.ts';
import type { DraftEdge, DraftNode, StepData } from './graph-model.ts';
import { outputHandles, toCanvasNode } from './graph-model.ts';
import { summarise } from './node-summaries.ts';
import { tidyLayout } from './tidy-layout.ts';
import { UndoHistory } from './undo-history.ts';

const nodes: DraftNode[] = [
  { id: 'start', type: 'entry', position: { x: 0, y: 0 }, data: { segment: null, reEntry: 'never' } },
  { id: 'check', type: 'filter', position: { x: 0, y: 100 }, data: { condition: true } },
  { id: 'mail', type: 'email', position: { x: 0, y: 200 }, data: { template: 'reminder' } },
  { id: 'end', type: 'exit', position: { x: 0, y: 300 }, data: { reason: 'completed' } },
];
const edges: DraftEdge[] = [
  { id: 'e1', source: 'start', sourceHandle: 'out', target: 'check' },
  { id: 'e2', source: 'check', sourceHandle: 'yes', target: 'mail' },
];
const graph = {
  node: (id: string) => {
    const node = nodes.find((entry) => entry.id === id);
    return node && { data: { type: node.type, data: node.data } as StepData };
  },
  edges,
};

describe('connections', () => {
  it('are refused into the Start, onto itself, from a taken or unknown output', () => {
    expect(connectionProblem(graph, { source: 'mail', sourceHandle: 'sent', target: 'start' })).toBe(
      'Nothing can lead into the Start step.',
    );
    expect(connectionProblem(graph, { source: 'mail', sourceHandle: 'sent', target: 'mail' })).toBe(
      'A step cannot lead to itself.',
    );
    expect(connectionProblem(graph, { source: 'check', sourceHandle: 'yes', target: 'end' })).toBe(
      'This output is already connected; remove its connection first.',
    );
    expect(connectionProblem(graph, { source: 'check', sourceHandle: 'maybe', target: 'end' })).toBe(
      'This step has no such output.',
    );
    expect(connectionProblem(graph, { source: 'end', sourceHandle: 'out', target: 'mail' })).toBe(
      'This step has no such output.',
    );
  });

  it('are accepted from a free output into any other step', () => {
    expect(connectionProblem(graph, { source: 'check', sourceHandle: 'no', target: 'end' })).toBeNull();
    expect(connectionProblem(graph, { source: 'mail', sourceHandle: 'failed', target: 'check' })).toBeNull();
  });

  it('follow the outputs of an A/B split while it is being edited', () => {
    const half = {
      type: 'abSplit',
      data: {
        variants: [
          { id: 'x', label: '', weight: 50 },
          { id: 'y', label: 'Y', weight: 20 },
        ],
      },
    };
    expect(outputHandles(half).map((handle) => handle.id)).toEqual(['x', 'y']);
  });
});

describe('canvas nodes', () => {
  it('are named for screen readers by their label, or else their type (their text is not drawn far out)', () => {
    expect(toCanvasNode(nodes[2]!).ariaLabel).toBe('E-mail');
    expect(toCanvasNode({ ...nodes[2]!, label: 'First reminder' }).ariaLabel).toBe('First reminder');
    expect(toCanvasNode({ ...nodes[2]!, type: 'teleport' }).ariaLabel).toBe('Unknown step teleport');
  });
});

describe('copy and paste', () => {
  it('copies the selected steps and the connections between them, never the Start, with fresh ids', () => {
    const fragment = copyFragment(nodes, edges, new Set(['start', 'check', 'mail']));
    expect(fragment.nodes.map((node) => node.id)).toEqual(['check', 'mail']);
    expect(fragment.edges.map((edge) => edge.id)).toEqual(['e2']);
    const pasted = pasteFragment(fragment, ['start', 'check', 'mail', 'end', 'e1', 'e2', 'check-1']);
    expect(pasted.nodes.map((node) => node.id)).toEqual(['check-2', 'mail-1']);
    expect(pasted.nodes[0]!.position).toEqual({ x: 40, y: 140 });
    expect(pasted.edges).toEqual([{ id: 'check-2-yes-1', source: 'check-2', sourceHandle: 'yes', target: 'mail-1' }]);
    expect(fragment.nodes[0]!.id).toBe('check');
  });
});

describe('tidy layout', () => {
  it('puts each step below the one before it and branches side by side', () => {
    const positions = tidyLayout(
      [...nodes, { id: 'other', type: 'exit', position: { x: 0, y: 0 }, data: {} }].map(({ id }) => ({ id })),
      [
        ...edges,
        { id: 'e3', source: 'check', sourceHandle: 'no', target: 'other' },
        { id: 'e4', source: 'mail', sourceHandle: 'sent', target: 'end' },
      ],
    );
    const y = (id: string) => positions.get(id)!.y;
    expect(y('start')).toBeLessThan(y('check'));
    expect(y('check')).toBeLessThan(y('mail'));
    expect(y('mail')).toBeLessThan(y('end'));
    expect(y('other')).toBe(y('mail'));
    expect(positions.get('other')!.x).not.toBe(positions.get('mail')!.x);
  });
});

describe('undo history', () => {
  it('undoes and redoes in order, and a new change clears what could be redone', () => {
    const history = new UndoHistory<number>(3);
    history.record(1);
    history.record(2);
    expect(history.undo(3)).toBe(2);
    expect(history.undo(2)).toBe(1);
    expect(history.undo(1)).toBeUndefined();
    expect(history.redo(1)).toBe(2);
    history.record(2);
    expect(history.canRedo).toBe(false);
    for (const value of [10, 11, 12, 13]) history.record(value);
    expect([history.undo(0), history.undo(0), history.undo(0), history.undo(0)]).toEqual([13, 12, 11, undefined]);
  });
});

describe('step summaries', () => {
  it('say what a step does, or that its settings are incomplete', () => {
    expect(summarise('wait', { kind: 'duration', amount: 3, unit: 'days' })).toBe('Wait 3 days');
    expect(summarise('filter', { condition: { '>': [{ var: 'case.total_open_amount' }, 10_000] } })).toBe(
      'Total open amount is more than €100',
    );
    expect(
      summarise('abSplit', {
        variants: [
          { id: 'a', label: 'Friendly', weight: 60 },
          { id: 'b', label: 'Direct', weight: 40 },
        ],
      }),
    ).toBe('Friendly 60 % · Direct 40 %');
    expect(summarise('wait', { kind: 'duration', unit: 'days' })).toBe(
      'Settings incomplete — open the step to finish them',
    );
    expect(summarise('teleport', {})).toBe('A step type this version of Collectflow does not know');
  });
});
