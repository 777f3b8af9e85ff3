/**
 * Imports a CSV file of invoices with their debtors: streamed, in batches, each batch one
 * transaction of a few set-based statements (checks, debtors, cases and invoices, the cases'
 * enrolment into the active flows). Rows with problems are set aside with every reason and the
 * good rows land; a bad row never stops the file, and a row refused by what the database knows
 * (an invoice that belongs to another debtor or is in another currency) writes nothing, not
 * even its debtor. Idempotent: debtors and invoices are upserted by their ERP ids, so importing
 * the same file, or the corrected rows, again changes only what differs.
 */
import type { CsvDialect, DebtorUpsert, ImportMapping, InvoiceUpsert, RowProblem } from '@collectflow/shared';
import { openCasesOfDebtors } from '../cases/open-cases.ts';
import { inTransaction, type Pool, type PoolClient, type Queryable } from '../db/pool.ts';
import { enrolIntoActiveFlows } from '../enrolment/enrol-into-active-flows.ts';
import { DomainError } from '../errors/domain-error.ts';
import type { FlowDefinitions } from '../flows/flow-definitions.ts';
import { invoiceProblems } from '../invoices/invoice-problems.ts';
import { saveInvoices } from '../invoices/save-invoices.ts';
import { detectDialect, readCsv } from './csv-source.ts';
import { importDebtors } from './import-debtors.ts';
import { columnIndexes, importRow } from './import-row.ts';

export interface ImportOptions {
  pool: Pool;
  definitions: FlowDefinitions;
  workspaceId: string;
  file: string;
  mapping: ImportMapping;
  /** Default: detected from the file. */
  dialect?: Partial<CsvDialect>;
  /** Rows per transaction. Default: 10,000. */
  batchSize?: number;
  /** Check every row (against the database too), write nothing. */
  dryRun?: boolean;
  /** Transactions at once (rows are split by debtor). Default: 2. */
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

/** A row that passed its own checks, waiting for its batch. */
interface GoodRow {
  line: number;
  values: string[];
  debtor: DebtorUpsert;
  invoice: InvoiceUpsert;
}

export async function runImport(options: ImportOptions): Promise<ImportReport> {
  const detected = await detectDialect(options.file);
  const dialect: CsvDialect = { ...detected, ...options.dialect };
  const batchSize = options.batchSize ?? 10_000;
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
  const reject = (line: number, values: string[], problems: RowProblem[]) => {
    report.problems.push(...problems);
    report.rejectedRows.push({ line, values });
  };

  // Rows go to writers by their debtor, so no two writers ever touch the same debtor, case or
  // invoice; each writer writes one batch while the next is read and checked, and a debtor
  // whose invoices span two of its batches exists before the second one's invoices.
  const writers = Array.from({ length: options.dryRun ? 1 : (options.writers ?? 2) }, () => ({
    rows: [] as GoodRow[],
    writing: Promise.resolve() as Promise<void>,
  }));
  let failure: unknown = null;
  const flush = async (writer: (typeof writers)[number]) => {
    await writer.writing;
    if (failure) throw failure;
    if (writer.rows.length === 0) return;
    const batch = writer.rows;
    writer.rows = [];
    const written = options.dryRun
      ? checkBatch(options.pool, batch)
      : inTransaction(options.pool, async (client) => write(client, await checkBatch(client, batch)));
    writer.writing = written.then(
      () => undefined,
      (error: unknown) => {
        failure = error;
      },
    );
  };

  /** The batch's rows that the database has nothing against; the others are set aside. */
  const checkBatch = async (db: Queryable, batch: GoodRow[]): Promise<GoodRow[]> => {
    const problems = await invoiceProblems(
      db,
      options.workspaceId,
      batch.map((row) => row.invoice),
      { debtorsComeWithTheBatch: true },
    );
    const refused = new Map<GoodRow, RowProblem[]>();
    for (const problem of problems) {
      const row = batch[problem.index!]!;
      const reasons = refused.get(row) ?? [];
      reasons.push({ line: row.line, column: columnOfField(problem.field), reason: problem.message });
      refused.set(row, reasons);
    }
    for (const [row, reasons] of refused) reject(row.line, row.values, reasons);
    const good = batch.filter((row) => !refused.has(row));
    report.importedRows += good.length;
    // A later row for the same invoice replaces an earlier one, as a second import would.
    return [...new Map(good.map((row) => [row.invoice.externalId, row])).values()];
  };
  const columnOfField = (field: string | null) =>
    (field === 'currency'
      ? options.mapping.columns['invoice.currency']
      : options.mapping.columns['debtor.externalId']) ?? null;

  const write = async (client: PoolClient, rows: GoodRow[]) => {
    // A debtor with several invoices comes once per row: the last row's details count.
    const debtors = [...new Map(rows.map((row) => [row.debtor.externalId, row.debtor])).values()];
    const importedDebtors = await importDebtors(client, options.workspaceId, options.mapping, debtors);
    const savedInvoices = await saveInvoices(
      client,
      options.workspaceId,
      rows.map((row) => row.invoice),
    );
    report.debtors.created += importedDebtors.created;
    report.debtors.updated += debtors.length - importedDebtors.created;
    for (const item of savedInvoices.items) report.invoices[item.created ? 'created' : 'updated'] += 1;
    report.casesOpened += savedInvoices.casesOpened;
    const changedCases = new Set([
      ...savedInvoices.openCaseIds,
      ...(await openCasesOfDebtors(client, options.workspaceId, importedDebtors.changedIds)),
    ]);
    report.runsStarted += await enrolIntoActiveFlows(
      client,
      options.definitions,
      options.workspaceId,
      [...changedCases],
      new Date(),
    );
  };

  for await (const row of readCsv(options.file, dialect)) {
    if (!indexes) {
      report.headers = row.values.map((header) => header.trim());
      indexes = columnIndexes(report.headers, options.mapping);
      continue;
    }
    report.rows += 1;
    const imported = importRow(row.line, row.values, report.headers, indexes, options.mapping);
    if (!imported.ok) {
      reject(row.line, row.values, imported.problems);
      continue;
    }
    const writer = writers[writerOf(imported.debtor.externalId, writers.length)]!;
    writer.rows.push({ line: row.line, values: row.values, debtor: imported.debtor, invoice: imported.invoice });
    if (writer.rows.length >= batchSize) {
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
  // Rows refused by the database's checks came with their batch: the report is in file order.
  report.rejectedRows.sort((a, b) => a.line - b.line);
  report.problems.sort((a, b) => a.line - b.line);
  return report;
}
