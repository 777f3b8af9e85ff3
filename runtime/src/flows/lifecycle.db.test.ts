/** Publishing, versions, pausing, archiving and enrolment rules, on a real worker. */

import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { enrolIntoActiveFlows } from '../enrolment/enrol-into-active-flows.ts';
import { DomainError } from '../errors/domain-error.ts';
import { scheduleRuns, unscheduleRuns } from '../jobs/run-jobs.ts';
import { wakeOverdueRuns } from '../tasks/wake-overdue-runs.ts';
import { publishTemplatesFor } from '../templates/testing/test-templates.ts';
import { FlowDefinitions } from './flow-definitions.ts';
import { archiveFlow, pauseFlow, resumeFlow } from './flow-lifecycle.ts';
import { createFlow, getFlow, saveFlowDraft } from './flow-queries.ts';
import { publishFlow } from './publish-flow.ts';
import {
  advanceClock,
  days,
  draft,
  publishDraft,
  runCounts,
  runsOfCase,
  seedDebtors,
  timelineOf,
  useFlowWorker,
  waitFor,
  waitForFlowToSettle,
  workspaceWithCases,
} from './testing/flow-test-kit.ts';

const db = useTestDatabase();
const flowWorker = useFlowWorker(db);

/** start → wait 1 day → e-mail with `template` → end */
const dayThenMail = (template: string, reEntry: 'never' | 'afterExit' = 'never') =>
  draft(
    'Day, then mail',
    [
      ['start', 'entry', { segment: null, reEntry }],
      ['pause', 'wait', { kind: 'duration', amount: 1, unit: 'days' }],
      ['mail', 'email', { template }],
      ['end', 'exit'],
    ],
    [
      ['start', 'out', 'pause'],
      ['pause', 'out', 'mail'],
      ['mail', 'sent', 'end'],
      ['mail', 'failed', 'end'],
    ],
  );

describe('flow versions', () => {
  it('keep running cases on the version they started on', async () => {
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 1);
    const flowId = await publishDraft(db.pool, workspaceId, dayThenMail('first-version'));
    await waitForFlowToSettle(db.pool, flowId);
    const [early] = caseIds as [string];

    await publishTemplatesFor(db.pool, workspaceId, dayThenMail('second-version'));
    await saveFlowDraft(db.pool, workspaceId, flowId, dayThenMail('second-version'), null);
    const v2 = await publishFlow(db.pool, workspaceId, flowId, { note: 'New wording', userId: null });
    expect(v2).toMatchObject({ version: 2, note: 'New wording' });
    const [late] = await seedDebtors(db.pool, workspaceId, 1, {
      adjust: (debtor) => {
        debtor.externalId = 'LATE-1';
        debtor.invoices.forEach((invoice, index) => {
          invoice.externalId = `LATE-INV-${index}`;
        });
      },
    }).then(async () =>
      (
        await db.pool.query<{ id: string }>('select id from cases where workspace_id = $1 and id <> $2', [
          workspaceId,
          early,
        ])
      ).rows.map((row) => row.id),
    );
    await enrolIntoActiveFlows(db.pool, new FlowDefinitions(), workspaceId, [late!], flowWorker.clock.now());
    await waitForFlowToSettle(db.pool, flowId);

    await advanceClock(db.pool, flowWorker.clock, days(1));
    await waitForFlowToSettle(db.pool, flowId);
    const templates = await db.pool.query<{ case_id: string; template: string }>(
      'select case_id, template from messages where workspace_id = $1',
      [workspaceId],
    );
    expect(Object.fromEntries(templates.rows.map((row) => [row.case_id, row.template]))).toEqual({
      [early]: 'first-version',
      [late!]: 'second-version',
    });
    expect((await runsOfCase(db.pool, early))[0]?.flow_version).toBe(1);
    expect((await getFlow(db.pool, workspaceId, flowId)).versions.map((version) => version.version)).toEqual([2, 1]);
  });

  it('are refused with every problem when the draft is not valid, and nothing is published', async () => {
    const { workspaceId } = await workspaceWithCases(db.pool, 1);
    const flow = await createFlow(db.pool, workspaceId, { name: 'Unfinished', userId: null });
    const publishing = publishFlow(db.pool, workspaceId, flow.id, { note: '', userId: null });
    await expect(publishing).rejects.toBeInstanceOf(DomainError);
    const error = (await publishing.catch((caught: DomainError) => caught)) as DomainError;
    expect(error.message).toMatch(
      /^The flow cannot be published: one problem needs fixing first\. The “Next” output of “Start”/,
    );
    expect(error.details.problems).toEqual([expect.objectContaining({ code: 'unconnected_handle', nodeId: 'start' })]);
    const after = await getFlow(db.pool, workspaceId, flow.id);
    expect(after).toMatchObject({ status: 'draft', currentVersion: null, versions: [] });
  });
});

