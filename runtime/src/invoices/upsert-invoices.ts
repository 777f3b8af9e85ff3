/**
 * Creating and updating invoices by their ERP id, many at once, in the caller's transaction
 * (the REST API's batches and source connectors' pulls): a batch with any invalid item is
 * refused whole, naming every problem; a valid one is written by `saveInvoices`.
 */
import type { InvoiceUpsert } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import { duplicateExternalIds } from '../debtors/duplicate-external-ids.ts';
import { DomainError } from '../errors/domain-error.ts';
import { invoiceProblems } from './invoice-problems.ts';
import { saveInvoices, type UpsertedInvoices } from './save-invoices.ts';

export async function upsertInvoices(
  db: Queryable,
  workspaceId: string,
  items: readonly InvoiceUpsert[],
): Promise<UpsertedInvoices> {
  const problems = [
    ...duplicateExternalIds(
      items.map((item) => item.externalId),
      'externalId',
    ),
    ...(await invoiceProblems(db, workspaceId, items)),
  ];
  if (problems.length > 0) {
    throw new DomainError(
      'BAD_REQUEST',
      `${problems.length === 1 ? 'One invoice is' : `${problems.length} invoices are`} not valid; nothing was saved.`,
      { items: problems.sort((a, b) => (a.index ?? 0) - (b.index ?? 0)) },
    );
  }
  return saveInvoices(db, workspaceId, items);
}
