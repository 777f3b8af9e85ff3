/** What the designer's flow editor calls beyond create/save/publish: duplicate, rename, restore, test runs. */
import type { FlowDraft } from '@collectflow/shared';
import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../db/testing/use-test-database.ts';
import { draft, seedDebtors } from '../../../flows/testing/flow-test-kit.ts';
import { publishTemplatesFor } from '../../../templates/testing/test-templates.ts';
import { createTestWorkspace } from '../testing/callers.ts';

const db = useTestDatabase();
let workspace: Awaited<ReturnType<typeof createTestWorkspace>>;
let designer: Awaited<ReturnType<typeof workspace.signInAs>>['caller'];
const caseIds: Record<string, string> = {};

/** start (amount ≥ €100) → over €500? → yes: SMS, no: e-mail → wait → fee → end */
const testFlow: FlowDraft = draft(
  'Test-run flow',
  [
    ['start', 'entry', { segment: { '>=': [{ var: 'case.total_open_amount' }, 10_000] }, reEntry: 'never' }],
    ['big', 'filter', { condition: { '>': [{ var: 'case.total_open_amount' }, 50_000] } }],
    ['text', 'sms', { template: 'sms-reminder' }],
    ['mail', 'email', { template: 'email-reminder' }],
    ['pause', 'wait', { kind: 'duration', amount: 3, unit: 'days' }],
    ['fee', 'action', { kind: 'addFee', amountMinor: 4000, description: 'Reminder fee' }],
    ['end', 'exit', { reason: 'completed' }],
    ['unreachable', 'exit', { reason: 'failed_to_contact' }],
  ],
  [
    ['start', 'out', 'big'],
    ['big', 'yes', 'text'],
    ['big', 'no', 'mail'],
    ['text', 'sent', 'pause'],
    ['text', 'failed', 'unreachable'],
    ['mail', 'sent', 'pause'],
    ['mail', 'failed', 'unreachable'],
    ['pause', 'out', 'fee'],
    ['fee', 'out', 'end'],
  ],
);

beforeAll(async () => {
  workspace = await createTestWorkspace(db.pool, 'Flow Editing');
  await publishTemplatesFor(db.pool, workspace.workspaceId, testFlow);
  designer = (await workspace.signInAs('designer')).caller;
  const amounts = { small: 5_000, mailed: 20_000, texted: 80_000, noConsent: 90_000 };
  await seedDebtors(db.pool, workspace.workspaceId, 4, {
    adjust: (debtor, index) => {
      const name = Object.keys(amounts)[index] as keyof typeof amounts;
      debtor.externalId = `D-${name}`;
      debtor.kind = 'person';
      debtor.companyName = null;
      debtor.firstName = 'Test';
      debtor.lastName = name;
      debtor.email = `${name}@example.nl`;
      debtor.phone = '+31612345678';
      debtor.consents =
        name === 'noConsent' ? {} : { sms: { granted: true, at: '2026-01-01T00:00:00Z', source: 'test' } };
      debtor.invoices = [{ ...debtor.invoices[0]!, amountMinor: amounts[name], openAmountMinor: amounts[name] }];
    },
  });
  const { rows } = await db.pool.query<{ id: string; external_id: string }>(
    `select c.id, d.external_id from cases c join debtors d on d.id = c.debtor_id where c.workspace_id = $1`,
    [workspace.workspaceId],
  );
  for (const row of rows) caseIds[row.external_id.slice(2)] = row.id;
});

describe('test runs', () => {
  const path = (steps: { nodeId: string }[]) => steps.map((step) => step.nodeId);

  it('follow the handles this case would take, sending and waiting nothing', async () => {
    const result = await designer.flows.dryRun({ draft: testFlow, caseId: caseIds.texted! });
    expect(result).toMatchObject({ outcome: 'exited', exitReason: 'completed', debtorName: 'Test texted' });
    expect(path(result.steps)).toEqual(['start', 'big', 'text', 'pause', 'fee', 'end']);
    expect(result.steps[1]).toMatchObject({
      handle: 'yes',
      edgeId: 'e2',
      summary: 'The condition is true for this case.',
    });
    expect(result.steps[2]!.summary).toBe('Would send the SMS “sms-reminder” to +31612345678.');
    expect(result.steps[3]!.summary).toBe('Would wait 3 days (skipped in a test run).');
    expect(result.steps[4]!.summary).toBe('Would add the fee “Reminder fee” of €40.00.');
    const messages = await db.pool.query('select 1 from messages where workspace_id = $1', [workspace.workspaceId]);
    const runs = await db.pool.query('select 1 from runs where workspace_id = $1', [workspace.workspaceId]);
    expect(messages.rowCount! + runs.rowCount!).toBe(0);
  });

  it('take the other branch for a smaller amount, and the failed handle without consent', async () => {
    const mailed = await designer.flows.dryRun({ draft: testFlow, caseId: caseIds.mailed! });
    expect(path(mailed.steps)).toEqual(['start', 'big', 'mail', 'pause', 'fee', 'end']);
    const noConsent = await designer.flows.dryRun({ draft: testFlow, caseId: caseIds.noConsent! });
    expect(path(noConsent.steps)).toEqual(['start', 'big', 'text', 'unreachable']);
    expect(noConsent.steps[2]).toMatchObject({
      handle: 'failed',
      summary: 'Cannot send the SMS “sms-reminder”: no consent for SMS.',
    });
    expect(noConsent).toMatchObject({ outcome: 'exited', exitReason: 'failed_to_contact' });
  });

  it('say when a case would not enter, and run nothing for a draft with problems', async () => {
    const small = await designer.flows.dryRun({ draft: testFlow, caseId: caseIds.small! });
    expect(small).toMatchObject({ outcome: 'not_entered', steps: [{ nodeId: 'start', handle: null }] });
    const broken = { ...testFlow, edges: testFlow.edges.filter((edge) => edge.id !== 'e9') };
    const invalid = await designer.flows.dryRun({ draft: broken, caseId: caseIds.texted! });
    expect(invalid).toMatchObject({ outcome: 'invalid', steps: [] });
    expect(invalid.problems.map((problem) => problem.code)).toContain('unconnected_handle');
  });

  it('refuse a case of another workspace', async () => {
    const other = await createTestWorkspace(db.pool, 'Other Editing');
    const outsider = (await other.signInAs('viewer')).caller;
    await expect(outsider.flows.dryRun({ draft: testFlow, caseId: caseIds.texted! })).rejects.toThrow(
      `There is no case ${caseIds.texted} in this workspace.`,
    );
  });
});

