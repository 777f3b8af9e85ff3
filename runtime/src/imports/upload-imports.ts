/**
 * Imports of uploaded files, started from the designer: the mapping is checked against the
 * file's columns first (so a wrong mapping is refused at once, not after a minute), optionally
 * saved as the source's, and the import then runs in this process while the page follows its
 * record. The upload is deleted once imported; a dry run keeps it, to import for real next.
 */
import { StartImportInput } from '@collectflow/shared';
import type { Pool } from '../db/pool.ts';
import type { FlowDefinitions } from '../flows/flow-definitions.ts';
import type { Logger } from '../logging/logger.ts';
import { detectDialect, readCsv } from './csv-source.ts';
import { beginImport } from './import-records.ts';
import { columnIndexes } from './import-row.ts';
import { importSourceByKey, saveImportSource } from './import-sources.ts';
import { runRecordedImport } from './recorded-import.ts';
import type { UploadStore } from './upload-store.ts';

export class UploadImports {
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly pool: Pool,
    private readonly definitions: FlowDefinitions,
    readonly uploads: UploadStore,
    private readonly logger: Logger,
  ) {}

  /** Starts the import and returns its id; the import goes on after this returns. */
  async start(workspaceId: string, userId: string | null, request: StartImportInput): Promise<string> {
    const input = StartImportInput.parse(request);
    const upload = await this.uploads.get(workspaceId, input.uploadId);
    const dialect = { ...(await detectDialect(upload.file)), ...input.dialect };
    const header = await readCsv(upload.file, dialect).next();
    columnIndexes(header.done ? [] : header.value.values.map((value) => value.trim()), input.mapping);

    let sourceId: string | null = null;
    if (input.source) {
      const existing = await importSourceByKey(this.pool, workspaceId, input.source.key);
      const saved = await saveImportSource(this.pool, workspaceId, {
        ...input.source,
        mapping: input.mapping,
        dialect: input.dialect,
        watchFolder: existing?.watchFolder ?? null,
      });
      sourceId = saved.id;
    }
    const importId = await beginImport(this.pool, {
      workspaceId,
      sourceId,
      fileName: upload.fileName,
      origin: 'upload',
      dryRun: input.dryRun,
      startedBy: userId,
    });
    const job: Promise<unknown> = runRecordedImport({
      pool: this.pool,
      definitions: this.definitions,
      workspaceId,
      file: upload.file,
      mapping: input.mapping,
      dialect,
      dryRun: input.dryRun,
      importId,
      logger: this.logger,
      // Gone before the import reads as done, so a page that sees "done" never finds it.
      ...(input.dryRun ? {} : { beforeDone: () => this.uploads.remove(upload.id) }),
    })
      .catch((error: unknown) => this.logger.error({ err: error, importId }, 'Import bookkeeping failed'))
      .finally(() => this.running.delete(job));
    this.running.add(job);
    return importId;
  }

  /** Resolves when no import started here is running (tests; shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running);
  }
}
