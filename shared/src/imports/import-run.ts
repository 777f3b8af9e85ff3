/**
 * File imports as the designer and the API see them: saved import sources (a mapping per ERP
 * export, optionally with a watched folder), a file's first rows read with a mapping, and the
 * record of each import with its counts and rejected rows.
 */
import { z } from 'zod';
import { ConnectorKey } from '../connectors/connector-config.ts';
import { ImportMapping } from './import-mapping.ts';

export const CsvEncoding = z.enum(['utf-8', 'windows-1252']);
export const CsvSeparator = z.enum([',', ';', '\t']);
export const CsvDialect = z.object({ encoding: CsvEncoding, separator: CsvSeparator });
export type CsvDialect = z.infer<typeof CsvDialect>;
/** What the user fixed; the rest is detected from the file. */
export const CsvDialectChoice = CsvDialect.partial();
export type CsvDialectChoice = z.infer<typeof CsvDialectChoice>;

export const ImportSource = z.object({
  key: z.string(),
  name: z.string(),
  mapping: ImportMapping,
  dialect: CsvDialectChoice,
  /** A folder on the server the worker imports new files from, or null. */
  watchFolder: z.string().nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type ImportSource = z.infer<typeof ImportSource>;

export const SaveImportSourceInput = z.object({
  key: ConnectorKey,
  name: z.string().trim().min(1, { message: 'Name the import, e.g. “ERP invoices”.' }).max(100),
  mapping: ImportMapping,
  dialect: CsvDialectChoice.default({}),
  watchFolder: z
    .string()
    .trim()
    .max(1000)
    .refine((folder) => folder === '' || folder.startsWith('/'), {
      message: 'Give the folder as an absolute path on the server, e.g. /srv/collectflow/inbox.',
    })
    .transform((folder) => folder || null)
    .nullable()
    .default(null),
});
export type SaveImportSourceInput = z.input<typeof SaveImportSourceInput>;

/** An uploaded file read with a mapping: its columns, and its first rows with their problems. */
export const InspectImportInput = z.object({
  uploadId: z.uuid(),
  dialect: CsvDialectChoice.default({}),
  /** Default: the source's saved mapping if the file has its columns, else one guessed from the headers. */
  mapping: ImportMapping.optional(),
  sourceKey: z.string().nullable().default(null),
});
export type InspectImportInput = z.input<typeof InspectImportInput>;

export const RowProblem = z.object({
  line: z.number().int(),
  /** The column's header, or null for the row as a whole. */
  column: z.string().nullable(),
  reason: z.string(),
});
export type RowProblem = z.infer<typeof RowProblem>;

export const ImportInspection = z.object({
  fileName: z.string(),
  bytes: z.number().int(),
  dialect: CsvDialect,
  headers: z.array(z.string()),
  /** The mapping shown: the one asked for, the source's, or the guess. */
  mapping: z.object({
    columns: z.record(z.string(), z.string()),
    decimal: z.string(),
    dates: z.string(),
    defaults: z.object({ currency: z.string(), language: z.string(), country: z.string().nullable() }),
  }),
  /** Where `mapping` came from. */
  mappingFrom: z.enum(['request', 'source', 'suggestion']),
  /** Why the mapping cannot import yet (a required field without a column), or null. */
  mappingProblem: z.string().nullable(),
  /** The first rows as read, with what importing them would say. */
  preview: z.array(z.object({ line: z.number().int(), values: z.array(z.string()), problems: z.array(RowProblem) })),
});
export type ImportInspection = z.infer<typeof ImportInspection>;

export const StartImportInput = z.object({
  uploadId: z.uuid(),
  mapping: ImportMapping,
  dialect: CsvDialectChoice.default({}),
  dryRun: z.boolean().default(false),
  /** Save the mapping under this source (created if new), so the next file of this ERP maps itself. */
  source: z
    .object({ key: ConnectorKey, name: z.string().trim().min(1).max(100) })
    .nullable()
    .default(null),
});
export type StartImportInput = z.input<typeof StartImportInput>;

export const ImportStatus = z.enum(['running', 'done', 'failed']);

export const ImportRecord = z.object({
  id: z.uuid(),
  fileName: z.string(),
  origin: z.enum(['upload', 'folder']),
  sourceKey: z.string().nullable(),
  sourceName: z.string().nullable(),
  dryRun: z.boolean(),
  status: ImportStatus,
  /** Rows read so far (while running), then in the file. */
  rows: z.number().int(),
  importedRows: z.number().int(),
  rejectedRows: z.number().int(),
  summary: z.object({
    dialect: CsvDialect.optional(),
    debtors: z.object({ created: z.number().int(), updated: z.number().int() }).optional(),
    invoices: z.object({ created: z.number().int(), updated: z.number().int() }).optional(),
    casesOpened: z.number().int().optional(),
    runsStarted: z.number().int().optional(),
  }),
  /** Why the import stopped, for failed ones. */
  error: z.string().nullable(),
  startedBy: z.string().nullable(),
  startedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type ImportRecord = z.infer<typeof ImportRecord>;

/** One import with its first problems (the whole list is in the report CSV). */
export const ImportDetails = ImportRecord.extend({ problems: z.array(RowProblem), problemCount: z.number().int() });
export type ImportDetails = z.infer<typeof ImportDetails>;