describe('case choices', () => {
  it('find open cases by debtor name or number, with amount and days overdue', async () => {
    const all = await designer.cases.choices({});
    expect(all.map((choice) => choice.debtorExternalId)).toEqual(['D-mailed', 'D-noConsent', 'D-small', 'D-texted']);
    const found = await designer.cases.choices({ search: 'TEXT' });
    expect(found).toEqual([expect.objectContaining({ debtorName: 'Test texted', openMinor: 80_000, currency: 'EUR' })]);
    expect(await designer.cases.choices({ search: '%' })).toEqual([]);
  });
});

describe('flow editing', () => {
  it('duplicates a flow as a new draft, renames it, and restores an old version as the draft', async () => {
    const flow = await designer.flows.create({ name: 'Original', draft: testFlow });
    await designer.flows.publish({ flowId: flow.id, note: 'first' });
    const copy = await designer.flows.duplicate({ flowId: flow.id });
    expect(copy).toMatchObject({ name: 'Original (copy)', status: 'draft', currentVersion: null });
    expect(copy.draft.nodes).toHaveLength(testFlow.nodes.length);

    const renamed = await designer.flows.rename({ flowId: copy.id, name: 'Renamed copy' });
    expect(renamed.name).toBe('Renamed copy');
    expect((await designer.flows.get({ flowId: copy.id })).draft.name).toBe('Renamed copy');

    await designer.flows.saveDraft({ flowId: flow.id, draft: { ...testFlow, nodes: [], edges: [] } });
    const restored = await designer.flows.restoreVersion({ flowId: flow.id, version: 1 });
    expect(restored.draft.nodes.map((node) => node.id)).toEqual(testFlow.nodes.map((node) => node.id));
    await expect(designer.flows.restoreVersion({ flowId: flow.id, version: 9 })).rejects.toThrow(
      `Flow ${flow.id} has no version 9.`,
    );
  });

  it('refuses a save from an editor that missed a colleague’s save, and names who it was', async () => {
    const flow = await designer.flows.create({ name: 'Shared', draft: testFlow });
    const admin = (await workspace.signInAs('admin')).caller;
    const mine = await designer.flows.saveDraft({ flowId: flow.id, draft: testFlow, baseRevision: flow.draftRevision });
    expect(mine.draftRevision).toBe(flow.draftRevision + 1);
    const theirs = await admin.flows.saveDraft({
      flowId: flow.id,
      draft: { ...testFlow, name: 'Theirs' },
      baseRevision: mine.draftRevision,
    });

    const stale = designer.flows.saveDraft({
      flowId: flow.id,
      draft: { ...testFlow, name: 'Mine' },
      baseRevision: mine.draftRevision,
    });
    await expect(stale).rejects.toThrow(
      'admin of Flow Editing saved this flow after you opened it, so your changes were not saved over theirs.',
    );
    const stored = await designer.flows.get({ flowId: flow.id });
    expect({ name: stored.draft.name, revision: stored.draftRevision }).toEqual({
      name: 'Theirs',
      revision: theirs.draftRevision,
    });
    // Publishing and renaming do not strand an open editor: publishing leaves the draft alone.
    await admin.flows.publish({ flowId: flow.id, note: 'v1' });
    await designer.flows.saveDraft({ flowId: flow.id, draft: testFlow, baseRevision: theirs.draftRevision });
  });

  it('refuses an empty name', async () => {
    const flow = await designer.flows.create({ name: 'Named' });
    const error = await designer.flows.rename({ flowId: flow.id, name: '  ' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).message).toContain('Give the flow a name.');
  });
});
