/**
 * Creating and updating invoices by their ERP id, many at once, in the caller's transaction.
 *
 * - An open invoice joins its debtor's open (or paused) case in the same currency; a debtor with
 *   none gets a new case (`case.opened`).
 * - An invoice keeps its debtor and currency: changing either is refused for that item.
 * - A case with no open or disputed invoice left (the ERP marked them paid or cancelled) is
 *   settled like after a payment: its runs exit and its queued messages are cancelled.
 * - Returns the open cases that changed, so that they can enter flows.
 */
import type { InvoiceUpsert } from '@collectflow/shared';
import { recordCaseEvent } from '../cases/case-events.ts';
import { closeCase } from '../cases/close-case.ts';
import type { Queryable } from '../db/pool.ts';
import { duplicateExternalIds } from '../debtors/duplicate-external-ids.ts';
import { DomainError, type ItemProblem } from '../errors/domain-error.ts';

export interface UpsertedInvoices {
  items: Array<{ externalId: string; id: string; caseId: string | null; created: boolean }>;
  casesOpened: number;
  casesSettled: number;
  openCaseIds: string[];
}

interface Row {
  external_id: string;
  debtor_id: string;
  case_id: string | null;
  amount_minor: number;
  open_amount_minor: number;
  currency: string;
  issue_date: string;
  due_date: string;
  status: string;
  attributes: Record<string, unknown>;
}

