/**
 * Recording a payment against an invoice (by its ERP id). It lowers the invoice's open amount,
 * writes `payment.received` (waking runs that wait for it), and when nothing is left open on the
 * case, settles it: the case is paid, its runs exit with reason `paid` and its queued messages
 * are cancelled — all in the caller's transaction, so a reminder can never outlive the payment.
 * A payment with an `externalId` that was already recorded is not counted twice.
 */

import { recordCaseEvent } from '../cases/case-events.ts';
import { closeCase } from '../cases/close-case.ts';
import type { Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';

export interface PaymentInput {
  invoiceExternalId: string;
  amountMinor: number;
  currency: string;
  /** Default: now. */
  paidAt?: Date | null;
  /** The payment's id in the ERP or at the bank; makes recording it again harmless. */
  externalId?: string | null;
  source: 'api' | 'import' | 'user' | 'connector';
}

export interface RecordedPayment {
  paymentId: string;
  invoiceId: string;
  caseId: string | null;
  /** True when this payment (by external id) was recorded before; nothing changed now. */
  duplicate: boolean;
  /** What the payment took off the invoice (the rest, if any, is an overpayment). */
  appliedMinor: number;
  invoiceOpenMinor: number;
  caseSettled: boolean;
  exitedRuns: number;
  cancelledMessages: number;
}

export async function recordPayment(db: Queryable, workspaceId: string, input: PaymentInput): Promise<RecordedPayment> {
  if (input.externalId) {
    const existing = await findPaymentByExternalId(db, workspaceId, input.externalId);
    if (existing) return existing;
  }
  const { rows } = await db.query<{
    id: string;
    case_id: string | null;
    currency: string;
    open_amount_minor: number;
  }>(
    `select id, case_id, currency::text, open_amount_minor from invoices
      where workspace_id = $1 and external_id = $2 for no key update`,
    [workspaceId, input.invoiceExternalId],
  );
  const invoice = rows[0];
  if (!invoice) {
    throw new DomainError('NOT_FOUND', `There is no invoice with external id “${input.invoiceExternalId}”.`, {
      field: 'invoiceExternalId',
    });
  }
  if (invoice.currency !== input.currency) {
    throw new DomainError(
      'BAD_REQUEST',
      `Invoice “${input.invoiceExternalId}” is in ${invoice.currency}; the payment is in ${input.currency}.`,
      { field: 'currency' },
    );
  }
  if (invoice.case_id) {
    // Serialises payments of one case. NO KEY UPDATE, not UPDATE: a sender that holds a message
    // lock (which this transaction will wait for) inserts events referencing the case, and the
    // foreign-key check's KEY SHARE lock must not wait for us — that would be a deadlock.
    await db.query('select 1 from cases where workspace_id = $1 and id = $2 for no key update', [
      workspaceId,
      invoice.case_id,
    ]);
  }
  const inserted = await db.query<{ id: string }>(
    `insert into payments (workspace_id, case_id, invoice_id, external_id, amount_minor, currency, paid_at, source)
     values ($1, $2, $3, $4, $5, $6, coalesce($7, now()), $8)
     on conflict (workspace_id, external_id) do nothing
     returning id`,
    [
      workspaceId,
      invoice.case_id,
      invoice.id,
      input.externalId ?? null,
      input.amountMinor,
      input.currency,
      input.paidAt ?? null,
      input.source,
    ],
  );
  if (!inserted.rows[0]) {
    // The same external id was recorded concurrently; that one counts.
    return (await findPaymentByExternalId(db, workspaceId, input.externalId!))!;
  }
  const paymentId = inserted.rows[0].id;
  const appliedMinor = Math.min(input.amountMinor, invoice.open_amount_minor);
  const invoiceOpenMinor = invoice.open_amount_minor - appliedMinor;
  await db.query(
    `update invoices set open_amount_minor = $3::bigint,
            status = case when $3::bigint = 0 and status = 'open' then 'paid' else status end,
            updated_at = now()
      where workspace_id = $1 and id = $2`,
    [workspaceId, invoice.id, invoiceOpenMinor],
  );
  const result: RecordedPayment = {
    paymentId,
    invoiceId: invoice.id,
    caseId: invoice.case_id,
    duplicate: false,
    appliedMinor,
    invoiceOpenMinor,
    caseSettled: false,
    exitedRuns: 0,
    cancelledMessages: 0,
  };
  if (!invoice.case_id) return result;

  await recordCaseEvent(db, {
    workspaceId,
    caseId: invoice.case_id,
    type: 'payment.received',
    source: input.source === 'user' ? 'user' : input.source === 'connector' ? 'connector' : 'import',
    payload: {
      paymentId,
      invoiceExternalId: input.invoiceExternalId,
      amountMinor: input.amountMinor,
      currency: input.currency,
      appliedMinor,
      invoiceOpenMinor,
    },
  });
  const open = await db.query<{ open: number; status: string }>(
    `select c.status::text as status,
            coalesce((select sum(open_amount_minor) from invoices i
                       where i.workspace_id = c.workspace_id and i.case_id = c.id and i.status = 'open'), 0)::bigint as open
       from cases c where c.workspace_id = $1 and c.id = $2`,
    [workspaceId, invoice.case_id],
  );
  const caseRow = open.rows[0]!;
  if (caseRow.open === 0 && (caseRow.status === 'open' || caseRow.status === 'paused')) {
    const closed = await closeCase(db, workspaceId, invoice.case_id, 'paid', 'paid');
    await recordCaseEvent(db, {
      workspaceId,
      caseId: invoice.case_id,
      type: 'case.paid',
      source: 'system',
      payload: { paymentId },
    });
    return { ...result, caseSettled: true, ...closed };
  }
  return result;
}

async function findPaymentByExternalId(
  db: Queryable,
  workspaceId: string,
  externalId: string,
): Promise<RecordedPayment | null> {
  const { rows } = await db.query<{
    id: string;
    invoice_id: string;
    case_id: string | null;
    open_amount_minor: number;
  }>(
    `select p.id, p.invoice_id, p.case_id, i.open_amount_minor
       from payments p join invoices i on i.workspace_id = p.workspace_id and i.id = p.invoice_id
      where p.workspace_id = $1 and p.external_id = $2`,
    [workspaceId, externalId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    paymentId: row.id,
    invoiceId: row.invoice_id,
    caseId: row.case_id,
    duplicate: true,
    appliedMinor: 0,
    invoiceOpenMinor: row.open_amount_minor,
    caseSettled: false,
    exitedRuns: 0,
    cancelledMessages: 0,
  };
}
