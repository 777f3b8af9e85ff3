/**
 * Test support for flows: example flows (data from @collectflow/shared/examples), seeded cases,
 * a flow clock tests can move, and waiting for the worker.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FlowDraft } from '@collectflow/shared';
import { inTransaction, type Pool } from '../../db/pool.ts';
import { insertDebtors } from '../../demo/seed-demo.ts';
import { generateSyntheticDebtors, type SyntheticDebtor } from '../../demo/synthetic-debtors.ts';
import { createFlow } from '../flow-queries.ts';
import { publishFlow } from '../publish-flow.ts';

const require = createRequire(import.meta.url);

/** An example flow from `shared/examples/flows/<name>.json`. */
export function exampleFlow(name: 'benchmark' | 'nl-consumer-standard'): FlowDraft {
  return JSON.parse(
    readFileSync(require.resolve(`@collectflow/shared/examples/flows/${name}.json`), 'utf8'),
  ) as FlowDraft;
}

/** Inserts synthetic debtors, each with one open case; returns them. */
export async function seedDebtors(
  pool: Pool,
  workspaceId: string,
  count: number,
  options: { today?: string; seed?: number; adjust?: (debtor: SyntheticDebtor, index: number) => void } = {},
): Promise<SyntheticDebtor[]> {
  const debtors = generateSyntheticDebtors({ count, today: options.today ?? '2026-11-23', seed: options.seed });
  debtors.forEach((debtor, index) => {
    options.adjust?.(debtor, index);
  });
  await inTransaction(pool, (client) => insertDebtors(client, workspaceId, debtors));
  return debtors;
}

/** Creates and publishes a flow; returns its id. */
export async function publishDraft(pool: Pool, workspaceId: string, draft: FlowDraft, note = 'test'): Promise<string> {
  const flow = await createFlow(pool, workspaceId, { name: draft.name, draft, userId: null });
  await publishFlow(pool, workspaceId, flow.id, { note, userId: null });
  return flow.id;
}

/** A flow clock that tests set and advance. */
export class TestClock {
  constructor(private current: Date) {}
  now = (): Date => new Date(this.current);
  set(to: Date | string): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * After moving a {@link TestClock} forward: makes the jobs due by then (by the flow clock) run
 * now, through graphile-worker's own rescheduling.
 */
export async function runJobsDueBy(pool: Pool, time: Date): Promise<number> {
  const { rows } = await pool.query<{ count: number }>(
    `select count(*)::int as count from graphile_worker.reschedule_jobs(
       array(select id from graphile_worker.jobs where run_at <= $1 and locked_at is null and run_at > now()), run_at => now())`,
    [time],
  );
  return rows[0]!.count;
}

export async function waitFor(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
  explain: () => Promise<unknown> = async () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}. ${JSON.stringify(await explain(), null, 1)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** What runs and jobs are doing, for a timeout message. */
export async function describeRuns(pool: Pool, flowId: string) {
  const runs = await pool.query(
    `select status::text, node_id, count(*)::int, min(wake_at) as wake from runs where flow_id = $1 group by 1, 2`,
    [flowId],
  );
  const jobs = await pool.query(
    `select task_identifier, count(*)::int, min(run_at) as run_at, max(attempts) as attempts, max(last_error) as error,
            bool_or(locked_at is not null) as locked
       from graphile_worker.jobs group by 1`,
  );
  return { runs: runs.rows, jobs: jobs.rows };
}

/** Runs of a flow by status. */
export async function runCounts(pool: Pool, flowId: string): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ status: string; count: number }>(
    'select status::text, count(*)::int as count from runs where flow_id = $1 group by status',
    [flowId],
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.count]));
}

/** Waits until no run of the flow is active and no job is waiting to run now. */
export async function waitForFlowToSettle(
  pool: Pool,
  flowId: string,
  timeoutMs = 30_000,
): Promise<Record<string, number>> {
  await waitFor(
    async () => {
      const { rows } = await pool.query<{ active: number; started: number; jobs: number }>(
        `select (select count(*) from runs where flow_id = $1 and status = 'active' and (wake_at is null or wake_at <= now()))::int as active,
                (select count(*) from runs where flow_id = $1)::int as started,
                (select count(*) from graphile_worker.jobs where run_at <= now() and attempts < max_attempts)::int as jobs`,
        [flowId],
      );
      return rows[0]!.started > 0 && rows[0]!.active === 0 && rows[0]!.jobs === 0;
    },
    `flow ${flowId} to settle`,
    timeoutMs,
    () => describeRuns(pool, flowId),
  );
  return runCounts(pool, flowId);
}
