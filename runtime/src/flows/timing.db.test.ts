/** Waits, "wait for" steps, quiet hours and the frequency cap, on a real worker with a flow clock. */
import { describe, expect, it } from 'vitest';
import { recordCaseEvent } from '../cases/case-events.ts';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import {
  advanceClock,
  days,
  draft,
  hours,
  oneMailFlow,
  pathOf,
  publishDraft,
  runsOfCase,
  timelineOf,
  useFlowWorker,
  waitForFlowToSettle,
  workspaceWithCases,
} from './testing/flow-test-kit.ts';

const db = useTestDatabase();
const flowWorker = useFlowWorker(db); // Tuesday 8 January 2030, 11:00 in Amsterdam

const withEmail = (debtor: { email: string | null }, index: number) => {
  debtor.email = `debtor${index}@example.nl`;
};

describe('wait steps', () => {
  it('hold a case for calendar days, then let it go on', async () => {
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 1);
    const flowId = await publishDraft(
      db.pool,
      workspaceId,
      draft(
        'Three days',
        [
          ['start', 'entry'],
          ['pause', 'wait', { kind: 'duration', amount: 3, unit: 'days' }],
          ['end', 'exit'],
        ],
        [
          ['start', 'out', 'pause'],
          ['pause', 'out', 'end'],
        ],
      ),
    );
    expect(await waitForFlowToSettle(db.pool, flowId)).toEqual({ active: 1 });
    const [waiting] = await runsOfCase(db.pool, caseIds[0]!);
    expect(waiting).toMatchObject({ node_id: 'pause', wake_at: new Date('2030-01-11T10:00:00Z') });
    expect((await timelineOf(db.pool, caseIds[0]!)).at(-1)).toEqual({
      type: 'flow.waiting',
      payload: expect.objectContaining({ nodeId: 'pause', until: '2030-01-11T10:00:00.000Z', reason: 'wait' }),
    });

    await advanceClock(db.pool, flowWorker.clock, days(2));
    expect(await waitForFlowToSettle(db.pool, flowId)).toEqual({ active: 1 });
    await advanceClock(db.pool, flowWorker.clock, days(1));
    expect(await waitForFlowToSettle(db.pool, flowId)).toEqual({ completed: 1 });
    expect(await pathOf(db.pool, caseIds[0]!)).toEqual(['start:out', 'pause:out']);
  });

  it('wait until a date of the case: 14 days after the oldest due date, at 09:00', async () => {
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 1, (debtor) => {
      for (const invoice of debtor.invoices) {
        invoice.issueDate = '2029-12-18';
        invoice.dueDate = '2030-01-01';
      }
    });
    const flowId = await publishDraft(
      db.pool,
      workspaceId,
      draft(
        'Due date plus 14',
        [
          ['start', 'entry'],
          ['deadline', 'wait', { kind: 'date', field: 'case.oldest_due_date', offsetDays: 14, time: '09:00' }],
          ['end', 'exit'],
        ],
        [
          ['start', 'out', 'deadline'],
          ['deadline', 'out', 'end'],
        ],
      ),
    );
    await waitForFlowToSettle(db.pool, flowId);
    expect((await runsOfCase(db.pool, caseIds[0]!))[0]?.wake_at).toEqual(new Date('2030-01-15T08:00:00Z'));
  });
});

