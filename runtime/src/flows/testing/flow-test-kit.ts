/**
 * Test support for flows: example flows (data from @collectflow/shared/examples), seeded cases,
 * a flow clock tests can move, and waiting for the worker.
 */
import type { FlowDraft } from '@collectflow/shared';
import { afterAll, beforeAll } from 'vitest';
import { inTransaction, type Pool } from '../../db/pool.ts';
import { insertDebtors } from '../../demo/seed-demo.ts';
import { generateSyntheticDebtors, type SyntheticDebtor } from '../../demo/synthetic-debtors.ts';
import { testSecretKey } from '../../http/trpc/testing/callers.ts';
import { createLogger } from '../../logging/logger.ts';
import { recordPayment } from '../../payments/record-payment.ts';
import { publishTemplatesFor } from '../../templates/testing/test-templates.ts';
import { startWorker, type Worker } from '../../worker/worker.ts';
import { createWorkspace } from '../../workspaces/workspace-queries.ts';
import { createFlow } from '../flow-queries.ts';
import { publishFlow } from '../publish-flow.ts';

export { exampleFlow } from '../../demo/example-flows.ts';

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
/** Pays every open invoice of a case in full, in one transaction (the case is settled). */
export async function payCaseInFull(pool: Pool, workspaceId: string, caseId: string): Promise<void> {
  const { rows: invoices } = await pool.query<{ external_id: string; open_amount_minor: number }>(
    `select external_id, open_amount_minor from invoices where workspace_id = $1 and case_id = $2 and status = 'open'`,
    [workspaceId, caseId],
  );
  await inTransaction(pool, async (client) => {
    for (const invoice of invoices) {
      await recordPayment(client, workspaceId, {
        invoiceExternalId: invoice.external_id,
        amountMinor: invoice.open_amount_minor,
        currency: 'EUR',
        source: 'api',
      });
    }
  });
}

export async function publishDraft(pool: Pool, workspaceId: string, draft: FlowDraft, note = 'test'): Promise<string> {
  await publishTemplatesFor(pool, workspaceId, draft);
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
      const { rows } = await pool.query<{
        active: number;
        started: number;
        jobs: number;
        queued: number;
        decided: number;
      }>(
        `select (select count(*) from runs where flow_id = $1 and status = 'active' and (wake_at is null or wake_at <= now()))::int as active,
                (select count(*) from runs where flow_id = $1)::int as started,
                -- A running job counts even when re-adding its key marked it as not to be retried.
                (select count(*) from graphile_worker.jobs
                  where locked_at is not null or (run_at <= now() and attempts < max_attempts))::int as jobs,
                (select count(*) from runs r join messages m on m.id = (r.node_state ->> 'messageId')::uuid
                  where r.flow_id = $1 and r.status = 'active' and m.status <> 'queued')::int as decided,
                (select count(*) from messages m join runs r on r.id = m.run_id
                  where r.flow_id = $1 and m.status = 'queued' and m.send_after <= now())::int as queued`,
        [flowId],
      );
      const state = rows[0]!;
      return state.started > 0 && state.active === 0 && state.jobs === 0 && state.queued === 0 && state.decided === 0;
    },
    `flow ${flowId} to settle`,
    timeoutMs,
    () => describeRuns(pool, flowId),
  );
  return runCounts(pool, flowId);
}

type NodeSpec = [id: string, type: string, data?: unknown, label?: string];
type EdgeSpec = [source: string, handle: string, target: string];

/** A draft from compact node and edge lists: `[id, type, data]`, `[source, handle, target]`. */
export function draft(
  name: string,
  nodes: NodeSpec[],
  edges: EdgeSpec[],
  settings: Record<string, unknown> = {},
): FlowDraft {
  return {
    schemaVersion: 1,
    name,
    description: '',
    settings,
    nodes: nodes.map(([id, type, data, label], index) => ({
      id,
      type,
      position: { x: 0, y: index * 100 },
      data: data ?? {},
      ...(label ? { label } : {}),
    })),
    edges: edges.map(([source, sourceHandle, target], index) => ({
      id: `e${index + 1}`,
      source,
      sourceHandle,
      target,
    })),
  };
}

