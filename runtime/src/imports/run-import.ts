/**
 * Imports a CSV file of invoices with their debtors: streamed, in batches, each batch one
 * transaction (debtors, then invoices, then the cases' enrolment into the active flows). Rows
 * with problems are set aside with every reason and the good rows land; a bad row never stops
 * the file. Idempotent: debtors and invoices are upserted by their ERP ids, so importing the
 * same file, or the corrected rows, again changes only what differs.
 */
import type { CsvDialect, DebtorUpsert, ImportMapping, InvoiceUpsert, RowProblem } from '@collectflow/shared';
import { inTransaction, type Pool } from '../db/pool.ts';
import { upsertDebtors } from '../debtors/upsert-debtors.ts';
import { enrolIntoActiveFlows } from '../enrolment/enrol-into-active-flows.ts';
import { DomainError } from '../errors/domain-error.ts';
import type { FlowDefinitions } from '../flows/flow-definitions.ts';
import { upsertInvoices } from '../invoices/upsert-invoices.ts';
import { detectDialect, readCsv } from './csv-source.ts';
import { columnIndexes, importRow } from './import-row.ts';

export interface ImportOptions {
  pool: Pool;
  definitions: FlowDefinitions;
  workspaceId: string;
  file: string;
  mapping: ImportMapping;
  /** Default: detected from the file. */
  dialect?: Partial<CsvDialect>;
  /** Rows per transaction. Default: 5,000. */
  batchSize?: number;
  /** Check every row, write nothing. */
  dryRun?: boolean;
  /** Transactions at once (rows are split by debtor). Default: 3. */
  writers?: number;
  /** Called after each batch is handed to a writer (for progress), with the counts so far. */
  onProgress?: (progress: ImportProgress) => Promise<void> | void;
}

export interface ImportProgress {
  rows: number;
  importedRows: number;
  rejectedRows: number;
}

export interface ImportReport {
  dialect: CsvDialect;
  headers: string[];
  rows: number;
  importedRows: number;
  debtors: { created: number; updated: number };
  invoices: { created: number; updated: number };
  casesOpened: number;
  runsStarted: number;
  /** Every reason per rejected row, in file order. */
  problems: RowProblem[];
  /** The rejected rows as they were in the file, for the report and for correcting. */
  rejectedRows: { line: number; values: string[] }[];
}

/** Which writer takes a debtor's rows: a stable hash of its ERP id. */
function writerOf(debtorExternalId: string, writers: number): number {
  let hash = 0;
  for (let index = 0; index < debtorExternalId.length; index++) {
    hash = (hash * 31 + debtorExternalId.charCodeAt(index)) | 0;
  }
  return Math.abs(hash) % writers;
}

export async function runImport(options: ImportOptions): Promise<ImportReport> {
  const detected = await detectDialect(options.file);
  const dialect: CsvDialect = { ...detected, ...options.dialect };
  const batchSize = options.batchSize ?? 5000;
  const report: ImportReport = {
    dialect,
    headers: [],
    rows: 0,
    importedRows: 0,
    debtors: { created: 0, updated: 0 },
    invoices: { created: 0, updated: 0 },
    casesOpened: 0,
    runsStarted: 0,
    problems: [],
    rejectedRows: [],
  };
  let indexes: ReturnType<typeof columnIndexes> | null = null;

  // Rows go to writers by their debtor, so no two writers ever touch the same debtor, case or
  // invoice; each writer writes one batch while the next is read and checked, and a debtor
  // whose invoices span two of its batches exists before the second one's invoices.
  const writers = Array.from({ length: options.dryRun ? 1 : (options.writers ?? 3) }, () => ({
    debtors: new Map<string, DebtorUpsert>(),
    invoices: new Map<string, InvoiceUpsert>(),
    pending: 0,
    writing: Promise.resolve() as Promise<void>,
  }));
  let failure: unknown = null;
  const flush = async (writer: (typeof writers)[number]) => {
    await writer.writing;
    if (failure) throw failure;
    if (writer.pending === 0) return;
    const batchDebtors = [...writer.debtors.values()];
    const batchInvoices = [...writer.invoices.values()];
    report.importedRows += writer.pending;
    writer.debtors = new Map();
    writer.invoices = new Map();
    writer.pending = 0;
    if (options.dryRun) return;
    writer.writing = write(batchDebtors, batchInvoices).catch((error: unknown) => {
      failure = error;
    });
  };
  const write = (batchDebtors: DebtorUpsert[], batchInvoices: InvoiceUpsert[]) =>
    inTransaction(options.pool, async (client) => {
      const upsertedDebtors = await upsertDebtors(client, options.workspaceId, batchDebtors);
      const upsertedInvoices = await upsertInvoices(client, options.workspaceId, batchInvoices);
      for (const item of upsertedDebtors.items) report.debtors[item.created ? 'created' : 'updated'] += 1;
      for (const item of upsertedInvoices.items) report.invoices[item.created ? 'created' : 'updated'] += 1;
      report.casesOpened += upsertedInvoices.casesOpened;
      const changedCases = [...new Set([...upsertedDebtors.openCaseIds, ...upsertedInvoices.openCaseIds])];
      report.runsStarted += await enrolIntoActiveFlows(
        client,
        options.definitions,
        options.workspaceId,
        changedCases,
        new Date(),
      );
    });

  for await (const row of readCsv(options.file, dialect)) {
    if (!indexes) {
      report.headers = row.values.map((header) => header.trim());
      indexes = columnIndexes(report.headers, options.mapping);
      continue;
    }
    report.rows += 1;
    const imported = importRow(row.line, row.values, report.headers, indexes, options.mapping);
    if (!imported.ok) {
      report.problems.push(...imported.problems);
      report.rejectedRows.push({ line: row.line, values: row.values });
      continue;
    }
    const writer = writers[writerOf(imported.debtor.externalId, writers.length)]!;
    // A debtor with several invoices comes once per row: the last row's details count.
    writer.debtors.set(imported.debtor.externalId, imported.debtor);
    writer.invoices.set(imported.invoice.externalId, imported.invoice);
    writer.pending += 1;
    if (writer.pending >= batchSize) {
      await flush(writer);
      await options.onProgress?.({
        rows: report.rows,
        importedRows: report.importedRows,
        rejectedRows: report.rejectedRows.length,
      });
    }
  }
  if (!indexes) throw new DomainError('BAD_REQUEST', 'The file is empty: it has no header line.');
  for (const writer of writers) await flush(writer);
  await Promise.all(writers.map((writer) => writer.writing));
  if (failure) throw failure;
  return report;
}
