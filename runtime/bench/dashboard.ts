/**
 * The managers' dashboard on a year of history: a million cases (by default) walked through the
 * Dutch example flow by the history simulator (runs, messages, about ten million timeline
 * events, payments), the analytics rebuilt from them, then each question a manager asks timed —
 * against a baseline in the same run: counting the period's rows of `run_analytics` by its
 * index, the least any dashboard query must do.
 */

import { abResultsFor } from '../src/analytics/ab-results-query.ts';
import { dashboardFor } from '../src/analytics/dashboard-query.ts';
import { flowFunnelFor } from '../src/analytics/flow-funnel-query.ts';
import { simulateHistory } from '../src/analytics/history/simulate-history.ts';
import { refreshAllRunAnalytics, refreshChangedRunAnalytics } from '../src/analytics/refresh-run-analytics.ts';
import type { Pool } from '../src/db/pool.ts';
import { insertBulkCases } from '../src/demo/bulk-cases.ts';
import { exampleFlow } from '../src/demo/example-flows.ts';
import { createFlow } from '../src/flows/flow-queries.ts';
import { publishFlow } from '../src/flows/publish-flow.ts';
import { publishTemplatesFor } from '../src/templates/testing/test-templates.ts';
import { createWorkspace } from '../src/workspaces/workspace-queries.ts';
import { percentile } from './flow-throughput.ts';

export interface DashboardTiming {
  name: string;
  p50Ms: number;
  p95Ms: number;
}

export interface DashboardResult {
  cases: number;
  events: number;
  messages: number;
  seedSeconds: number;
  rebuildSeconds: number;
  /** A minutely refresh right after a day's worth of new events (here: none, the cost of looking). */
  idleRefreshMs: number;
  baselineP50Ms: number;
  timings: DashboardTiming[];
}

async function timed(repeats: number, work: () => Promise<unknown>): Promise<number[]> {
  await work();
  const times: number[] = [];
  for (let round = 0; round < repeats; round += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times;
}

export async function measureDashboard(pool: Pool, cases: number, repeats = 10): Promise<DashboardResult> {
  const seedStarted = performance.now();
  const { id: workspaceId } = await createWorkspace(pool, `Dashboard bench ${Date.now()}`);
  const draft = exampleFlow('nl-consumer-standard');
  await publishTemplatesFor(pool, workspaceId, draft);
  const flow = await createFlow(pool, workspaceId, { name: draft.name, draft, userId: null });
  // Published before the cases exist: its enrolment job finds none (and no worker runs here).
  await publishFlow(pool, workspaceId, flow.id, { note: 'bench', userId: null });
  await insertBulkCases(pool, workspaceId, { count: cases, today: '2025-12-01' });
  const caseIds: string[] = [];
  const { rows } = await pool.query<{ id: string }>(
    'select c.id from cases c join debtors d on d.id = c.debtor_id where c.workspace_id = $1 order by d.external_id',
    [workspaceId],
  );
  for (const row of rows) caseIds.push(row.id);
  const history = await simulateHistory(pool, {
    workspaceId,
    flowId: flow.id,
    caseIds,
    from: '2025-01-01',
    to: '2025-12-31',
    seed: 1,
    batchSize: 5_000,
    concurrency: 4,
  });
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  const { rows: counted } = await pool.query<{ events: number }>(
    'select count(*)::int as events from events where workspace_id = $1',
    [workspaceId],
  );

  const rebuildStarted = performance.now();
  await refreshAllRunAnalytics(pool);
  const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
  await refreshChangedRunAnalytics(pool); // moves the watermark past the history
  const idleStarted = performance.now();
  await refreshChangedRunAnalytics(pool);
  const idleRefreshMs = performance.now() - idleStarted;
  await pool.query('analyze run_analytics');

  const year = { from: '2025-01-01', to: '2025-12-31', flowId: null, brandId: null };
  const month = { from: '2025-06-01', to: '2025-06-30', flowId: flow.id, brandId: null };
  const baseline = await timed(repeats, () =>
    pool.query(
      'select count(*) from run_analytics where workspace_id = $1 and entered_at >= $2::date and entered_at < $3::date + 1',
      [workspaceId, year.from, year.to],
    ),
  );
  const questions: Array<[string, () => Promise<unknown>]> = [
    ['dashboard_year', () => dashboardFor(pool, workspaceId, year)],
    ['dashboard_month_one_flow', () => dashboardFor(pool, workspaceId, month)],
    [
      'funnel_year',
      () => flowFunnelFor(pool, workspaceId, { flowId: flow.id, version: null, from: year.from, to: year.to }),
    ],
    [
      'funnel_month',
      () => flowFunnelFor(pool, workspaceId, { flowId: flow.id, version: null, from: month.from, to: month.to }),
    ],
    ['ab_results_year', () => abResultsFor(pool, workspaceId, { flowId: flow.id, from: year.from, to: year.to })],
  ];
  const timings: DashboardTiming[] = [];
  for (const [name, work] of questions) {
    const times = await timed(repeats, work);
    timings.push({ name, p50Ms: percentile(times, 0.5), p95Ms: percentile(times, 0.95) });
  }
  return {
    cases,
    events: counted[0]!.events,
    messages: history.messages,
    seedSeconds,
    rebuildSeconds,
    idleRefreshMs,
    baselineP50Ms: percentile(baseline, 0.5),
    timings,
  };
}