/** start → wait a day → SMS (`sms-reminder`, sandbox) → end: a case waits, its reminder still to come. */
export function waitThenTextFlow(name = 'Wait then text'): FlowDraft {
  return draft(
    name,
    [
      ['start', 'entry'],
      ['day', 'wait', { kind: 'duration', amount: 1, unit: 'days' }],
      ['sms', 'sms', { template: 'sms-reminder', connector: 'sandbox' }],
      ['end', 'exit'],
    ],
    [
      ['start', 'out', 'day'],
      ['day', 'out', 'sms'],
      ['sms', 'sent', 'end'],
      ['sms', 'failed', 'end'],
    ],
  );
}

/** start → e-mail (template `reminder`) → end, whatever the e-mail's outcome. */
export function oneMailFlow(name = 'Mail', settings: Record<string, unknown> = {}): FlowDraft {
  return draft(
    name,
    [
      ['start', 'entry'],
      ['mail', 'email', { template: 'reminder' }],
      ['end', 'exit'],
    ],
    [
      ['start', 'out', 'mail'],
      ['mail', 'sent', 'end'],
      ['mail', 'failed', 'end'],
    ],
    settings,
  );
}

export interface RunRow {
  id: string;
  status: string;
  node_id: string | null;
  node_state: Record<string, unknown> | null;
  wake_at: Date | null;
  exit_reason: string | null;
  flow_id: string;
  flow_version: number;
}

export async function runsOfCase(pool: Pool, caseId: string): Promise<RunRow[]> {
  const { rows } = await pool.query<RunRow>(
    `select id, status::text, node_id, node_state, wake_at, exit_reason, flow_id, flow_version from runs where case_id = $1
      order by entered_at, id`,
    [caseId],
  );
  return rows;
}

export async function casesOf(pool: Pool, workspaceId: string): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `select c.id from cases c join debtors d on d.id = c.debtor_id where c.workspace_id = $1 order by d.external_id`,
    [workspaceId],
  );
  return rows.map((row) => row.id);
}

export async function timelineOf(
  pool: Pool,
  caseId: string,
): Promise<Array<{ type: string; payload: Record<string, unknown> }>> {
  const { rows } = await pool.query<{ type: string; payload: Record<string, unknown> }>(
    'select type, payload from events where case_id = $1 order by occurred_at, id',
    [caseId],
  );
  return rows;
}

/** `flow.step` events as `nodeId:handle`, the path a case took. */
export async function pathOf(pool: Pool, caseId: string): Promise<string[]> {
  return (await timelineOf(pool, caseId))
    .filter((event) => event.type === 'flow.step')
    .map((event) => `${event.payload.nodeId}:${event.payload.handle}`);
}

/**
 * A worker on the test database with a {@link TestClock}. The clock starts in 2030, ahead of the
 * real one, so that jobs of waits (scheduled by flow time) never fire by themselves; tests move
 * the clock and call {@link runJobsDueBy}.
 */
export function useFlowWorker(db: { pool: Pool }, start = '2030-01-08T10:00:00Z') {
  const handle = { clock: new TestClock(new Date(start)) } as { clock: TestClock; worker: Worker };
  beforeAll(async () => {
    handle.worker = await startWorker({
      pool: db.pool,
      concurrency: 4,
      logger: createLogger('error', false),
      clock: handle.clock.now,
      pollIntervalMs: 50,
      secretKey: testSecretKey,
    });
  });
  afterAll(() => handle.worker.stop());
  return handle;
}

/** Moves the flow clock forward and lets what became due run. */
export async function advanceClock(pool: Pool, clock: TestClock, ms: number): Promise<void> {
  clock.advance(ms);
  await runJobsDueBy(pool, clock.now());
}

export const hours = (count: number) => count * 3_600_000;
export const days = (count: number) => count * 86_400_000;

/** A workspace of its own with `count` synthetic debtors, one open case each. */
export async function workspaceWithCases(
  pool: Pool,
  count: number,
  adjust?: (debtor: SyntheticDebtor, index: number) => void,
): Promise<{ workspaceId: string; caseIds: string[]; debtors: SyntheticDebtor[] }> {
  const { id: workspaceId } = await createWorkspace(pool, `Test ${Math.random().toString(36).slice(2, 10)}`);
  const debtors = await seedDebtors(pool, workspaceId, count, adjust ? { adjust } : {});
  return { workspaceId, caseIds: await casesOf(pool, workspaceId), debtors };
}
