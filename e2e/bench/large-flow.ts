/**
 * A valid flow of any size for the designer benchmark: a Start, then a chain that cycles through
 * the step types (each e-mail's "Failed" and each condition's "No" go to one End), laid out in
 * rows the way a tidy-up would roughly place them.
 */
import type { FlowDraftInput } from '@collectflow/shared';

type Node = FlowDraftInput['nodes'][number];
type Edge = FlowDraftInput['edges'][number];

const cycle = [
  { type: 'email', data: { template: 'reminder-friendly' }, onward: 'sent', aside: 'failed' },
  { type: 'wait', data: { kind: 'duration', amount: 2, unit: 'days' }, onward: 'out' },
  {
    type: 'filter',
    data: { condition: { '>': [{ var: 'case.total_open_amount' }, 10_000] } },
    onward: 'yes',
    aside: 'no',
  },
  { type: 'sms', data: { template: 'sms-reminder' }, onward: 'sent', aside: 'failed' },
  { type: 'action', data: { kind: 'setDunningLevel', level: 2 }, onward: 'out' },
] as const;

export function largeFlow(steps: number): FlowDraftInput {
  const nodes: Node[] = [
    { id: 'start', type: 'entry', position: { x: 0, y: 0 }, data: { segment: null, reEntry: 'never' } },
  ];
  const edges: Edge[] = [];
  const place = (index: number) => ({ x: (index % 8) * 300, y: Math.floor(index / 8) * 180 + 180 });
  let previous = { id: 'start', handle: 'out' };
  for (let index = 0; index < steps - 2; index += 1) {
    const kind = cycle[index % cycle.length]!;
    const id = `s${index}`;
    nodes.push({ id, type: kind.type, position: place(index), data: kind.data });
    edges.push({ id: `e${index}`, source: previous.id, sourceHandle: previous.handle, target: id });
    if ('aside' in kind) edges.push({ id: `x${index}`, source: id, sourceHandle: kind.aside, target: 'end' });
    previous = { id, handle: kind.onward };
  }
  nodes.push({ id: 'end', type: 'exit', position: place(steps - 2), data: { reason: 'completed' } });
  edges.push({ id: 'last', source: previous.id, sourceHandle: previous.handle, target: 'end' });
  return { schemaVersion: 1, name: `${steps} steps`, nodes, edges };
}
