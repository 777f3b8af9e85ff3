/**
 * The source connector kind: a system Collectflow pulls debtors, invoices and payments from
 * (an ERP, a billing platform), on a schedule. `pull(cursor)` yields what changed since the
 * cursor it was given (null: the first pull, everything still open), batch by batch; each batch
 * carries the cursor to resume after it. The runtime writes a batch and its cursor in one
 * transaction, so a pull that stops half-way resumes after the last batch written, and the
 * records are upserted by their external ids, so reading a batch twice changes nothing.
 *
 * A status change is expressed as data: an invoice cancelled in the source comes as an invoice
 * with `status: 'cancelled'`; one paid in the source comes as a payment (with an `externalId`,
 * so it is counted once).
 */
import type { DebtorUpsert, InvoiceUpsert, PaymentCreate } from '@collectflow/shared';
import type { z } from 'zod';
import type { ConnectionCheck, ConnectorContext } from './define-connector.ts';

export interface SourceBatch {
  debtors: DebtorUpsert[];
  invoices: InvoiceUpsert[];
  payments: PaymentCreate[];
  /** Where the next pull starts, once this batch is written. Opaque to the runtime. */
  cursor: string;
}

export interface SourceConnector {
  pull(cursor: string | null): AsyncIterable<SourceBatch>;
  testConnection(): Promise<ConnectionCheck>;
  close(): Promise<void>;
}

export interface SourceConnectorDefinition<Settings extends z.ZodType> {
  id: string;
  kind: 'source';
  label: string;
  description: string;
  settings: Settings;
  secretFields: readonly (keyof z.output<Settings> & string)[];
  create(settings: z.output<Settings>, context: ConnectorContext): SourceConnector;
}

/** Declares a source connector; the identity function that gives plugin authors type checking. */
export function defineSourceConnector<Settings extends z.ZodType>(
  definition: SourceConnectorDefinition<Settings>,
): SourceConnectorDefinition<Settings> {
  return definition;
}
