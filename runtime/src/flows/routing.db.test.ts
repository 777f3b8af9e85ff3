/** Where cases go: conditions, A/B splits, actions, fallbacks when a send fails. */
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { enrolIntoActiveFlows } from '../enrolment/enrol-into-active-flows.ts';
import { FlowDefinitions } from './flow-definitions.ts';
import { maxNodesPerStep } from './run-step.ts';
import {
  draft,
  pathOf,
  publishDraft,
  runsOfCase,
  timelineOf,
  useFlowWorker,
  waitForFlowToSettle,
  workspaceWithCases,
} from './testing/flow-test-kit.ts';

const db = useTestDatabase();
const flowWorker = useFlowWorker(db);

describe('routing', () => {
  it('sends each case down the side of a condition its facts match', async () => {
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 20);
    const flowId = await publishDraft(
      db.pool,
      workspaceId,
      draft(
        'Big or small',
        [
          ['start', 'entry'],
          ['big', 'filter', { condition: { '>=': [{ var: 'case.total_open_amount' }, 15_000] } }],
          ['yes', 'exit', { reason: 'big' }],
          ['no', 'exit', { reason: 'small' }],
        ],
        [
          ['start', 'out', 'big'],
          ['big', 'yes', 'yes'],
          ['big', 'no', 'no'],
        ],
      ),
    );
    await waitForFlowToSettle(db.pool, flowId);
    const { rows } = await db.pool.query<{ case_id: string; open: number }>(
      `select case_id, sum(open_amount_minor)::bigint as open from invoices where workspace_id = $1 group by case_id`,
      [workspaceId],
    );
    for (const { case_id, open } of rows) {
      const [run] = await runsOfCase(db.pool, case_id);
      expect(run?.exit_reason, `case with ${open} cents open`).toBe(open >= 15_000 ? 'big' : 'small');
    }
    expect(new Set(rows.map((row) => row.open >= 15_000)).size).toBe(2);
    expect(caseIds).toHaveLength(20);
  });

  it('gives each case one A/B variant, the same one every time it passes the split', async () => {
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 40);
    const flowId = await publishDraft(
      db.pool,
      workspaceId,
      draft(
        'A/B',
        [
          ['start', 'entry', { segment: null, reEntry: 'afterExit' }],
          [
            'split',
            'abSplit',
            {
              variants: [
                { id: 'a', label: 'Friendly', weight: 50 },
                { id: 'b', label: 'Direct', weight: 50 },
              ],
            },
          ],
          ['end', 'exit'],
        ],
        [
          ['start', 'out', 'split'],
          ['split', 'a', 'end'],
          ['split', 'b', 'end'],
        ],
      ),
    );
    await waitForFlowToSettle(db.pool, flowId);
    const firstVariants = await Promise.all(caseIds.map(async (caseId) => (await pathOf(db.pool, caseId))[1]));
    expect(new Set(firstVariants)).toEqual(new Set(['split:a', 'split:b']));
    const step = (await timelineOf(db.pool, caseIds[0]!)).find((event) => event.payload.nodeId === 'split');
    expect(step?.payload).toMatchObject({ variant: expect.stringMatching(/^[ab]$/), variantLabel: expect.any(String) });

    // Re-entry after exit: every case goes through the split again and lands on the same side.
    expect(
      await enrolIntoActiveFlows(db.pool, new FlowDefinitions(), workspaceId, caseIds, flowWorker.clock.now()),
    ).toBe(40);
    await waitForFlowToSettle(db.pool, flowId);
    for (const [index, caseId] of caseIds.entries()) {
      const path = await pathOf(db.pool, caseId);
      expect(path.filter((step) => step.startsWith('split:'))).toEqual([firstVariants[index], firstVariants[index]]);
    }
  });

  it('changes the case in an action step, and later steps see the change', async () => {
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 1);
    const flowId = await publishDraft(
      db.pool,
      workspaceId,
      draft(
        'Level 2 with a fee',
        [
          ['start', 'entry'],
          ['level', 'action', { kind: 'setDunningLevel', level: 2 }],
          ['fee', 'action', { kind: 'addFee', amountMinor: 750, description: 'Mahngebühr' }],
          ['check', 'filter', { condition: { '==': [{ var: 'case.dunning_level' }, 2] } }],
          ['yes', 'exit', { reason: 'level_two' }],
          ['no', 'exit', { reason: 'unchanged' }],
        ],
        [
          ['start', 'out', 'level'],
          ['level', 'out', 'fee'],
          ['fee', 'out', 'check'],
          ['check', 'yes', 'yes'],
          ['check', 'no', 'no'],
        ],
      ),
    );
    await waitForFlowToSettle(db.pool, flowId);
    const caseId = caseIds[0]!;
    expect((await runsOfCase(db.pool, caseId))[0]?.exit_reason).toBe('level_two');
    const charges = await db.pool.query(
      'select kind, amount_minor, currency, description from case_charges where case_id = $1',
      [caseId],
    );
    expect(charges.rows).toEqual([{ kind: 'fee', amount_minor: 750, currency: 'EUR', description: 'Mahngebühr' }]);
    const changes = (await timelineOf(db.pool, caseId)).filter((event) => event.type.startsWith('case.'));
    expect(changes.map((event) => [event.type, event.payload])).toEqual([
      ['case.opened', expect.anything()],
      ['case.dunning_level_changed', expect.objectContaining({ from: 0, to: 2 })],
      ['case.fee_added', expect.objectContaining({ amountMinor: 750, currency: 'EUR', description: 'Mahngebühr' })],
    ]);
  });

  it('takes the fallback when a message cannot be sent, and says why in the timeline', async () => {
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 3, (debtor, index) => {
      debtor.email = ['ok@example.nl', 'gone@example.invalid', null][index]!;
      debtor.phone = '+31612345678';
      debtor.consents = { sms: { granted: true, at: '2029-01-01T00:00:00Z', source: 'contract' } };
    });
    const flowId = await publishDraft(
      db.pool,
      workspaceId,
      draft(
        'E-mail, else SMS',
        [
          ['start', 'entry'],
          ['mail', 'email', { template: 'reminder' }],
          ['text', 'sms', { template: 'sms-reminder' }],
          ['end', 'exit'],
        ],
        [
          ['start', 'out', 'mail'],
          ['mail', 'sent', 'end'],
          ['mail', 'failed', 'text'],
          ['text', 'sent', 'end'],
          ['text', 'failed', 'end'],
        ],
      ),
    );
    expect(await waitForFlowToSettle(db.pool, flowId)).toEqual({ completed: 3 });
    const [delivered, bounced, noAddress] = caseIds as [string, string, string];
    expect(await pathOf(db.pool, delivered)).toEqual(['start:out', 'mail:sent']);
    expect(await pathOf(db.pool, bounced)).toEqual(['start:out', 'mail:failed', 'text:sent']);
    expect(await pathOf(db.pool, noAddress)).toEqual(['start:out', 'mail:failed', 'text:sent']);
    const failures = async (caseId: string) =>
      (await timelineOf(db.pool, caseId))
        .filter((event) => event.type === 'message.failed')
        .map((event) => event.payload.reason);
    expect(await failures(bounced)).toEqual(['mailbox does not exist (sandbox: .invalid domain)']);
    expect(await failures(noAddress)).toEqual(['no e-mail address']);
  });

  it(`continues a long chain of instant steps in a fresh job after ${maxNodesPerStep} steps`, async () => {
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 1);
    const levels = Array.from({ length: 150 }, (_, index) => `level${index}`);
    const flowId = await publishDraft(
      db.pool,
      workspaceId,
      draft(
        'Long chain',
        [
          ['start', 'entry'],
          ...levels.map((id, index): [string, string, unknown] => [
            id,
            'action',
            { kind: 'setDunningLevel', level: index % 20 },
          ]),
          ['end', 'exit'],
        ],
        [
          ['start', 'out', levels[0]!],
          ...levels.map((id, index): [string, string, string] => [id, 'out', levels[index + 1] ?? 'end']),
        ],
      ),
    );
    expect(await waitForFlowToSettle(db.pool, flowId)).toEqual({ completed: 1 });
    expect(await pathOf(db.pool, caseIds[0]!)).toHaveLength(151);
  });
});
