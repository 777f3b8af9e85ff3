/**
 * Writing a checked batch of invoices in the caller's transaction, set-based: one statement
 * finds or opens the cases and upserts the invoices, whatever the batch's size (the REST API's
 * hundreds, an import's ten thousands).
 *
 * - An open invoice joins its debtor's open (or paused) case in the same currency; a debtor with
 *   none gets a new case (`case.opened`).
 * - A case with no open or disputed invoice left (the ERP marked them paid or cancelled) is
 *   settled like after a payment: its runs exit and its queued messages are cancelled.
 * - Returns the open cases that changed, so that they can enter flows.
 *
 * The batch must have passed `invoiceProblems` (debtors exist, invoices keep debtor and
 * currency) and name each invoice once.
 */
import type { InvoiceUpsert } from '@collectflow/shared';
import { recordCaseEvent } from '../cases/case-events.ts';
import { closeCase } from '../cases/close-case.ts';
import type { Queryable } from '../db/pool.ts';

export interface UpsertedInvoices {
  items: Array<{ externalId: string; id: string; caseId: string | null; created: boolean }>;
  casesOpened: number;
  casesSettled: number;
  openCaseIds: string[];
}

interface SavedRow {
  id: string;
  external_id: string;
  case_id: string | null;
  status: string;
  created: boolean;
  cases_opened: number;
}

export async function saveInvoices(
  db: Queryable,
  workspaceId: string,
  items: readonly InvoiceUpsert[],
): Promise<UpsertedInvoices> {
  if (items.length === 0) return { items: [], casesOpened: 0, casesSettled: 0, openCaseIds: [] };
  const { rows: saved } = await db.query<SavedRow>(
    `with input as (
       select * from unnest($2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::text[], $7::date[], $8::date[],
                            $9::text[], $10::text[])
         as t(external_id, debtor_external_id, amount_minor, open_amount_minor, currency, issue_date, due_date,
              status, attributes)
     ), source as (
       select i.*, d.id as debtor_id, known.case_id as known_case_id,
              -- An "open" invoice with nothing open is paid.
              case when i.status = 'open' and coalesce(i.open_amount_minor, i.amount_minor) = 0 then 'paid'
                   else i.status end as final_status
         from input i
         join debtors d on d.workspace_id = $1 and d.external_id = i.debtor_external_id
         left join invoices known on known.workspace_id = $1 and known.external_id = i.external_id
     ), needing as (
       select distinct debtor_id, currency from source where known_case_id is null and final_status = 'open'
     ), found as (
       select distinct on (c.debtor_id, c.currency) c.id, c.debtor_id, c.currency::text as currency
         from needing n
         join cases c on c.workspace_id = $1 and c.debtor_id = n.debtor_id and c.currency = n.currency
        where c.status in ('open', 'paused')
        order by c.debtor_id, c.currency, c.opened_at desc
     ), opened as (
       insert into cases (workspace_id, debtor_id, currency)
       select $1, n.debtor_id, n.currency from needing n
        where not exists (select 1 from found f where f.debtor_id = n.debtor_id and f.currency = n.currency)
       returning id, debtor_id, currency::text as currency
     ), recorded as (
       insert into events (workspace_id, case_id, type, source, payload)
       select $1, id, 'case.opened', 'import', '{}' from opened
     ), saved as (
       insert into invoices (workspace_id, external_id, debtor_id, case_id, amount_minor, open_amount_minor, currency,
                             issue_date, due_date, status, attributes)
       select $1, s.external_id, s.debtor_id,
              case when s.known_case_id is null and s.final_status = 'open' then coalesce(f.id, o.id) end,
              s.amount_minor, coalesce(s.open_amount_minor, s.amount_minor), s.currency, s.issue_date, s.due_date,
              s.final_status::invoice_status, coalesce(s.attributes::jsonb, '{}')
         from source s
         left join found f on f.debtor_id = s.debtor_id and f.currency = s.currency
         left join opened o on o.debtor_id = s.debtor_id and o.currency = s.currency
       on conflict (workspace_id, external_id) do update
          set case_id = coalesce(invoices.case_id, excluded.case_id), amount_minor = excluded.amount_minor,
              open_amount_minor = excluded.open_amount_minor, issue_date = excluded.issue_date,
              due_date = excluded.due_date, status = excluded.status,
              attributes = jsonb_strip_nulls(invoices.attributes || excluded.attributes), updated_at = now()
       returning id, external_id, case_id, status::text, (xmax = 0) as created
     )
     select saved.*, (select count(*) from opened)::int as cases_opened from saved`,
    [
      workspaceId,
      items.map((item) => item.externalId),
      items.map((item) => item.debtorExternalId),
      items.map((item) => item.amountMinor),
      items.map((item) => item.openAmountMinor ?? null),
      items.map((item) => item.currency),
      items.map((item) => item.issueDate),
      items.map((item) => item.dueDate),
      items.map((item) => item.status),
      items.map((item) => (item.attributes ? JSON.stringify(item.attributes) : null)),
    ],
  );
  const byExternalId = new Map(saved.map((row) => [row.external_id, row]));
  const affected = [...new Set(saved.flatMap((row) => (row.case_id ? [row.case_id] : [])))];
  // Only a case that got a paid or cancelled invoice can have nothing open left.
  const mayBeSettled = [
    ...new Set(
      saved.flatMap((row) => (row.case_id && row.status !== 'open' && row.status !== 'disputed' ? [row.case_id] : [])),
    ),
  ];
  const casesSettled = await settleCasesWithNothingOpen(db, workspaceId, mayBeSettled);
  const { rows: open } = await db.query<{ id: string }>(
    `select id from cases where workspace_id = $1 and id = any($2::uuid[]) and status = 'open'`,
    [workspaceId, affected],
  );
  return {
    items: items.map((item) => {
      const row = byExternalId.get(item.externalId)!;
      return { externalId: item.externalId, id: row.id, caseId: row.case_id, created: row.created };
    }),
    casesOpened: saved[0]?.cases_opened ?? 0,
    casesSettled,
    openCaseIds: open.map((row) => row.id),
  };
}

/** Cases with nothing open or disputed left are settled, as if paid. */
async function settleCasesWithNothingOpen(db: Queryable, workspaceId: string, caseIds: string[]): Promise<number> {
  if (caseIds.length === 0) return 0;
  const settled = await db.query<{ id: string; paid: boolean }>(
    `select c.id, bool_or(i.status = 'paid') as paid
       from cases c join invoices i on i.workspace_id = c.workspace_id and i.case_id = c.id
      where c.workspace_id = $1 and c.id = any($2::uuid[]) and c.status in ('open', 'paused')
      group by c.id
     having count(*) filter (where i.status in ('open', 'disputed')) = 0`,
    [workspaceId, caseIds],
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
  return settled.rowCount ?? 0;
}
