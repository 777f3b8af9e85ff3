/**
 * Runs an import of a file and keeps its record up to date: progress after every batch, then
 * the counts and rejected rows, or the reason it failed in words. Expected failures (a mapped
 * column missing from the file, an empty file) are the user's to fix and say so; anything else
 * is logged and recorded as "failed" with a general reason.
 */
import type { Pool } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import type { Logger } from '../logging/logger.ts';
import { failImport, finishImport, noteImportProgress } from './import-records.ts';
import { type ImportOptions, type ImportReport, runImport } from './run-import.ts';

export async function runRecordedImport(
  options: Omit<ImportOptions, 'onProgress'> & {
    importId: string;
    logger: Logger;
    /** Runs once every row is written, before the import is recorded as done (e.g. deleting the upload). */
    beforeDone?: () => Promise<void>;
  },
): Promise<{ ok: true; report: ImportReport } | { ok: false; reason: string }> {
  const { pool, importId, logger } = options;
  try {
    const report = await runImport({
      ...options,
      onProgress: (progress) => noteImportProgress(pool, importId, progress),
    });
    await options.beforeDone?.();
    await finishImport(pool, importId, report);
    return { ok: true, report };
  } catch (error) {
    const reason =
      error instanceof DomainError
        ? error.message
        : 'The import stopped because of an error on our side; the rows imported before it are kept. Please try again.';
    if (!(error instanceof DomainError)) logger.error({ err: error, importId }, 'Import failed');
    await failImport(pool as Pool, importId, reason);
    return { ok: false, reason };
  }
}
