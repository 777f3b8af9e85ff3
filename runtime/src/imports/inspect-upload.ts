/**
 * The mapping step: an uploaded file's dialect and columns, the mapping to show (the one asked
 * for, else the source's saved one when the file has its columns, else one guessed from the
 * headers), and its first rows with what importing them would say.
 */
import {
  type CsvDialectChoice,
  type ImportInspection,
  ImportMapping,
  ImportMappingDraft,
  issueMessage,
  suggestMapping,
} from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import { detectDialect, readCsv } from './csv-source.ts';
import { columnIndexes, importRow } from './import-row.ts';
import { importSourceByKey } from './import-sources.ts';
import type { Upload } from './upload-store.ts';

const previewRows = 8;

export async function inspectUpload(
  db: Queryable,
  workspaceId: string,
  upload: Upload,
  request: { dialect: CsvDialectChoice; mapping?: ImportMappingDraft | undefined; sourceKey: string | null },
): Promise<ImportInspection> {
  const source = request.sourceKey ? await importSourceByKey(db, workspaceId, request.sourceKey) : null;
  const dialect = { ...(await detectDialect(upload.file)), ...source?.dialect, ...request.dialect };
  const rows = readCsv(upload.file, dialect);
  const read: { line: number; values: string[] }[] = [];
  for await (const row of rows) {
    read.push(row);
    if (read.length > previewRows) break;
  }
  const [header, ...sample] = read;
  if (!header) throw new DomainError('BAD_REQUEST', 'The file is empty: it has no header line.', { field: 'uploadId' });
  const headers = header.values.map((value) => value.trim());

  const fits = (mapping: ImportMapping) => Object.values(mapping.columns).every((column) => headers.includes(column));
  let mappingFrom: ImportInspection['mappingFrom'];
  let candidate: unknown;
  if (request.mapping) {
    mappingFrom = 'request';
    candidate = request.mapping;
  } else if (source && fits(source.mapping)) {
    mappingFrom = 'source';
    candidate = source.mapping;
  } else {
    mappingFrom = 'suggestion';
    candidate = { columns: suggestMapping(headers), ...(source ? { defaults: source.mapping.defaults } : {}) };
  }
  const mapping = ImportMappingDraft.parse(candidate);
  const complete = ImportMapping.safeParse(mapping);
  let mappingProblem: string | null = complete.success ? null : issueMessage(complete.error.issues[0]!);
  let indexes: ReturnType<typeof columnIndexes> | null = null;
  if (!mappingProblem) {
    try {
      indexes = columnIndexes(headers, mapping);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      mappingProblem = error.message;
    }
  }
  return {
    fileName: upload.fileName,
    bytes: upload.bytes,
    dialect,
    headers,
    mapping: { ...mapping, columns: mapping.columns as Record<string, string> },
    mappingFrom,
    mappingProblem,
    preview: sample.map((row) => {
      const imported = indexes ? importRow(row.line, row.values, headers, indexes, mapping) : null;
      return { line: row.line, values: row.values, problems: imported && !imported.ok ? imported.problems : [] };
    }),
  };
}
