/** The editor's state: adding, connecting, deleting, undo/redo, copy/paste, tidy, saving. */
import { type FlowDraft, newFlowDraft } from '@collectflow/shared';
import { describe, expect, it } from 'vitest';
import { FlowEditor, SaveConflict } from './flow-editor.svelte.ts';

function editorFor(draft: FlowDraft = newFlowDraft('Test'), saved: FlowDraft[] = []) {
  return new FlowEditor({
    flowId: '00000000-0000-4000-8000-000000000000',
    draft,
    status: 'draft',
    currentVersion: null,
    readOnly: false,
    revision: 0,
    save: async (next, baseRevision) => {
      saved.push(next);
      return { draftRevision: baseRevision + 1 };
    },
  });
}

/** start → mail (sent/failed → end) */
function mailFlow(editor: FlowEditor) {
  const mail = editor.addNode('email', { x: 0, y: 200 })!;
  const end = editor.addNode('exit', { x: 0, y: 400 })!;
  for (const [source, sourceHandle, target] of [
    ['start', 'out', mail],
    [mail, 'sent', end],
    [mail, 'failed', end],
  ] as const) {
    const edge = editor.connect({ source, sourceHandle, target });
    expect(edge, `${source}.${sourceHandle} → ${target}`).not.toBeNull();
    editor.edges = [...editor.edges, edge!];
  }
  return { mail, end };
}

