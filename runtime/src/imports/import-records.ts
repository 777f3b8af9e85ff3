/**
 * The record of each file import: begun (running, with its progress), then done with its counts
 * and its first 10,000 rejected rows, or failed with the reason in words.
 */
import type { ImportDetails, ImportRecord, RowProblem } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import type { ImportProgress, ImportReport } from './run-import.ts';

/** Rejected rows kept per import for its report. */
export const keptRejectedRows = 10_000;

const recordColumns = `i.id, i.file_name as "fileName", i.origin, s.key as "sourceKey", s.name as "sourceName",
  i.dry_run as "dryRun", i.status, i.rows, i.imported_rows as "importedRows", i.rejected_rows as "rejectedRows",
  i.summary, i.error, u.name as "startedBy", to_json(i.started_at) #>> '{}' as "startedAt",
  to_json(i.finished_at) #>> '{}' as "finishedAt"`;
const recordFrom = `imports i left join import_sources s on s.id = i.source_id left join users u on u.id = i.started_by`;

export interface BeginImport {
  workspaceId: string;
  sourceId: string | null;
  fileName: string;
  origin: 'upload' | 'folder';
  dryRun: boolean;
  startedBy: string | null;
}

export async function beginImport(db: Queryable, begin: BeginImport): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into imports (workspace_id, source_id, file_name, origin, dry_run, started_by)
     values ($1, $2, $3, $4, $5, $6) returning id`,
    [begin.workspaceId, begin.sourceId, begin.fileName, begin.origin, begin.dryRun, begin.startedBy],
  );
  return rows[0]!.id;
}

export async function noteImportProgress(db: Queryable, importId: string, progress: ImportProgress): Promise<void> {
  await db.query(
    `update imports set rows = $2, imported_rows = $3, rejected_rows = $4, updated_at = now()
      where id = $1 and status = 'running'`,
    [importId, progress.rows, progress.importedRows, progress.rejectedRows],
  );
}

export async function finishImport(db: Queryable, importId: string, report: ImportReport): Promise<void> {
  const keptLines = new Set(report.rejectedRows.slice(0, keptRejectedRows).map((row) => row.line));
  await db.query(
    `update imports set status = 'done', rows = $2, imported_rows = $3, rejected_rows = $4, summary = $5,
            headers = $6, problems = $7, rejected = $8, updated_at = now(), finished_at = now()
      where id = $1`,
    [
      importId,
      report.rows,
      report.importedRows,
      report.rejectedRows.length,
      {
        dialect: report.dialect,
        debtors: report.debtors,
        invoices: report.invoices,
        casesOpened: report.casesOpened,
        runsStarted: report.runsStarted,
      },
      report.headers,
      JSON.stringify(report.problems.filter((problem) => keptLines.has(problem.line))),
      JSON.stringify(report.rejectedRows.slice(0, keptRejectedRows)),
    ],
  );
}

export async function failImport(db: Queryable, importId: string, reason: string): Promise<void> {
  await db.query(
    `update imports set status = 'failed', error = $2, updated_at = now(), finished_at = now() where id = $1`,
    [importId, reason],
  );
}

/** How long a running import may show no progress before it counts as interrupted. */
export const interruptedAfterMinutes = 10;

/**
 * Imports whose process stopped while they ran (a restart, a crash) stay "running" for ever:
 * these are failed, saying what to do. An import notes its progress every batch (seconds), so
 * ten minutes without any is not a slow import. Returns how many were failed.
 */
export async function failInterruptedImports(db: Queryable): Promise<number> {
  const { rowCount } = await db.query(
    `update imports set status = 'failed', updated_at = now(), finished_at = now(),
            error = 'The import was interrupted: the server stopped while it ran. Import the file again; the rows it already wrote are not doubled.'
      where status = 'running' and updated_at < now() - make_interval(mins => $1)`,
    [interruptedAfterMinutes],
  );
  return rowCount ?? 0;
}

/** The workspace's latest imports, newest first. */
export async function listImports(db: Queryable, workspaceId: string, limit = 20): Promise<ImportRecord[]> {
  const { rows } = await db.query<ImportRecord>(
    `select ${recordColumns} from ${recordFrom} where i.workspace_id = $1 order by i.started_at desc limit $2`,
    [workspaceId, limit],
  );
  return rows;
}

/** One import with its first 200 problems. */
export async function importDetails(db: Queryable, workspaceId: string, importId: string): Promise<ImportDetails> {
  const { rows } = await db.query<ImportDetails>(
    `select ${recordColumns},
            coalesce((select jsonb_agg(p) from (select p from jsonb_array_elements(i.problems) p limit 200) x), '[]') as problems,
            jsonb_array_length(i.problems) as "problemCount"
       from ${recordFrom} where i.workspace_id = $1 and i.id = $2`,
    [workspaceId, importId],
  );
  if (!rows[0]) throw new DomainError('NOT_FOUND', 'There is no such import in this workspace.', { field: 'id' });
  return rows[0];
}

/** What the rejected-rows report is made of. */
export async function importRejections(
  db: Queryable,
  workspaceId: string,
  importId: string,
): Promise<{
  fileName: string;
  headers: string[];
  problems: RowProblem[];
  rejectedRows: ImportReport['rejectedRows'];
}> {
  const { rows } = await db.query<{
    fileName: string;
    headers: string[];
    problems: RowProblem[];
    rejectedRows: ImportReport['rejectedRows'];
  }>(
    `select file_name as "fileName", headers, problems, rejected as "rejectedRows"
       from imports where workspace_id = $1 and id = $2`,
    [workspaceId, importId],
  );
  if (!rows[0]) throw new DomainError('NOT_FOUND', 'There is no such import in this workspace.', { field: 'id' });
  return rows[0];
}
