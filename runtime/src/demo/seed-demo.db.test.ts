import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { signedInCaller } from '../http/trpc/testing/callers.ts';
import { demoAdminEmail, demoPassword } from './demo-workspace.ts';
import { seedDemo } from './seed-demo.ts';

const db = useTestDatabase();

describe('seedDemo', () => {
  it('creates the demo workspace once: 1,000 debtors each in one open case, 2,000 closed cases of past dunning', async () => {
    const first = await seedDemo(db.pool, { today: '2026-11-22' });
    const again = await seedDemo(db.pool, { today: '2026-11-22' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ created: false, workspaceId: first.workspaceId });

    // The best-channel pilot's simulated debtors (SIM-…) and their closed cases are counted apart.
    const { rows } = await db.pool.query(
      `select (select count(*) from debtors where external_id not like 'SIM-%')::int as debtors,
              (select count(*) from cases where status = 'open')::int as cases,
              (select count(*) from cases c join debtors d on d.id = c.debtor_id
                where c.status in ('paid', 'closed') and d.external_id not like 'SIM-%')::int as history,
              (select count(*) from runs where status = 'active')::int as history_runs_active,
              (select count(*) from run_analytics)::int as analysed,
              (select count(*) from invoices where case_id is null)::int as loose_invoices,
              (select count(*) from events where type = 'case.opened')::int as opened_events,
              (select min(n) from (select count(*) n from invoices where external_id not like 'SIM-%' group by debtor_id) x)::int as min_invoices,
              (select max(n) from (select count(*) n from invoices where external_id not like 'SIM-%' group by debtor_id) x)::int as max_invoices,
              (select count(*) from cases c join debtors d on d.id = c.debtor_id
                where c.status = 'closed' and d.external_id like 'SIM-%')::int as pilot_cases`,
    );
    expect(rows[0]).toEqual({
      debtors: 3000,
      cases: 1000,
      history: 2000,
      history_runs_active: 0,
      analysed: 2000,
      loose_invoices: 0,
      // Every case's opening: the 3,000 demo cases and the pilot's 840.
      opened_events: 3840,
      min_invoices: 1,
      max_invoices: 3,
      pilot_cases: 28 * 30,
    });
  });

  it('lets the demo admin sign in and see the workspace', async () => {
    const { caller } = await signedInCaller(db.pool, demoAdminEmail, demoPassword);
    const overview = await caller.workspace.overview();
    const { rows } = await db.pool.query<{ count: number }>(
      `select count(*)::int as count from debtors where external_id like 'SIM-%'`,
    );
    expect(overview.debtors).toBe(3000 + rows[0]!.count);
    expect(overview.openAmounts).toHaveLength(1);
    expect(overview.openAmounts[0]!.currency).toBe('EUR');
    expect(overview.openAmounts[0]!.amountMinor).toBeGreaterThan(1000 * 50_00);
    expect((await caller.brands.list())[0]!.name).toBe('Demo Energie');
  });

  it('publishes the two example flows and the best-channel pilot, whose enrolment is queued for the worker', async () => {
    const { caller } = await signedInCaller(db.pool, demoAdminEmail, demoPassword);
    const flows = await caller.flows.list();
    expect(
      flows
        .map(({ name, status, currentVersion }) => ({ name, status, currentVersion }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    ).toEqual([
      { name: 'Best channel pilot', status: 'active', currentVersion: 1 },
      { name: 'DE B2C three-level dunning', status: 'active', currentVersion: 1 },
      { name: 'NL consumer (with 14-day letter)', status: 'active', currentVersion: 1 },
    ]);
    const { rows } = await db.pool.query(
      `select count(*)::int as count from graphile_worker.jobs where task_identifier = 'enrol_flow'`,
    );
    expect(rows[0]).toEqual({ count: 3 });
  });

  it('has history the dashboard and the A/B results show: a decided test in each example flow', async () => {
    const { caller } = await signedInCaller(db.pool, demoAdminEmail, demoPassword);
    const period = { from: '2026-06-01', to: '2026-10-31', flowId: null, brandId: null };
    const dashboard = await caller.analytics.dashboard(period);
    expect(dashboard.totals.casesEntered).toBe(2000);
    expect(dashboard.totals.paymentRate).toBeGreaterThan(0.2);
    // Both example flows end by handing unpaid cases to a collection agency.
    expect(dashboard.totals.handedOver).toBeGreaterThan(100);
    const decided: boolean[] = [];
    for (const flow of (await caller.flows.list()).filter((entry) => entry.name !== 'Best channel pilot')) {
      const results = await caller.analytics.abResults({ flowId: flow.id, from: period.from, to: period.to });
      expect(results.tests).toHaveLength(1);
      expect(results.tests[0]!.variants.every((variant) => variant.cases > 100)).toBe(true);
      decided.push(results.tests[0]!.comparison!.decided);
    }
    // The NL flow splits right at its start, so a thousand cases settle its test.
    expect(decided).toContain(true);
  });

  it('simulates four weeks of the best-channel pilot, so the model page has a model, choices and an uplift', async () => {
    const { caller } = await signedInCaller(db.pool, demoAdminEmail, demoPassword);
    const overview = await caller.ml.overview();
    expect(overview.bestChannel).toHaveLength(1);
    const pilot = overview.bestChannel[0]!;
    expect(pilot).toMatchObject({ flowName: 'Best channel pilot', mode: 'learned' });
    expect(pilot.versions).toBeGreaterThan(10);
    expect(pilot.model!.sampleSize).toBeGreaterThan(1000);
    expect(pilot.model!.channels.map((channel) => channel.channel).sort()).toEqual(['email', 'letter', 'sms']);
    // The pilot's 840 decisions of the four weeks before 22 November; the page counts the last 30 days.
    expect(pilot.choices.reduce((sum, choice) => sum + choice.count, 0)).toBeGreaterThan(300);
    expect(pilot.uplift!.decisions).toBeGreaterThan(100);
    // Its messages are the pilot steps' own: a demo template, a connector, the debtor's address.
    const { rows: messages } = await db.pool.query<{
      template: string;
      with_template: boolean;
      with_recipient: boolean;
    }>(
      `select m.template, exists (select 1 from templates t where t.workspace_id = m.workspace_id and t.key = m.template
                                     and t.channel = m.channel) as with_template,
              m.recipient is not null as with_recipient
         from messages m join debtors d on d.id = m.debtor_id where d.external_id like 'SIM-%'`,
    );
    expect(messages.length).toBeGreaterThan(800);
    expect(new Set(messages.map((message) => message.template))).toEqual(
      new Set(['reminder-friendly', 'sms-reminder', 'reminder-letter']),
    );
    expect(messages.every((message) => message.with_template && message.with_recipient)).toBe(true);
    // Each pilot case's timeline says which model chose what, and why.
    const { rows: steps } = await db.pool.query<{ count: number; explained: number }>(
      `select count(*)::int as count,
              count(*) filter (where payload ->> 'reason' = 'model' and jsonb_array_length(payload -> 'topFeatures') > 0)::int
                as explained
         from events where type = 'flow.step' and payload ->> 'nodeType' = 'bestChannel'`,
    );
    expect(steps[0]!.count).toBe(840);
    expect(steps[0]!.explained).toBeGreaterThan(500);
    // No open case is tagged for the pilot: it enrols none of the demo's running cases.
    const { rows } = await db.pool.query<{ count: number }>(
      `select count(*)::int as count from runs r join flows f on f.id = r.flow_id where f.name = 'Best channel pilot'`,
    );
    expect(rows[0]!.count).toBe(0);
  });
});
