/** The history simulator writes what the runtime would have, deterministically, and the analytics read it. */
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../db/testing/use-test-database.ts';
import { exampleFlow, publishDraft, workspaceWithCases } from '../../flows/testing/flow-test-kit.ts';
import { dashboardFor } from '../dashboard-query.ts';
import { refreshAllRunAnalytics } from '../refresh-run-analytics.ts';
import { simulateHistory } from './simulate-history.ts';

const db = useTestDatabase();

async function simulatedWorkspace(seed: number) {
  const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 300);
  const flowId = await publishDraft(db.pool, workspaceId, exampleFlow('nl-consumer-standard'));
  const totals = await simulateHistory(db.pool, {
    workspaceId,
    flowId,
    caseIds,
    from: '2026-05-01',
    to: '2026-07-31',
    seed,
    detailed: true,
  });
  return { workspaceId, flowId, caseIds, totals };
}

describe('simulateHistory', () => {
  it('walks every case through the flow and settles the paid ones', async () => {
    const { workspaceId, totals } = await simulatedWorkspace(3);
    expect(totals.runs).toBe(300);
    expect(totals.paid).toBeGreaterThan(30);
    expect(totals.handedOver).toBeGreaterThan(0);
    // The exits' reasons, as the runtime records them (the flow ends by handing cases to an agency).
    const { rows: exits } = await db.pool.query<{ exit_reason: string }>(
      `select distinct exit_reason from runs where workspace_id = $1 order by 1`,
      [workspaceId],
    );
    expect(exits.map((row) => row.exit_reason)).toEqual(expect.arrayContaining(['paid', 'handed_over']));
    const { rows } = await db.pool.query<{ status: string; count: number; open_minor: number }>(
      `select c.status::text, count(*)::int, sum(c.open_amount_minor)::int as open_minor from cases c
        where c.workspace_id = $1 group by 1 order by 1`,
      [workspaceId],
    );
    const paid = rows.find((row) => row.status === 'paid')!;
    expect(paid.count).toBe(totals.paid);
    // Paying settled every invoice of the case (the invoices' trigger updated the case figures).
    expect(paid.open_minor).toBe(0);
    expect(rows.find((row) => row.status === 'open')).toBeUndefined();
    const { rows: runs } = await db.pool.query<{ active: number; entered_before_opened: number }>(
      `select count(*) filter (where r.status = 'active')::int as active,
              count(*) filter (where r.entered_at < c.opened_at)::int as entered_before_opened
         from runs r join cases c on c.id = r.case_id where r.workspace_id = $1`,
      [workspaceId],
    );
    expect(runs[0]).toEqual({ active: 0, entered_before_opened: 0 });
    // Each timeline starts with the opening and has the messages' events pointing at real messages.
    const { rows: orphans } = await db.pool.query<{ count: number }>(
      `select count(*)::int from events e
        where e.workspace_id = $1 and e.type = 'message.sent'
          and not exists (select 1 from messages m where m.id = (e.payload ->> 'messageId')::uuid)`,
      [workspaceId],
    );
    expect(orphans[0]!.count).toBe(0);
  });

  it('is what the dashboard counts', async () => {
    const first = await simulatedWorkspace(5);
    await refreshAllRunAnalytics(db.pool);
    const dashboard = await dashboardFor(db.pool, first.workspaceId, {
      from: '2026-05-01',
      to: '2026-07-31',
      flowId: first.flowId,
      brandId: null,
    });
    expect(dashboard.totals.casesEntered).toBe(300);
    expect(dashboard.totals.casesPaid).toBe(first.totals.paid);
    expect(dashboard.totals.handedOver).toBe(first.totals.handedOver);
    const { rows } = await db.pool.query<{ sent: number }>(
      `select count(*)::int as sent from messages where workspace_id = $1 and sent_at is not null`,
      [first.workspaceId],
    );
    expect(dashboard.totals.messagesSent).toBe(rows[0]!.sent);
    expect(dashboard.timeToPay.reduce((sum, band) => sum + band.cases, 0)).toBe(first.totals.paid);
  });
});
