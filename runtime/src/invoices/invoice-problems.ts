/**
 * What the database says against a batch of invoices, before anything is written: an invoice
 * keeps its debtor and its currency, and its debtor must exist. One query for the whole batch.
 * The REST API refuses the batch if anything is found; an import sets those rows aside.
 */
import type { InvoiceUpsert } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import type { ItemProblem } from '../errors/domain-error.ts';

export interface InvoiceProblemOptions {
  /** The batch's debtors are written with it (an import): a debtor not yet known is no problem. */
  debtorsComeWithTheBatch?: boolean;
}

type Checked = Pick<InvoiceUpsert, 'externalId' | 'debtorExternalId' | 'currency'>;

export async function invoiceProblems(
  db: Queryable,
  workspaceId: string,
  items: readonly Checked[],
  options: InvoiceProblemOptions = {},
): Promise<ItemProblem[]> {
  if (items.length === 0) return [];
  const { rows } = await db.query<{
    index: number;
    debtor_missing: boolean;
    owner: string | null;
    known_currency: string | null;
  }>(
    `select t.ord::int - 1 as index, d.id is null as debtor_missing, owner.external_id as owner,
            i.currency::text as known_currency
       from unnest($2::text[], $3::text[], $4::text[]) with ordinality as t(external_id, debtor_external_id, currency, ord)
       left join debtors d on $5 is not true and d.workspace_id = $1 and d.external_id = t.debtor_external_id
       left join invoices i on i.workspace_id = $1 and i.external_id = t.external_id
       left join debtors owner on owner.workspace_id = $1 and owner.id = i.debtor_id
      where ($5 is not true and d.id is null)
         or owner.external_id <> t.debtor_external_id
         or i.currency::text <> t.currency
      order by t.ord`,
    [
      workspaceId,
      items.map((item) => item.externalId),
      items.map((item) => item.debtorExternalId),
      items.map((item) => item.currency),
      options.debtorsComeWithTheBatch ?? false,
    ],
  );
  const problems: ItemProblem[] = [];
  for (const row of rows) {
    const item = items[row.index]!;
    if (row.owner !== null && row.owner !== item.debtorExternalId) {
      problems.push({
        index: row.index,
        field: 'debtorExternalId',
        message: `the invoice belongs to debtor “${row.owner}”; an invoice cannot move to another debtor`,
      });
    } else if (row.debtor_missing && !options.debtorsComeWithTheBatch) {
      problems.push({
        index: row.index,
        field: 'debtorExternalId',
        message: `there is no debtor “${item.debtorExternalId}”; send it to /debtors first`,
      });
    }
    if (row.known_currency !== null && row.known_currency !== item.currency) {
      problems.push({
        index: row.index,
        field: 'currency',
        message: `the invoice is in ${row.known_currency}; its currency cannot change`,
      });
    }
  }
  return problems;
}