describe('FlowEditor', () => {
  it('adds steps with fresh ids and their type’s defaults, selecting the new one', () => {
    const editor = editorFor();
    const first = editor.addNode('wait', { x: 10.4, y: 20.6 });
    const second = editor.addNode('waitFor', { x: 0, y: 0 });
    expect([first, second]).toEqual(['wait-1', 'wait-for-1']);
    expect(editor.node('wait-1')!.data.data).toEqual({ kind: 'duration', amount: 7, unit: 'days' });
    expect(editor.draft.nodes.find((node) => node.id === 'wait-1')!.position).toEqual({ x: 10, y: 21 });
    expect(editor.selectedNodes.map((node) => node.id)).toEqual(['wait-for-1']);
    expect(editor.addNode('entry', { x: 0, y: 0 })).toBeNull();
    expect(editor.addNode('teleport', { x: 0, y: 0 })).toBeNull();
  });

  it('refuses connections the validator would refuse, and names edges after their output', () => {
    const editor = editorFor();
    const { mail, end } = mailFlow(editor);
    expect(editor.edges.map((edge) => edge.id)).toEqual(['start-out-1', 'email-1-sent-1', 'email-1-failed-1']);
    expect(editor.connect({ source: end, sourceHandle: 'out', target: mail })).toBeNull();
    expect(editor.connectionHint).toBe('This step has no such output.');
    expect(editor.connect({ source: mail, sourceHandle: 'sent', target: 'start' })).toBeNull();
    expect(editor.connectionHint).toBe('Nothing can lead into the Start step.');
  });

  it('deletes the selection with its connections but never the Start, and undo brings it back', () => {
    const editor = editorFor();
    const { mail } = mailFlow(editor);
    editor.selectAll();
    editor.deleteSelection();
    expect(editor.nodes.map((node) => node.id)).toEqual(['start']);
    expect(editor.edges).toEqual([]);
    expect(editor.canUndo).toBe(true);
    editor.undo();
    expect(editor.nodes.map((node) => node.id)).toEqual(['start', mail, 'exit-1']);
    expect(editor.edges).toHaveLength(3);
    editor.redo();
    expect(editor.nodes).toHaveLength(1);
  });

  it('counts quick edits of one field as one undo step', () => {
    const editor = editorFor();
    const wait = editor.addNode('wait', { x: 0, y: 0 })!;
    for (const amount of [1, 12, 123]) editor.updateData(wait, { kind: 'duration', amount, unit: 'days' }, 'amount');
    editor.undo();
    expect(editor.node(wait)!.data.data).toEqual({ kind: 'duration', amount: 7, unit: 'days' });
  });

  it('drops the connections of an A/B variant that was removed', () => {
    const editor = editorFor();
    const split = editor.addNode('abSplit', { x: 0, y: 0 })!;
    const end = editor.addNode('exit', { x: 0, y: 0 })!;
    for (const variant of ['a', 'b'])
      editor.edges = [...editor.edges, editor.connect({ source: split, sourceHandle: variant, target: end })!];
    editor.updateData(split, { variants: [{ id: 'a', label: 'A', weight: 100 }] });
    expect(editor.edges.map((edge) => edge.sourceHandle)).toEqual(['a']);
  });

  it('drops the connection of a candidate channel taken off a best-channel step, and keeps the others', () => {
    const editor = editorFor();
    const best = editor.addNode('bestChannel', { x: 0, y: 0 })!;
    const end = editor.addNode('exit', { x: 0, y: 0 })!;
    for (const handle of ['email', 'sms', 'letter', 'none'])
      editor.edges = [...editor.edges, editor.connect({ source: best, sourceHandle: handle, target: end })!];
    const data = editor.node(best)!.data.data as Record<string, unknown>;
    // One candidate left is not a valid step yet, but its outputs stay as they are.
    editor.updateData(best, { ...data, candidates: ['letter'] });
    expect(editor.edges.map((edge) => edge.sourceHandle)).toEqual(['letter', 'none']);
    editor.updateData(best, { ...data, candidates: ['letter', 'sms'] });
    expect(editor.edges.map((edge) => edge.sourceHandle)).toEqual(['letter', 'none']);
  });

  it('pastes copies with new ids beside the originals, and again further on', () => {
    const editor = editorFor();
    const { mail } = mailFlow(editor);
    editor.selectAll();
    expect(editor.copySelection()).toBe(2);
    expect(editor.paste()).toBe(2);
    expect(editor.selectedNodes.map((node) => node.id)).toEqual(['email-2', 'exit-2']);
    expect(editor.node('email-2')!.position).toEqual({ x: editor.node(mail)!.position.x + 40, y: 240 });
    expect(editor.edges.filter((edge) => edge.source === 'email-2').map((edge) => edge.target)).toEqual([
      'exit-2',
      'exit-2',
    ]);
    editor.paste();
    expect(editor.node('email-3')!.position.y).toBe(280);
  });

  it('tidies the flow from the Start downwards', () => {
    const editor = editorFor();
    const { mail, end } = mailFlow(editor);
    editor.tidy();
    const y = (id: string) => editor.node(id)!.position.y;
    expect(y('start')).toBeLessThan(y(mail));
    expect(y(mail)).toBeLessThan(y(end));
  });

  it('saves the draft as it stands, and only when it changed', async () => {
    const saved: FlowDraft[] = [];
    const editor = editorFor(newFlowDraft('Test'), saved);
    expect(await editor.save()).toBe(true);
    expect(saved).toEqual([]);
    editor.setName('Renamed');
    editor.addNode('exit', { x: 0, y: 100 });
    expect(await editor.save()).toBe(true);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ name: 'Renamed', nodes: [{ id: 'start' }, { id: 'exit-1', type: 'exit' }] });
    expect(editor.saveState).toBe('saved');
  });

  it('does not save a draft that only comes back with its keys in another order (as jsonb stores them)', async () => {
    const saved: FlowDraft[] = [];
    const editor = editorFor(newFlowDraft('Test'), saved);
    editor.addNode('exit', { x: 0, y: 100 });
    await editor.save();
    // The flow as the database hands it back: jsonb sorts object keys by length, then alphabetically.
    const sortedLikeJsonb = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(sortedLikeJsonb)
        : value && typeof value === 'object'
          ? Object.fromEntries(
              Object.entries(value)
                .sort(([a], [b]) => a.length - b.length || (a < b ? -1 : 1))
                .map(([key, entry]) => [key, sortedLikeJsonb(entry)]),
            )
          : value;
    const reopened = editorFor(sortedLikeJsonb(saved[0]) as FlowDraft, saved);
    expect(await reopened.save()).toBe(true);
    expect(saved).toHaveLength(1);
    expect(reopened.saveState).toBe('saved');
  });

  it('keeps what could not be saved and says why', async () => {
    const editor = new FlowEditor({
      flowId: '00000000-0000-4000-8000-000000000000',
      draft: newFlowDraft('Test'),
      status: 'draft',
      currentVersion: null,
      readOnly: false,
      revision: 3,
      save: async () => {
        throw new Error('This flow is archived; archived flows cannot be changed.');
      },
    });
    editor.addNode('exit', { x: 0, y: 0 });
    expect(await editor.save()).toBe(false);
    expect(editor.saveState).toBe('failed');
    expect(editor.saveProblem).toBe('This flow is archived; archived flows cannot be changed.');
    expect(editor.nodes).toHaveLength(2);
  });

  it('builds each save on the revision the last one returned, and stops saving after a conflict', async () => {
    const bases: number[] = [];
    let conflict = false;
    const editor = new FlowEditor({
      flowId: '00000000-0000-4000-8000-000000000000',
      draft: newFlowDraft('Shared'),
      status: 'draft',
      currentVersion: null,
      readOnly: false,
      revision: 7,
      save: async (_draft, baseRevision) => {
        bases.push(baseRevision);
        if (conflict) throw new SaveConflict('Anne saved this flow after you opened it.');
        return { draftRevision: baseRevision + 1 };
      },
    });
    editor.setName('One');
    await editor.save();
    editor.setName('Two');
    await editor.save();
    expect(bases).toEqual([7, 8]);
    conflict = true;
    editor.setName('Three');
    expect(await editor.save()).toBe(false);
    expect(editor).toMatchObject({
      conflict: true,
      saveState: 'failed',
      saveProblem: 'Anne saved this flow after you opened it.',
    });
    editor.setName('Four');
    expect(await editor.save()).toBe(false);
    expect(bases).toEqual([7, 8, 9]);
    expect(editor.name).toBe('Four');
  });

  it('knows when the draft is the published version, which publishing again would not change', () => {
    const published = newFlowDraft('Live');
    const end = { id: 'end', type: 'exit', position: { x: 0, y: 200 }, data: { reason: 'completed' } };
    const graph = {
      ...published,
      nodes: [...published.nodes, end],
      edges: [{ id: 'e1', source: 'start', sourceHandle: 'out', target: 'end' }],
    };
    const editor = new FlowEditor({
      flowId: '00000000-0000-4000-8000-000000000000',
      draft: graph,
      status: 'active',
      currentVersion: 1,
      readOnly: false,
      revision: 1,
      // As stored: parsed, with every default filled in.
      publishedGraph: {
        ...graph,
        settings: { timezone: 'Europe/Amsterdam', quietHours: null, frequencyCap: null, exitWhen: 'paid' },
      },
      save: async () => ({ draftRevision: 2 }),
    });
    expect(editor.sameAsPublished).toBe(true);
    editor.setLabel('end', 'Done');
    (editor as unknown as { validate(draft: FlowDraft): unknown }).validate(editor.draft);
    expect(editor.sameAsPublished).toBe(false);
    editor.published(2);
    expect(editor.sameAsPublished).toBe(true);
  });

  it('changes nothing when read-only', () => {
    const editor = new FlowEditor({
      flowId: '00000000-0000-4000-8000-000000000000',
      draft: newFlowDraft('Old version'),
      status: 'active',
      currentVersion: 1,
      readOnly: true,
      revision: 0,
      save: async () => ({ draftRevision: 1 }),
    });
    expect(editor.addNode('exit', { x: 0, y: 0 })).toBeNull();
    expect(editor.node('start')!.deletable).toBe(false);
    expect(editor.paste()).toBe(0);
  });
});

