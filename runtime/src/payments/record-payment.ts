/**
 * Recording payments. A payment lowers the open amount of invoices and writes `payment.received`
 * (waking runs that wait for it); when nothing is left open on the case, it settles it: the case
 * is paid, its runs exit with reason `paid` and its queued messages are cancelled — all in the
 * caller's transaction, so a reminder can never outlive the payment.
 *
 * Money is never lost: what a payment could not be applied to is kept on it as
 * `unapplied_minor` and the payment is flagged — `overpaid` (more than was open) or
 * `case_closed` (the case was already settled or closed, e.g. paid twice). A payment with an
 * `externalId` that was already recorded is not counted twice.
 *
 * Two ways in: `recordPayment` for a payment of one invoice (ERP and API payments name their
 * invoice), `recordCasePayment` for a payment of the case as a whole (the paylink's "Pay now"),
 * applied to its open invoices by due date, oldest first, then to the fees the flows charged.
 * A case is settled when its invoices are paid; fees still unpaid then are not chased further.
 */

import { recordCaseEvent } from '../cases/case-events.ts';
import { closeCase } from '../cases/close-case.ts';
import type { Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import { recordPlanProgress } from '../plans/installment-plans.ts';

export type PaymentSource = 'api' | 'import' | 'user' | 'connector';
export type PaymentFlag = 'overpaid' | 'case_closed';

export interface PaymentInput {
  invoiceExternalId: string;
  amountMinor: number;
  currency: string;
  /** Default: now. */
  paidAt?: Date | null;
  /** The payment's id in the ERP or at the bank; makes recording it again harmless. */
  externalId?: string | null;
  source: PaymentSource;
}

export interface RecordedPayment {
  paymentId: string;
  invoiceId: string;
  caseId: string | null;
  /** True when this payment (by external id) was recorded before; nothing changed now. */
  duplicate: boolean;
  /** What the payment took off the invoices. */
  appliedMinor: number;
  /** What it could not be applied to (see `flag`). */
  unappliedMinor: number;
  flag: PaymentFlag | null;
  invoiceOpenMinor: number;
  caseSettled: boolean;
  exitedRuns: number;
  cancelledMessages: number;
}

interface InvoiceRow {
  id: string;
  external_id: string;
  case_id: string | null;
  currency: string;
  open_amount_minor: number;
  status: string;
}

const caseIsOpen = (status: string | null) => status === 'open' || status === 'paused';

export async function recordPayment(db: Queryable, workspaceId: string, input: PaymentInput): Promise<RecordedPayment> {
  if (input.externalId) {
    const existing = await findPaymentByExternalId(db, workspaceId, input.externalId);
    if (existing) return existing;
  }
  const { rows } = await db.query<InvoiceRow>(
    `select id, external_id, case_id, currency::text, open_amount_minor, status::text from invoices
      where workspace_id = $1 and external_id = $2 for no key update`,
    [workspaceId, input.invoiceExternalId],
  );
  const invoice = rows[0];
  if (!invoice) {
    throw new DomainError('NOT_FOUND', `There is no invoice with external id “${input.invoiceExternalId}”.`, {
      field: 'invoiceExternalId',
    });
  }
  checkCurrency(input.currency, invoice.currency, `Invoice “${input.invoiceExternalId}”`);
  const caseStatus = invoice.case_id ? await lockCase(db, workspaceId, invoice.case_id) : null;
  const applied = caseStatus === null || caseIsOpen(caseStatus) ? applicable(invoice, input.amountMinor) : 0;
  return applyPayment(db, workspaceId, {
    caseId: invoice.case_id,
    caseStatus,
    amountMinor: input.amountMinor,
    currency: input.currency,
    paidAt: input.paidAt ?? null,
    externalId: input.externalId ?? null,
    source: input.source,
    allocations: [{ invoice, appliedMinor: applied }],
  });
}

export interface CasePaymentInput {
  caseId: string;
  amountMinor: number;
  currency: string;
  paidAt?: Date | null;
  externalId: string;
  source: PaymentSource;
  /** Shown on the timeline, e.g. "Mollie · iDEAL". */
  via?: string | null;
  /** An agent recorded it: who, and why (on the timeline). */
  actorUserId?: string | null;
  note?: string | null;
}

/** A payment of the case as a whole, applied to its open invoices by due date. */
export async function recordCasePayment(
  db: Queryable,
  workspaceId: string,
  input: CasePaymentInput,
): Promise<RecordedPayment> {
  const existing = await findPaymentByExternalId(db, workspaceId, input.externalId);
  if (existing) return existing;
  const caseStatus = await lockCase(db, workspaceId, input.caseId);
  if (caseStatus === null) throw new DomainError('NOT_FOUND', 'There is no such case.', { field: 'caseId' });
  const { rows: invoices } = await db.query<InvoiceRow>(
    `select id, external_id, case_id, currency::text, open_amount_minor, status::text from invoices
      where workspace_id = $1 and case_id = $2
      order by (status = 'open') desc, due_date, external_id
      for no key update`,
    [workspaceId, input.caseId],
  );
  if (invoices.length === 0) throw new DomainError('NOT_FOUND', 'The case has no invoices.', { field: 'caseId' });
  checkCurrency(input.currency, invoices[0]!.currency, 'The case');
  let left = caseIsOpen(caseStatus) ? input.amountMinor : 0;
  const allocations = invoices.map((invoice) => {
    const appliedMinor = applicable(invoice, left);
    left -= appliedMinor;
    return { invoice, appliedMinor };
  });
  const used = allocations.filter((allocation) => allocation.appliedMinor > 0);
  const costsMinor = left > 0 ? await payCharges(db, workspaceId, input.caseId, left) : 0;
  return applyPayment(db, workspaceId, {
    ...input,
    paidAt: input.paidAt ?? null,
    caseStatus,
    costsMinor,
    // Nothing applied (a closed case): the payment is kept against the case's first invoice.
    allocations: used.length > 0 ? used : [allocations[0]!],
  });
}

/** Pays the case's unpaid fees, oldest first, from `amountMinor`; what it took. */
async function payCharges(db: Queryable, workspaceId: string, caseId: string, amountMinor: number): Promise<number> {
  const { rows } = await db.query<{ id: string; unpaid: number }>(
    `select id, amount_minor - paid_minor as unpaid from case_charges
      where workspace_id = $1 and case_id = $2 and paid_minor < amount_minor
      order by created_at, id for update`,
    [workspaceId, caseId],
  );
  let left = amountMinor;
  for (const charge of rows) {
    const paid = Math.min(left, Number(charge.unpaid));
    if (paid === 0) break;
    await db.query('update case_charges set paid_minor = paid_minor + $3 where workspace_id = $1 and id = $2', [
      workspaceId,
      charge.id,
      paid,
    ]);
    left -= paid;
  }
  return amountMinor - left;
}

function checkCurrency(paid: string, owed: string, what: string): void {
  if (paid !== owed) {
    throw new DomainError('BAD_REQUEST', `${what} is in ${owed}; the payment is in ${paid}.`, { field: 'currency' });
  }
}

/** What of `amount` an invoice can take: its open amount, if it is still open. */
function applicable(invoice: InvoiceRow, amountMinor: number): number {
  return invoice.status === 'open' ? Math.min(amountMinor, invoice.open_amount_minor) : 0;
}

/**
 * Serialises payments of one case and returns its status. NO KEY UPDATE, not UPDATE: a sender
 * that holds a message lock (which this transaction will wait for) inserts events referencing
 * the case, and the foreign-key check's KEY SHARE lock must not wait for us — a deadlock.
 */
async function lockCase(db: Queryable, workspaceId: string, caseId: string): Promise<string | null> {
  const { rows } = await db.query<{ status: string }>(
    'select status::text from cases where workspace_id = $1 and id = $2 for no key update',
    [workspaceId, caseId],
  );
  return rows[0]?.status ?? null;
}

interface Application {
  caseId: string | null;
  caseStatus: string | null;
  amountMinor: number;
  currency: string;
  paidAt: Date | null;
  externalId: string | null;
  source: PaymentSource;
  via?: string | null;
  actorUserId?: string | null;
  note?: string | null;
  /** What went to the case's fees. */
  costsMinor?: number;
  /** The invoices the payment goes to, the first carrying the payment row. */
  allocations: { invoice: InvoiceRow; appliedMinor: number }[];
}

async function applyPayment(db: Queryable, workspaceId: string, payment: Application): Promise<RecordedPayment> {
  const appliedMinor =
    payment.allocations.reduce((sum, allocation) => sum + allocation.appliedMinor, 0) + (payment.costsMinor ?? 0);
  const unappliedMinor = payment.amountMinor - appliedMinor;
  const flag: PaymentFlag | null =
    payment.caseStatus !== null && !caseIsOpen(payment.caseStatus)
      ? 'case_closed'
      : unappliedMinor > 0
        ? 'overpaid'
        : null;
  const first = payment.allocations[0]!.invoice;
  const inserted = await db.query<{ id: string }>(
    `insert into payments (workspace_id, case_id, invoice_id, external_id, amount_minor, currency, paid_at, source,
                           unapplied_minor, flag)
     values ($1, $2, $3, $4, $5, $6, coalesce($7, now()), $8, $9, $10)
     on conflict (workspace_id, external_id) do nothing
     returning id`,
    [
      workspaceId,
      payment.caseId,
      first.id,
      payment.externalId,
      payment.amountMinor,
      payment.currency,
      payment.paidAt,
      payment.source,
      unappliedMinor,
      flag,
    ],
  );
  if (!inserted.rows[0]) {
    // The same external id was recorded concurrently; that one counts.
    return (await findPaymentByExternalId(db, workspaceId, payment.externalId!))!;
  }
  const paymentId = inserted.rows[0].id;
  for (const { invoice, appliedMinor: applied } of payment.allocations) {
    if (applied === 0) continue;
    invoice.open_amount_minor -= applied;
    await db.query(
      `update invoices set open_amount_minor = $3::bigint,
              status = case when $3::bigint = 0 and status = 'open' then 'paid' else status end,
              updated_at = now()
        where workspace_id = $1 and id = $2`,
      [workspaceId, invoice.id, invoice.open_amount_minor],
    );
  }
  const result: RecordedPayment = {
    paymentId,
    invoiceId: first.id,
    caseId: payment.caseId,
    duplicate: false,
    appliedMinor,
    unappliedMinor,
    flag,
    invoiceOpenMinor: first.open_amount_minor,
    caseSettled: false,
    exitedRuns: 0,
    cancelledMessages: 0,
  };
  if (!payment.caseId) return result;

  await recordCaseEvent(db, {
    workspaceId,
    caseId: payment.caseId,
    type: 'payment.received',
    source: payment.source === 'user' ? 'user' : payment.source === 'connector' ? 'connector' : 'import',
    actorUserId: payment.actorUserId ?? null,
    payload: {
      paymentId,
      invoiceExternalId: first.external_id,
      invoices: payment.allocations
        .filter((allocation) => allocation.appliedMinor > 0)
        .map((allocation) => ({ externalId: allocation.invoice.external_id, appliedMinor: allocation.appliedMinor })),
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      appliedMinor,
      ...(payment.costsMinor ? { costsMinor: payment.costsMinor } : {}),
      unappliedMinor,
      flag,
      invoiceOpenMinor: first.open_amount_minor,
      ...(payment.via ? { via: payment.via } : {}),
      ...(payment.note ? { note: payment.note } : {}),
    },
  });
  if (!caseIsOpen(payment.caseStatus)) return result;
  await recordPlanProgress(db, workspaceId, payment.caseId);
  const open = await db.query<{ open: number }>(
    `select coalesce(sum(open_amount_minor), 0)::bigint as open from invoices
      where workspace_id = $1 and case_id = $2 and status = 'open'`,
    [workspaceId, payment.caseId],
  );
  if (Number(open.rows[0]!.open) !== 0) return result;
  const closed = await closeCase(db, workspaceId, payment.caseId, 'paid', 'paid');
  await recordCaseEvent(db, {
    workspaceId,
    caseId: payment.caseId,
    type: 'case.paid',
    source: 'system',
    payload: { paymentId },
  });
  return { ...result, caseSettled: true, ...closed };
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
    flag: PaymentFlag | null;
  }>(
    `select p.id, p.invoice_id, p.case_id, i.open_amount_minor, p.flag
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
    unappliedMinor: 0,
    flag: row.flag,
    invoiceOpenMinor: Number(row.open_amount_minor),
    caseSettled: false,
    exitedRuns: 0,
    cancelledMessages: 0,
  };
}
