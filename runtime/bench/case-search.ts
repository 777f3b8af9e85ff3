/**
 * The agents' case list on the enrolment benchmark's workspace (a million cases by default):
 * each search an agent makes, timed through `searchCases` (page and capped count together, as
 * the designer asks), against a baseline in the same run — the first 50 cases of the workspace
 * by the primary key index, the least a list can do.
 */
import type { CaseSearch } from '@collectflow/shared';
import { searchCases } from '../src/cases/case-search.ts';
import type { Pool } from '../src/db/pool.ts';
import { percentile } from './flow-throughput.ts';

export interface CaseSearchTiming {
  name: string;
  p50Ms: number;
  p95Ms: number;
  /** Cases found (capped count). */
  total: number;
}

export interface CaseSearchResult {
  baselineP50Ms: number;
  searches: CaseSearchTiming[];
}

async function timed(repeats: number, work: () => Promise<unknown>): Promise<number[]> {
  await work(); // warm the cache and the plan
  const times: number[] = [];
  for (let round = 0; round < repeats; round += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times;
}

export async function measureCaseSearch(
  pool: Pool,
  workspaceId: string,
  flowId: string,
  cases: number,
  repeats = 20,
): Promise<CaseSearchResult> {
  await pool.query('analyze cases, debtors, invoices, runs');
  const baseline = await timed(repeats, () =>
    pool.query('select id, status from cases where workspace_id = $1 order by id limit 51', [workspaceId]),
  );
  const middle = Math.max(1, Math.floor(cases / 2));
  const searches: [string, CaseSearch][] = [
    ['first_page_most_overdue', {}],
    ['largest_open_amount', { sort: 'largest' }],
    ['name_fragment', { search: `Debtor ${middle}` }],
    ['email_fragment', { search: `debtor${middle}@` }],
    ['invoice_number', { search: `BULK-${middle}-1` }],
    [
      'amount_and_overdue_range',
      { minOpenMinor: 20_000, maxOpenMinor: 30_000, minDaysOverdue: 60, maxDaysOverdue: 90 },
    ],
    ['in_flow', { flowId }],
    ['with_open_dispute', { hasDispute: true }],
    ['paused', { status: ['paused'] }],
  ];
  const results: CaseSearchTiming[] = [];
  for (const [name, search] of searches) {
    let total = 0;
    const times = await timed(repeats, async () => {
      total = (await searchCases(pool, workspaceId, search)).total;
    });
    results.push({ name, p50Ms: percentile(times, 0.5), p95Ms: percentile(times, 0.95), total });
  }
  // Paging deep: the 20th page, reached by its cursor.
  let after: string | undefined;
  for (let page = 1; page < 20; page += 1) {
    after = (await searchCases(pool, workspaceId, { ...(after ? { after } : {}) })).next ?? undefined;
  }
  const deep = await timed(repeats, () => searchCases(pool, workspaceId, { ...(after ? { after } : {}) }));
  results.push({ name: 'page_20', p50Ms: percentile(deep, 0.5), p95Ms: percentile(deep, 0.95), total: 0 });
  return { baselineP50Ms: percentile(baseline, 0.5), searches: results };
}
