/**
 * Pay now, end to end: each debtor taps Pay now on the paylink (`POST /api/paylinks/:token/
 * checkout` → Mollie creates the payment), pays on the Mollie double's checkout, whose webhook
 * reaches the service, which fetches the payment from Mollie and settles the case. Measured:
 * payments settled per second with `concurrency` debtors at once, and the time from "paid at
 * Mollie" to the case settled. Baseline in the same run: the bare status sync — the same number
 * of other cases paid with `recordCasePayment`, one transaction each, equally many at once.
 */
import { startMollieDouble } from '@collectflow/connectors';
import { createBrand } from '../src/brands/brand-queries.ts';
import { saveConnectorConfig } from '../src/connectors/connector-configs.ts';
import { WorkspaceConnectors } from '../src/connectors/workspace-connectors.ts';
import { inTransaction, type Pool } from '../src/db/pool.ts';
import { insertBulkCases } from '../src/demo/bulk-cases.ts';
import { demoBrand } from '../src/demo/demo-workspace.ts';
import { startListeningServer } from '../src/http/testing/test-server.ts';
import { testSecretKey } from '../src/http/trpc/testing/callers.ts';
import { createLogger } from '../src/logging/logger.ts';
import { Paylinks } from '../src/paylinks/paylinks.ts';
import { recordCasePayment } from '../src/payments/record-payment.ts';
import { createWorkspace } from '../src/workspaces/workspace-queries.ts';

export interface PayNowResult {
  perSecond: number;
  barePerSecond: number;
  /** From the debtor's "Paid" at Mollie to the case settled, per payment. */
  settleMs: number[];
}

async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

export async function measurePayNow(pool: Pool, payments: number, concurrency: number): Promise<PayNowResult> {
  const { id: workspaceId } = await createWorkspace(pool, `Bench pay now ${Date.now()}`);
  await createBrand(pool, workspaceId, demoBrand);
  await insertBulkCases(pool, workspaceId, { count: payments * 2 });
  const { rows } = await pool.query<{ id: string }>('select id from cases where workspace_id = $1 order by id', [
    workspaceId,
  ]);
  const viaPaylink = rows.slice(0, payments).map((row) => row.id);
  const bare = rows.slice(payments).map((row) => row.id);
  const { rows: owed } = await pool.query<{ case_id: string; open: number; currency: string }>(
    `select case_id, sum(open_amount_minor)::bigint as open, min(currency::text) as currency
       from invoices where workspace_id = $1 and status = 'open' group by case_id`,
    [workspaceId],
  );
  const owedBy = new Map(owed.map((row) => [row.case_id, row]));

  // Baseline: the status sync alone.
  let started = performance.now();
  await inParallel(bare, concurrency, async (caseId) => {
    const { open, currency } = owedBy.get(caseId)!;
    await inTransaction(pool, (client) =>
      recordCasePayment(client, workspaceId, {
        caseId,
        amountMinor: Number(open),
        currency,
        externalId: `bare-${caseId}`,
        source: 'connector',
      }),
    );
  });
  const barePerSecond = bare.length / ((performance.now() - started) / 1000);

  const mollie = await startMollieDouble({ webhookRetryDelaysMs: [] });
  let publicUrl = '';
  const connectors = new WorkspaceConnectors(pool, testSecretKey, () => publicUrl);
  const server = await startListeningServer(pool, connectors, createLogger('silent', false));
  publicUrl = server.url;
  try {
    await saveConnectorConfig(
      pool,
      testSecretKey,
      workspaceId,
      {
        key: 'payments',
        connector: 'mollie',
        name: 'Mollie',
        settings: { apiKey: mollie.apiKey, methods: [], apiEndpoint: mollie.apiEndpoint },
      },
      null,
    );
    const paylinks = new Paylinks(testSecretKey);
    await paylinks.register(
      pool,
      viaPaylink.map((caseId) => ({ workspaceId, caseId })),
    );

    const settleMs: number[] = [];
    started = performance.now();
    await inParallel(viaPaylink, concurrency, async (caseId) => {
      const response = await fetch(`${publicUrl}/api/paylinks/${paylinks.tokenFor(caseId)}/checkout`, {
        method: 'POST',
      });
      if (!response.ok) throw new Error(`Pay now answered ${response.status}: ${await response.text()}`);
      const { checkoutUrl } = (await response.json()) as { checkoutUrl: string };
      const paidAt = performance.now();
      // The debtor's "Paid": the double calls the webhook and waits for its answer, as Mollie does.
      await mollie.complete(checkoutUrl.split('/').at(-1)!, 'paid');
      settleMs.push(performance.now() - paidAt);
    });
    const perSecond = viaPaylink.length / ((performance.now() - started) / 1000);
    const { rows: settled } = await pool.query<{ count: number }>(
      `select count(*)::int as count from cases where workspace_id = $1 and id = any($2) and status = 'paid'`,
      [workspaceId, viaPaylink],
    );
    if (settled[0]!.count !== viaPaylink.length) {
      throw new Error(`Only ${settled[0]!.count} of ${viaPaylink.length} cases were settled through Pay now.`);
    }
    return { perSecond, barePerSecond, settleMs };
  } finally {
    await server.app.close();
    await connectors.close();
    await mollie.close();
  }
}