describe('templates of channel steps', () => {
  const summary = (key: string, currentVersion: number | null) => ({
    id: '00000000-0000-4000-8000-00000000000a',
    key,
    name: key,
    channel: 'email' as const,
    brandId: '00000000-0000-4000-8000-00000000000b',
    brandName: 'Brand',
    languages: ['en' as const],
    currentVersion,
    unpublishedChanges: false,
    updatedAt: '2026-11-23T10:00:00Z',
    updatedBy: null,
  });

  it('are a problem when the template has no published version, and fine once it has', () => {
    const builder = editorFor();
    mailFlow(builder);
    const draft = builder.toDraft();
    const open = (templates: ReturnType<typeof summary>[]) =>
      new FlowEditor({
        flowId: '00000000-0000-4000-8000-000000000000',
        draft,
        status: 'draft',
        currentVersion: null,
        readOnly: false,
        revision: 0,
        save: async () => ({ draftRevision: 1 }),
        templates,
      });
    expect(open([summary('reminder-friendly', null)]).problems.map((problem) => problem.code)).toEqual([
      'unknown_template',
    ]);
    expect(open([summary('reminder-friendly', 1)]).problems).toEqual([]);
    // Without the library (older callers), keys are not checked.
    expect(editorFor(draft).problems).toEqual([]);
  });
});
