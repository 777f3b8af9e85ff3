/**
 * Pulling from a source connector (an ERP, Stripe): from the saved cursor, batch by batch, each
 * batch written in one transaction with the cursor after it — debtors, invoices, payments, and
 * the changed cases' enrolment into active flows. A pull that fails half-way keeps what it
 * wrote and resumes from there next time; the error is kept for the Connectors page. A payment
 * for an invoice Collectflow never had (paid before it was ever open here) is skipped.
 */
import type { PaymentCreate } from '@collectflow/shared';
import type { WorkspaceConnectors } from '../connectors/workspace-connectors.ts';
import { inTransaction, type Pool, type PoolClient } from '../db/pool.ts';
import { upsertDebtors } from '../debtors/upsert-debtors.ts';
import { enrolIntoActiveFlows } from '../enrolment/enrol-into-active-flows.ts';
import { DomainError } from '../errors/domain-error.ts';
import type { FlowDefinitions } from '../flows/flow-definitions.ts';
import { upsertInvoices } from '../invoices/upsert-invoices.ts';
import { recordPayment } from '../payments/record-payment.ts';

export interface PullCounts {
  batches: number;
  debtors: number;
  invoices: number;
  payments: number;
  skippedPayments: number;
  runsStarted: number;
}

export interface PullOptions {
  pool: Pool;
  definitions: FlowDefinitions;
  workspaceConnectors: WorkspaceConnectors;
}

export async function pullSource(options: PullOptions, workspaceId: string, key: string): Promise<PullCounts> {
  const { pool } = options;
  const connector = await options.workspaceConnectors.sourceConnectorFor(workspaceId, key);
  if (!connector) throw new DomainError('NOT_FOUND', `There is no source connector “${key}”.`, { field: 'key' });
  const { rows } = await pool.query<{ cursor: string | null }>(
    'select cursor from source_pulls where workspace_id = $1 and connector_key = $2',
    [workspaceId, key],
  );
  const counts: PullCounts = { batches: 0, debtors: 0, invoices: 0, payments: 0, skippedPayments: 0, runsStarted: 0 };
  try {
    for await (const batch of connector.pull(rows[0]?.cursor ?? null)) {
      await inTransaction(pool, async (client) => {
        // A customer with several invoices comes once per invoice: the last one counts.
        const debtors = await upsertDebtors(client, workspaceId, lastOfEach(batch.debtors));
        const invoices = await upsertInvoices(client, workspaceId, lastOfEach(batch.invoices));
        for (const payment of batch.payments) {
          if (await recordKnownPayment(client, workspaceId, payment)) counts.payments += 1;
          else counts.skippedPayments += 1;
        }
        const changed = [...new Set([...debtors.openCaseIds, ...invoices.openCaseIds])];
        counts.runsStarted += await enrolIntoActiveFlows(client, options.definitions, workspaceId, changed, new Date());
        await saveCursor(client, workspaceId, key, batch.cursor);
      });
      counts.batches += 1;
      counts.debtors += batch.debtors.length;
      counts.invoices += batch.invoices.length;
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await pool.query(
      `insert into source_pulls (workspace_id, connector_key, pulled_at, last_error) values ($1, $2, now(), $3)
       on conflict (workspace_id, connector_key) do update set pulled_at = now(), last_error = excluded.last_error`,
      [workspaceId, key, reason.slice(0, 1000)],
    );
    throw error;
  }
  await pool.query(
    `insert into source_pulls (workspace_id, connector_key, pulled_at, last_counts) values ($1, $2, now(), $3)
     on conflict (workspace_id, connector_key) do update set pulled_at = now(), last_counts = excluded.last_counts,
       last_error = null`,
    [workspaceId, key, counts],
  );
  return counts;
}

function lastOfEach<T extends { externalId: string }>(items: T[]): T[] {
  return [...new Map(items.map((item) => [item.externalId, item])).values()];
}

async function saveCursor(client: PoolClient, workspaceId: string, key: string, cursor: string): Promise<void> {
  await client.query(
    `insert into source_pulls (workspace_id, connector_key, cursor) values ($1, $2, $3)
     on conflict (workspace_id, connector_key) do update set cursor = excluded.cursor`,
    [workspaceId, key, cursor],
  );
}

/** Records the payment; false when its invoice is unknown here. */
async function recordKnownPayment(client: PoolClient, workspaceId: string, payment: PaymentCreate): Promise<boolean> {
  const { rows } = await client.query('select 1 from invoices where workspace_id = $1 and external_id = $2', [
    workspaceId,
    payment.invoiceExternalId,
  ]);
  if (rows.length === 0) return false;
  await recordPayment(client, workspaceId, {
    ...payment,
    paidAt: payment.paidAt ? new Date(payment.paidAt) : null,
    source: 'connector',
  });
  return true;
}
