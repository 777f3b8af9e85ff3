import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { signedInCaller } from '../http/trpc/testing/callers.ts';
import { demoAdminEmail, demoPassword } from './demo-workspace.ts';
import { seedDemo } from './seed-demo.ts';

const db = useTestDatabase();

describe('seedDemo', () => {
  it('creates the demo workspace once, with 1,000 debtors each in one open case', async () => {
    const first = await seedDemo(db.pool, { today: '2026-11-22' });
    const again = await seedDemo(db.pool, { today: '2026-11-22' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ created: false, workspaceId: first.workspaceId });

    const { rows } = await db.pool.query(
      `select (select count(*) from debtors)::int as debtors,
              (select count(*) from cases where status = 'open')::int as cases,
              (select count(*) from invoices where case_id is null)::int as loose_invoices,
              (select count(*) from events where type = 'case.opened')::int as opened_events,
              (select min(n) from (select count(*) n from invoices group by debtor_id) x)::int as min_invoices,
              (select max(n) from (select count(*) n from invoices group by debtor_id) x)::int as max_invoices`,
    );
    expect(rows[0]).toEqual({
      debtors: 1000,
      cases: 1000,
      loose_invoices: 0,
      opened_events: 1000,
      min_invoices: 1,
      max_invoices: 3,
    });
  });

  it('lets the demo admin sign in and see the workspace', async () => {
    const { caller } = await signedInCaller(db.pool, demoAdminEmail, demoPassword);
    const overview = await caller.workspace.overview();
    expect(overview.debtors).toBe(1000);
    expect(overview.openAmounts).toHaveLength(1);
    expect(overview.openAmounts[0]!.currency).toBe('EUR');
    expect(overview.openAmounts[0]!.amountMinor).toBeGreaterThan(1000 * 50_00);
    expect((await caller.brands.list())[0]!.name).toBe('Demo Energie');
  });

  it('publishes the two example flows, whose enrolment is queued for the worker', async () => {
    const { caller } = await signedInCaller(db.pool, demoAdminEmail, demoPassword);
    const flows = await caller.flows.list();
    expect(
      flows
        .map(({ name, status, currentVersion }) => ({ name, status, currentVersion }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    ).toEqual([
      { name: 'DE B2C three-level dunning', status: 'active', currentVersion: 1 },
      { name: 'NL consumer (with 14-day letter)', status: 'active', currentVersion: 1 },
    ]);
    const { rows } = await db.pool.query(
      `select count(*)::int as count from graphile_worker.jobs where task_identifier = 'enrol_flow'`,
    );
    expect(rows[0]).toEqual({ count: 2 });
  });
});
