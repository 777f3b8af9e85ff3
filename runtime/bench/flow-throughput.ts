/**
 * Cases per second through the benchmark flow (entry → filter → A/B split → e-mail → wait 0 →
 * SMS → exit, sandbox channels), and the latency from recording a payment to its run having
 * exited, measured while that load runs.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type FlowDraft, toFlowDefinition } from '@collectflow/shared';
import { createBrand } from '../src/brands/brand-queries.ts';
import { inTransaction, type Pool } from '../src/db/pool.ts';
import { insertBulkCases } from '../src/demo/bulk-cases.ts';
import { demoBrand } from '../src/demo/demo-workspace.ts';
import { publishExampleTemplates } from '../src/demo/seed-demo.ts';
import { enrolMatchingCases } from '../src/enrolment/enrol-cases.ts';
import { createFlow } from '../src/flows/flow-queries.ts';
import { publishFlow } from '../src/flows/publish-flow.ts';
import { createLogger } from '../src/logging/logger.ts';
import { recordPayment } from '../src/payments/record-payment.ts';
import { startWorker } from '../src/worker/worker.ts';
import { createWorkspace } from '../src/workspaces/workspace-queries.ts';

export interface ThroughputOptions {
  cases: number;
  concurrency: number;
  localQueueSize: number;
}

export interface ThroughputResult {
  casesPerSecond: number;
  seconds: number;
  finishedRuns: number;
  enrolSeconds: number;
  paymentLatenciesMs: number[];
}

const require = createRequire(import.meta.url);

function benchmarkFlow(): FlowDraft {
  return JSON.parse(
    readFileSync(require.resolve('@collectflow/shared/examples/flows/benchmark.json'), 'utf8'),
  ) as FlowDraft;
}

export async function measureFlowThroughput(pool: Pool, options: ThroughputOptions): Promise<ThroughputResult> {
  const { id: workspaceId } = await createWorkspace(pool, 'Benchmark flow');
  await insertBulkCases(pool, workspaceId, { count: options.cases });
  // Real branded templates: every message is rendered before hand-over, as in production.
  const brand = await createBrand(pool, workspaceId, demoBrand);
  await publishExampleTemplates(pool, workspaceId, brand.id);
  const draft = benchmarkFlow();
  const flow = await createFlow(pool, workspaceId, { name: draft.name, draft, userId: null });
  await publishFlow(pool, workspaceId, flow.id, { note: 'benchmark', userId: null });
  // Enrol up front (timed on its own), so the figure below is the flow's throughput alone.
  const definition = toFlowDefinition(draft);
  if (!definition.ok) throw new Error('the benchmark flow is not valid');
  let started = performance.now();
  const enrolled = await inTransaction(pool, (client) =>
    enrolMatchingCases(
      client,
      {
        workspaceId,
        flowId: flow.id,
        version: 1,
        entry: definition.definition.entry.data,
        timezone: 'Europe/Amsterdam',
      },
      { now: new Date() },
    ),
  );
  const enrolSeconds = (performance.now() - started) / 1000;
  if (enrolled !== options.cases) throw new Error(`enrolled ${enrolled} of ${options.cases} cases`);
  const { rows: caseRows } = await pool.query<{ id: string }>('select id from cases where workspace_id = $1', [
    workspaceId,
  ]);

  const startedAt = (await pool.query<{ now: Date }>('select clock_timestamp() as now')).rows[0]!.now;
  started = performance.now();
  const worker = await startWorker({
    pool,
    concurrency: options.concurrency,
    localQueueSize: options.localQueueSize,
    logger: createLogger('warn', false),
  });

  // Payments while the load runs: a case in the middle of the flow is paid in full.
  const latencies: number[] = [];
  let loadDone = false;
  const payments = (async () => {
    const candidates = caseRows.map((row) => row.id).sort(() => Math.random() - 0.5);
    for (const caseId of candidates) {
      if (loadDone || latencies.length >= 400) return;
      await new Promise((resolve) => setTimeout(resolve, 15));
      const active = await pool.query('select 1 from runs where workspace_id = $1 and case_id = $2 and status = $3', [
        workspaceId,
        caseId,
        'active',
      ]);
      if (active.rowCount === 0) continue;
      const { rows: invoices } = await pool.query<{ external_id: string; open_amount_minor: number }>(
        `select external_id, open_amount_minor from invoices where workspace_id = $1 and case_id = $2 and status = 'open'`,
        [workspaceId, caseId],
      );
      const paidStarted = performance.now();
      const result = await inTransaction(pool, async (client) => {
        let last = null;
        for (const invoice of invoices) {
          last = await recordPayment(client, workspaceId, {
            invoiceExternalId: invoice.external_id,
            amountMinor: invoice.open_amount_minor,
            currency: 'EUR',
            source: 'api',
          });
        }
        return last;
      });
      const elapsed = performance.now() - paidStarted;
      if (!result?.caseSettled) throw new Error(`paying every open invoice did not settle case ${caseId}`);
      // The run may have finished between the check and the payment; only exits count.
      if (result.exitedRuns === 1) latencies.push(elapsed);
    }
  })();

  let finished = 0;
  while (finished < options.cases) {
    // Only to notice the end: the figure comes from the runs' own finish times.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const { rows } = await pool.query<{ finished: number }>(
      `select count(*)::int as finished from runs where workspace_id = $1 and flow_id = $2 and status <> 'active'`,
      [workspaceId, flow.id],
    );
    finished = rows[0]!.finished;
  }
  loadDone = true;
  const { rows } = await pool.query<{ seconds: number }>(
    `select extract(epoch from max(finished_at) - $2::timestamptz)::float8 as seconds from runs where workspace_id = $1`,
    [workspaceId, startedAt],
  );
  await payments;
  await worker.stop();
  const seconds = rows[0]!.seconds;
  return {
    casesPerSecond: options.cases / seconds,
    seconds,
    finishedRuns: finished,
    enrolSeconds,
    paymentLatenciesMs: latencies,
  };
}

export function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN;
}