describe('pausing and archiving', () => {
  it('hold cases where they are while paused, and go on when resumed', async () => {
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 3);
    const flowId = await publishDraft(db.pool, workspaceId, dayThenMail('reminder'));
    await waitForFlowToSettle(db.pool, flowId);
    await pauseFlow(db.pool, workspaceId, flowId, null);
    await advanceClock(db.pool, flowWorker.clock, days(1));
    await waitFor(
      async () =>
        (await db.pool.query(`select 1 from graphile_worker.jobs where task_identifier = 'run_flow'`)).rowCount === 0,
      'the held jobs to run',
    );
    expect(await runCounts(db.pool, flowId)).toEqual({ active: 3 });
    expect((await runsOfCase(db.pool, caseIds[0]!))[0]?.node_id).toBe('pause');

    expect(await resumeFlow(db.pool, workspaceId, flowId, null)).toBe(3);
    await advanceClock(db.pool, flowWorker.clock, 0);
    expect(await waitForFlowToSettle(db.pool, flowId)).toEqual({ completed: 3 });
  });

  it('end the cases of an archived flow and refuse to change it', async () => {
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 2);
    const flowId = await publishDraft(db.pool, workspaceId, dayThenMail('reminder'));
    await waitForFlowToSettle(db.pool, flowId);
    expect(await archiveFlow(db.pool, workspaceId, flowId, null)).toEqual({ exitedRuns: 2, cancelledMessages: 0 });
    expect(await runCounts(db.pool, flowId)).toEqual({ exited: 2 });
    expect((await timelineOf(db.pool, caseIds[0]!)).at(-1)).toMatchObject({
      type: 'flow.exited',
      payload: { reason: 'flow_archived', nodeId: 'pause' },
    });
    expect(await db.pool.query(`select 1 from graphile_worker.jobs where task_identifier = 'run_flow'`)).toMatchObject({
      rowCount: 0,
    });
    await expect(saveFlowDraft(db.pool, workspaceId, flowId, dayThenMail('x'), null)).rejects.toThrow(
      'archived flows cannot be changed',
    );
    await expect(
      enrolIntoActiveFlows(db.pool, new FlowDefinitions(), workspaceId, caseIds, flowWorker.clock.now()),
    ).resolves.toBe(0);
  });
});

describe('enrolment', () => {
  it('enrols only open cases of the segment, and re-enters by the flow’s policy', async () => {
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 6, (debtor, index) => {
      debtor.language = index < 4 ? 'nl' : 'de';
    });
    await db.pool.query(`update cases set status = 'paid', closed_at = now() where id = $1`, [caseIds[0]]);
    const segment = { '==': [{ var: 'debtor.language' }, 'nl'] };
    const once = await publishDraft(
      db.pool,
      workspaceId,
      draft(
        'Once',
        [
          ['start', 'entry', { segment, reEntry: 'never' }],
          ['end', 'exit'],
        ],
        [['start', 'out', 'end']],
      ),
    );
    const again = await publishDraft(
      db.pool,
      workspaceId,
      draft(
        'Again',
        [
          ['start', 'entry', { segment, reEntry: 'afterExit' }],
          ['end', 'exit'],
        ],
        [['start', 'out', 'end']],
      ),
    );
    expect(await waitForFlowToSettle(db.pool, once)).toEqual({ completed: 3 });
    expect(await waitForFlowToSettle(db.pool, again)).toEqual({ completed: 3 });

    const enrolled = await enrolIntoActiveFlows(
      db.pool,
      new FlowDefinitions(),
      workspaceId,
      caseIds,
      flowWorker.clock.now(),
    );
    expect(enrolled).toBe(3);
    expect(await waitForFlowToSettle(db.pool, again)).toEqual({ completed: 6 });
    expect(await runCounts(db.pool, once)).toEqual({ completed: 3 });
  });
});

describe('the sweep of overdue runs', () => {
  it('schedules a run whose wait is over but whose job was lost, and leaves the others alone', async () => {
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 2);
    const flowId = await publishDraft(db.pool, workspaceId, dayThenMail('reminder'));
    await waitForFlowToSettle(db.pool, flowId);
    const [lost, kept] = await Promise.all(caseIds.map(async (caseId) => (await runsOfCase(db.pool, caseId))[0]!));
    await unscheduleRuns(db.pool, [lost!.id]);

    expect(await wakeOverdueRuns(db.pool, flowWorker.clock.now())).toBe(0);
    flowWorker.clock.advance(days(1));
    expect(await wakeOverdueRuns(db.pool, flowWorker.clock.now())).toBe(1);
    await waitFor(
      async () => (await runsOfCase(db.pool, caseIds[0]!))[0]?.status === 'completed',
      'the lost run to finish',
    );
    expect((await runsOfCase(db.pool, caseIds[1]!))[0]).toMatchObject({
      id: kept!.id,
      status: 'active',
      node_id: 'pause',
    });
  });
});

describe('a version that cannot be run', () => {
  it('fails its runs visibly instead of retrying forever', async () => {
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 1);
    const flow = await createFlow(db.pool, workspaceId, { name: 'From the future', userId: null });
    // As a newer release might have stored it: a node type this one does not know.
    await db.pool.query(`insert into flow_versions (workspace_id, flow_id, version, graph) values ($1, $2, 1, $3)`, [
      workspaceId,
      flow.id,
      JSON.stringify({
        ...dayThenMail('x'),
        nodes: [{ id: 'start', type: 'crystalBall', position: { x: 0, y: 0 }, data: {} }],
        edges: [],
      }),
    ]);
    await db.pool.query(`update flows set status = 'active', current_version = 1 where id = $1`, [flow.id]);
    const { rows } = await db.pool.query<{ id: string }>(
      `insert into runs (workspace_id, case_id, flow_id, flow_version) values ($1, $2, $3, 1) returning id`,
      [workspaceId, caseIds[0], flow.id],
    );
    await scheduleRuns(db.pool, [rows[0]!.id]);
    await waitFor(async () => (await runsOfCase(db.pool, caseIds[0]!))[0]?.status === 'failed', 'the run to fail');
    const failure = (await timelineOf(db.pool, caseIds[0]!)).at(-1);
    expect(failure).toMatchObject({
      type: 'flow.failed',
      payload: { error: expect.stringContaining('unknown step type "crystalBall"') },
    });
  });
});
