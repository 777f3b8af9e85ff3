/**
 * `collectflow import <file>`: debtors and invoices from a CSV export, for IT and for scheduled
 * jobs. Without `--mapping` the columns are guessed from the header names (nl, de, en) and the
 * guess is printed, to save as a mapping file and correct. Rejected rows are written to a
 * report file (`--report`, default `<file>.rejected.csv`) that can be corrected and imported.
 */
import { writeFile } from 'node:fs/promises';
import {
  type ImportField,
  ImportMapping,
  importFieldLabels,
  issueMessage,
  requiredImportFields,
  suggestMapping,
} from '@collectflow/shared';
import type { Command } from 'commander';
import { loadConfig } from '../../config/config.ts';
import { FlowDefinitions } from '../../flows/flow-definitions.ts';
import { detectDialect, readCsv } from '../../imports/csv-source.ts';
import { rejectedRowsCsv } from '../../imports/import-report-csv.ts';
import { runImport } from '../../imports/run-import.ts';
import { CommandFailure, print } from '../output.ts';
import { readJsonFile } from '../read-json-file.ts';
import { resolveWorkspace } from '../resolve-workspace.ts';
import { withDatabase } from '../with-database.ts';

interface ImportOptions {
  workspace: string;
  mapping?: string;
  report?: string;
  separator?: ',' | ';' | 'tab';
  encoding?: 'utf-8' | 'windows-1252';
  country?: string;
  currency?: string;
  language?: string;
  dryRun: boolean;
  json: boolean;
}

async function headersOf(file: string): Promise<string[]> {
  const rows = readCsv(file, await detectDialect(file));
  const first = await rows.next();
  await rows.return(undefined);
  if (first.done) throw new CommandFailure(`${file} is empty.`, { error: 'empty_file' });
  return first.value.values.map((header) => header.trim());
}

async function mappingFor(file: string, options: ImportOptions): Promise<ImportMapping> {
  const defaults = {
    ...(options.country ? { country: options.country.toUpperCase() } : {}),
    ...(options.currency ? { currency: options.currency.toUpperCase() } : {}),
    ...(options.language ? { language: options.language.toLowerCase() } : {}),
  };
  const input = options.mapping
    ? ((await readJsonFile(options.mapping)) as Record<string, unknown>)
    : { columns: suggestMapping(await headersOf(file)) };
  const parsed = ImportMapping.safeParse({ ...input, defaults: { ...(input.defaults as object), ...defaults } });
  if (parsed.success) return parsed.data;
  const columns = (input.columns ?? {}) as Partial<Record<ImportField, string>>;
  const missing = requiredImportFields.filter((field) => !columns[field]);
  throw new CommandFailure(
    [
      `${options.mapping ?? 'The guessed mapping'}: ${issueMessage(parsed.error.issues[0]!)}`,
      ...(missing.length > 0
        ? [
            `Not found among the columns (${(await headersOf(file)).join(', ')}): ${missing.map((field) => importFieldLabels[field]).join(', ')}.`,
            'Write a mapping file: {"columns": {"debtor.externalId": "<header>", "invoice.externalId": "<header>", …}}',
          ]
        : []),
    ].join('\n'),
    { error: 'invalid_mapping', columns, missing },
  );
}

export function registerImportCommand(program: Command): void {
  program
    .command('import <file>')
    .description('Import debtors and invoices from a CSV file (one row per invoice).')
    .requiredOption('--workspace <slug>', 'workspace slug (or exact name)')
    .option('--mapping <file>', 'JSON mapping of fields to column headers (default: guessed from the headers)')
    .option('--report <file>', 'where to write the rejected rows (default: <file>.rejected.csv)')
    .option('--separator <char>', 'column separator: , ; or tab (default: detected)')
    .option('--encoding <name>', 'utf-8 or windows-1252 (default: detected)')
    .option('--country <code>', 'country of addresses without a country column, e.g. NL')
    .option('--currency <code>', 'currency of rows without a currency column (default EUR)')
    .option('--language <code>', 'language of debtors without a language column (default nl)')
    .option('--dry-run', 'check every row, write nothing', false)
    .option('--json', 'print JSON', false)
    .action(async (file: string, options: ImportOptions) => {
      const mapping = await mappingFor(file, options);
      await withDatabase(loadConfig(), async (pool) => {
        const workspace = await resolveWorkspace(pool, options.workspace);
        const started = Date.now();
        const report = await runImport({
          pool,
          definitions: new FlowDefinitions(),
          workspaceId: workspace.id,
          file,
          mapping,
          dryRun: options.dryRun,
          dialect: {
            ...(options.separator ? { separator: options.separator === 'tab' ? '\t' : options.separator } : {}),
            ...(options.encoding ? { encoding: options.encoding } : {}),
          },
        });
        const reportFile = options.report ?? `${file}.rejected.csv`;
        if (report.rejectedRows.length > 0) await writeFile(reportFile, rejectedRowsCsv(report));
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        print(
          options,
          [
            `${options.dryRun ? 'Checked' : 'Imported'} ${report.importedRows.toLocaleString('en')} of ${report.rows.toLocaleString('en')} rows in ${seconds} s (${report.dialect.encoding}, separator ${report.dialect.separator === '\t' ? 'tab' : report.dialect.separator}).`,
            ...(options.dryRun
              ? []
              : [
                  `Debtors: ${report.debtors.created} new, ${report.debtors.updated} updated. Invoices: ${report.invoices.created} new, ${report.invoices.updated} updated. ${report.casesOpened} cases opened, ${report.runsStarted} entered flows.`,
                ]),
            ...(report.rejectedRows.length > 0
              ? [
                  `${report.rejectedRows.length} rows refused; reasons and rows in ${reportFile}. The first:`,
                  ...report.problems
                    .slice(0, 10)
                    .map(
                      (problem) =>
                        `  line ${problem.line}${problem.column ? `, ${problem.column}` : ''}: ${problem.reason}`,
                    ),
                ]
              : []),
          ],
          {
            ...report,
            rejectedRows: undefined,
            reportFile: report.rejectedRows.length > 0 ? reportFile : null,
            mapping,
          },
        );
      });
    });
}