describe('"wait for" steps', () => {
  it('go on at once when the event happens, and through the timeout when it does not', async () => {
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 2);
    const flowId = await publishDraft(
      db.pool,
      workspaceId,
      draft(
        'Paylink opened?',
        [
          ['start', 'entry'],
          ['opened', 'waitFor', { events: ['paylink.opened'], timeout: { amount: 2, unit: 'days' } }],
          ['reacted', 'exit', { reason: 'reacted' }],
          ['silent', 'exit', { reason: 'silent' }],
        ],
        [
          ['start', 'out', 'opened'],
          ['opened', 'event', 'reacted'],
          ['opened', 'timeout', 'silent'],
        ],
      ),
    );
    await waitForFlowToSettle(db.pool, flowId);
    const [first, second] = caseIds as [string, string];
    expect((await runsOfCase(db.pool, first))[0]).toMatchObject({ status: 'active', node_id: 'opened' });

    await recordCaseEvent(db.pool, { workspaceId, caseId: first, type: 'paylink.opened', source: 'debtor' });
    await recordCaseEvent(db.pool, { workspaceId, caseId: second, type: 'message.opened', source: 'debtor' });
    await waitForFlowToSettle(db.pool, flowId);
    expect((await runsOfCase(db.pool, first))[0]).toMatchObject({ status: 'completed', exit_reason: 'reacted' });
    expect((await runsOfCase(db.pool, second))[0]).toMatchObject({ status: 'active', node_id: 'opened' });

    await advanceClock(db.pool, flowWorker.clock, days(2));
    await waitForFlowToSettle(db.pool, flowId);
    expect((await runsOfCase(db.pool, second))[0]).toMatchObject({ status: 'completed', exit_reason: 'silent' });
    expect(await pathOf(db.pool, first)).toEqual(['start:out', 'opened:event']);
  });
});

describe('quiet hours and the frequency cap', () => {
  it('hold a message due at night until the quiet hours end, then send it', async () => {
    flowWorker.clock.set('2030-01-08T21:30:00Z'); // Tuesday 22:30 in Amsterdam
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 1, withEmail);
    const flowId = await publishDraft(
      db.pool,
      workspaceId,
      oneMailFlow('Night', { timezone: 'Europe/Amsterdam', quietHours: { from: '20:00', to: '08:00' } }),
    );
    await waitForFlowToSettle(db.pool, flowId);
    const messages = () => db.pool.query('select status from messages where case_id = $1', [caseIds[0]]);
    expect((await messages()).rows).toEqual([]);
    expect((await timelineOf(db.pool, caseIds[0]!)).at(-1)?.payload).toMatchObject({
      reason: 'quiet_hours',
      until: '2030-01-09T07:00:00.000Z',
    });

    await advanceClock(db.pool, flowWorker.clock, hours(9.5));
    expect(await waitForFlowToSettle(db.pool, flowId)).toEqual({ completed: 1 });
    expect((await messages()).rows).toEqual([{ status: 'sent' }]);
  });

  it('defer a message over the cap until the oldest one leaves the window', async () => {
    flowWorker.clock.set('2030-01-08T10:00:00Z');
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 1, withEmail);
    const flowId = await publishDraft(
      db.pool,
      workspaceId,
      draft(
        'Two mails, one a week',
        [
          ['start', 'entry'],
          ['first', 'email', { template: 'first' }],
          ['second', 'email', { template: 'second' }],
          ['end', 'exit'],
        ],
        [
          ['start', 'out', 'first'],
          ['first', 'sent', 'second'],
          ['first', 'failed', 'end'],
          ['second', 'sent', 'end'],
          ['second', 'failed', 'end'],
        ],
        { frequencyCap: { maxMessages: 1, perDays: 7 } },
      ),
    );
    await waitForFlowToSettle(db.pool, flowId);
    const [run] = await runsOfCase(db.pool, caseIds[0]!);
    expect(run).toMatchObject({
      node_id: 'second',
      node_state: { phase: 'deferred' },
      wake_at: new Date('2030-01-15T10:00:00Z'),
    });

    await advanceClock(db.pool, flowWorker.clock, days(7));
    expect(await waitForFlowToSettle(db.pool, flowId)).toEqual({ completed: 1 });
    const { rows } = await db.pool.query(
      'select template, status from messages where case_id = $1 order by created_at',
      [caseIds[0]],
    );
    expect(rows).toEqual([
      { template: 'first', status: 'sent' },
      { template: 'second', status: 'sent' },
    ]);
  });
});