export async function upsertInvoices(
  db: Queryable,
  workspaceId: string,
  items: readonly InvoiceUpsert[],
): Promise<UpsertedInvoices> {
  const problems: ItemProblem[] = duplicateExternalIds(
    items.map((item) => item.externalId),
    'externalId',
  );

  const debtorIds = new Map(
    (
      await db.query<{ id: string; external_id: string }>(
        'select id, external_id from debtors where workspace_id = $1 and external_id = any($2::text[])',
        [workspaceId, [...new Set(items.map((item) => item.debtorExternalId))]],
      )
    ).rows.map((row) => [row.external_id, row.id]),
  );
  const existing = new Map(
    (
      await db.query<{ external_id: string; debtor_id: string; currency: string; case_id: string | null }>(
        `select external_id, debtor_id, currency::text, case_id from invoices
          where workspace_id = $1 and external_id = any($2::text[])`,
        [workspaceId, items.map((item) => item.externalId)],
      )
    ).rows.map((row) => [row.external_id, row]),
  );
  items.forEach((item, index) => {
    const debtorId = debtorIds.get(item.debtorExternalId);
    const known = existing.get(item.externalId);
    if (!debtorId) {
      problems.push({
        index,
        field: 'debtorExternalId',
        message: `there is no debtor “${item.debtorExternalId}”; send it to /debtors first`,
      });
    } else if (known && known.debtor_id !== debtorId) {
      problems.push({ index, field: 'debtorExternalId', message: 'an invoice cannot move to another debtor' });
    }
    if (known && known.currency !== item.currency) {
      problems.push({
        index,
        field: 'currency',
        message: `the invoice is in ${known.currency}; its currency cannot change`,
      });
    }
  });
  if (problems.length > 0) {
    throw new DomainError(
      'BAD_REQUEST',
      `${problems.length === 1 ? 'One invoice is' : `${problems.length} invoices are`} not valid; nothing was saved.`,
      {
        items: problems.sort((a, b) => (a.index ?? 0) - (b.index ?? 0)),
      },
    );
  }

  const rows: Row[] = items.map((item) => {
    const open = item.openAmountMinor ?? item.amountMinor;
    return {
      external_id: item.externalId,
      debtor_id: debtorIds.get(item.debtorExternalId)!,
      case_id: existing.get(item.externalId)?.case_id ?? null,
      amount_minor: item.amountMinor,
      open_amount_minor: open,
      currency: item.currency,
      issue_date: item.issueDate,
      due_date: item.dueDate,
      // An "open" invoice with nothing open is paid.
      status: item.status === 'open' && open === 0 ? 'paid' : item.status,
      attributes: item.attributes ?? {},
    };
  });

  // Cases for open invoices that have none yet: the debtor's open case in that currency, or a new one.
  const needing = rows.filter((row) => row.case_id === null && row.status === 'open');
  const pairKey = (debtorId: string, currency: string) => `${debtorId}|${currency}`;
  const pairs = [...new Map(needing.map((row) => [pairKey(row.debtor_id, row.currency), row])).values()];
  const caseFor = new Map<string, string>();
  let casesOpened = 0;
  if (pairs.length > 0) {
    const found = await db.query<{ id: string; debtor_id: string; currency: string }>(
      `select distinct on (c.debtor_id, c.currency) c.id, c.debtor_id, c.currency::text
         from unnest($2::uuid[], $3::text[]) as p(debtor_id, currency)
         join cases c on c.workspace_id = $1 and c.debtor_id = p.debtor_id and c.currency = p.currency
        where c.status in ('open', 'paused')
        order by c.debtor_id, c.currency, c.opened_at desc`,
      [workspaceId, pairs.map((row) => row.debtor_id), pairs.map((row) => row.currency)],
    );
    for (const row of found.rows) caseFor.set(pairKey(row.debtor_id, row.currency), row.id);
    const missing = pairs.filter((row) => !caseFor.has(pairKey(row.debtor_id, row.currency)));
    if (missing.length > 0) {
      const opened = await db.query<{ id: string; debtor_id: string; currency: string }>(
        `with opened as (
           insert into cases (workspace_id, debtor_id, currency)
           select $1, debtor_id, currency from unnest($2::uuid[], $3::text[]) as p(debtor_id, currency)
           returning id, debtor_id, currency::text
         ), recorded as (
           insert into events (workspace_id, case_id, type, source, payload)
           select $1, id, 'case.opened', 'import', '{}' from opened
         )
         select * from opened`,
        [workspaceId, missing.map((row) => row.debtor_id), missing.map((row) => row.currency)],
      );
      for (const row of opened.rows) caseFor.set(pairKey(row.debtor_id, row.currency), row.id);
      casesOpened = opened.rowCount ?? 0;
    }
    for (const row of needing) row.case_id = caseFor.get(pairKey(row.debtor_id, row.currency))!;
  }

  const saved = await db.query<{ id: string; external_id: string; case_id: string | null; created: boolean }>(
    `insert into invoices (workspace_id, external_id, debtor_id, case_id, amount_minor, open_amount_minor, currency,
                           issue_date, due_date, status, attributes)
     select $1, r.external_id, r.debtor_id, r.case_id, r.amount_minor, r.open_amount_minor, r.currency, r.issue_date,
            r.due_date, r.status::invoice_status, r.attributes
       from jsonb_to_recordset($2::jsonb) as r(external_id text, debtor_id uuid, case_id uuid, amount_minor bigint,
            open_amount_minor bigint, currency text, issue_date date, due_date date, status text, attributes jsonb)
     on conflict (workspace_id, external_id) do update
        set case_id = coalesce(invoices.case_id, excluded.case_id), amount_minor = excluded.amount_minor,
            open_amount_minor = excluded.open_amount_minor, issue_date = excluded.issue_date,
            due_date = excluded.due_date, status = excluded.status,
            attributes = jsonb_strip_nulls(invoices.attributes || excluded.attributes), updated_at = now()
     returning id, external_id, case_id, (xmax = 0) as created`,
    [workspaceId, JSON.stringify(rows)],
  );
  const byExternalId = new Map(saved.rows.map((row) => [row.external_id, row]));
  const affected = [...new Set(saved.rows.flatMap((row) => (row.case_id ? [row.case_id] : [])))];

  // Cases with nothing open or disputed left are settled, as if paid.
  const settled = await db.query<{ id: string; paid: boolean }>(
    `select c.id, bool_or(i.status = 'paid') as paid
       from cases c join invoices i on i.workspace_id = c.workspace_id and i.case_id = c.id
      where c.workspace_id = $1 and c.id = any($2::uuid[]) and c.status in ('open', 'paused')
      group by c.id
     having count(*) filter (where i.status in ('open', 'disputed')) = 0`,
    [workspaceId, affected],
  );
  for (const row of settled.rows) {
    await closeCase(db, workspaceId, row.id, row.paid ? 'paid' : 'closed', row.paid ? 'paid' : 'closed');
    await recordCaseEvent(db, {
      workspaceId,
      caseId: row.id,
      type: row.paid ? 'case.paid' : 'case.closed',
      source: 'import',
      payload: { reason: row.paid ? 'invoices paid in the ERP' : 'invoices cancelled in the ERP' },
    });
  }
  const { rows: open } = await db.query<{ id: string }>(
    `select id from cases where workspace_id = $1 and id = any($2::uuid[]) and status = 'open'`,
    [workspaceId, affected],
  );
  return {
    items: items.map((item) => {
      const row = byExternalId.get(item.externalId)!;
      return { externalId: item.externalId, id: row.id, caseId: row.case_id, created: row.created };
    }),
    casesOpened,
    casesSettled: settled.rowCount ?? 0,
    openCaseIds: open.map((row) => row.id),
  };
}
