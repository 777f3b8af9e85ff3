/**
 * Watched folders: files an ERP drops into a source's folder (a local folder, or an SFTP
 * drop mounted on the server) are imported by the worker with the source's saved mapping.
 * A file is claimed by moving it into `processing/` (a rename, so two workers never take the
 * same file) once it has not changed for 10 seconds (it may still be being written), then moved
 * to `imported/` — with its rejected rows beside it as `<file>.rejected.csv` — or to `failed/`
 * with `<file>.error.txt` saying why. A file left in `processing/` by a worker that stopped
 * half-way is put back and imported again (upserts: what was written is not doubled).
 */
import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Pool } from '../db/pool.ts';
import type { FlowDefinitions } from '../flows/flow-definitions.ts';
import type { Logger } from '../logging/logger.ts';
import { beginImport, failInterruptedImports, interruptedAfterMinutes } from './import-records.ts';
import { rejectedRowsCsv } from './import-report-csv.ts';
import { watchedImportSources } from './import-sources.ts';
import { runRecordedImport } from './recorded-import.ts';

const settledMs = 10_000;
const importable = /\.(csv|tsv|txt)$/i;
/** `processing/<claimed at>-<name>`: the claim time as `toISOString()` with `:` and `.` as `-`. */
const claimedName = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-(.+)$/;

export interface WatchedFolderOptions {
  pool: Pool;
  definitions: FlowDefinitions;
  logger: Logger;
  /** Default: the system clock (tests move it on to see files as settled). */
  now?: () => number;
}

/** Imports every settled file in every watched folder; returns how many files were taken. */
export async function importWatchedFolders(options: WatchedFolderOptions): Promise<number> {
  const { pool, logger } = options;
  const now = options.now ?? Date.now;
  let taken = 0;
  await failInterruptedImports(pool);
  for (const source of await watchedImportSources(pool)) {
    await returnInterruptedFiles(pool, source, now());
    const names = await readdir(source.watchFolder).catch((error: NodeJS.ErrnoException) => {
      logger.warn(
        { folder: source.watchFolder, source: source.key, code: error.code },
        'Watched folder cannot be read',
      );
      return [] as string[];
    });
    for (const name of names.sort()) {
      if (name.startsWith('.') || !importable.test(name)) continue;
      const file = path.join(source.watchFolder, name);
      const info = await stat(file).catch(() => null);
      if (!info?.isFile() || now() - info.mtimeMs < settledMs) continue;
      const stamp = new Date(now()).toISOString().replace(/[:.]/g, '-');
      const claimed = path.join(source.watchFolder, 'processing', `${stamp}-${name}`);
      await mkdir(path.dirname(claimed), { recursive: true });
      if (
        !(await rename(file, claimed).then(
          () => true,
          () => false,
        ))
      )
        continue;
      taken += 1;
      const importId = await beginImport(pool, {
        workspaceId: source.workspaceId,
        sourceId: source.id,
        fileName: name,
        origin: 'folder',
        dryRun: false,
        startedBy: null,
      });
      const outcome = await runRecordedImport({
        pool,
        definitions: options.definitions,
        workspaceId: source.workspaceId,
        file: claimed,
        mapping: source.mapping,
        dialect: source.dialect,
        importId,
        logger,
      });
      const moved = path.join(source.watchFolder, outcome.ok ? 'imported' : 'failed', path.basename(claimed));
      await mkdir(path.dirname(moved), { recursive: true });
      await rename(claimed, moved);
      if (!outcome.ok) {
        await writeFile(`${moved}.error.txt`, `${outcome.reason}\n`);
        logger.info({ source: source.key, file: name, importId }, 'A file from a watched folder could not be imported');
        continue;
      }
      const { report } = outcome;
      if (report.rejectedRows.length > 0) await writeFile(`${moved}.rejected.csv`, `\ufeff${rejectedRowsCsv(report)}`);
      logger.info(
        { source: source.key, file: name, rows: report.rows, rejected: report.rejectedRows.length, importId },
        'Imported a file from a watched folder',
      );
    }
  }
  return taken;
}

/** Files claimed long ago by an import that is no longer running go back to be imported again. */
async function returnInterruptedFiles(
  pool: Pool,
  source: { id: string; workspaceId: string; watchFolder: string },
  now: number,
): Promise<void> {
  const processing = path.join(source.watchFolder, 'processing');
  const names = await readdir(processing).catch(() => [] as string[]);
  if (names.length === 0) return;
  const { rows } = await pool.query(
    `select 1 from imports where workspace_id = $1 and source_id = $2 and status = 'running' limit 1`,
    [source.workspaceId, source.id],
  );
  if (rows.length > 0) return;
  for (const name of names) {
    const claim = claimedName.exec(name);
    if (!claim) continue;
    const [, day, hours, minutes, seconds, millis, original] = claim;
    const claimedAt = Date.parse(`${day}T${hours}:${minutes}:${seconds}.${millis}Z`);
    if (now - claimedAt < interruptedAfterMinutes * 60_000) continue;
    // Under its own name again, unless the ERP has since dropped a file of that name.
    const back = (await stat(path.join(source.watchFolder, original!)).catch(() => null)) ? name : original!;
    await rename(path.join(processing, name), path.join(source.watchFolder, back)).catch(() => undefined);
  }
}
