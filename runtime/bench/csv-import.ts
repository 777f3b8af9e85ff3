/**
 * A CSV export of `rows` invoices (Dutch style: semicolons, decimal commas, day-first dates;
 * about two invoices per debtor) imported through the whole path — detect, parse, check every
 * row, upsert debtors and invoices, open cases — against the same file loaded into a bare table
 * by PostgreSQL's COPY in the same run (the floor of getting those bytes into the database).
 */
import { createReadStream } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ImportMapping, suggestMapping } from '@collectflow/shared';
import { from as copyFrom } from 'pg-copy-streams';
import type { Pool } from '../src/db/pool.ts';
import { FlowDefinitions } from '../src/flows/flow-definitions.ts';
import { runImport } from '../src/imports/run-import.ts';
import { createWorkspace } from '../src/workspaces/workspace-queries.ts';

export interface CsvImportResult {
  rowsPerSecond: number;
  seconds: number;
  copyRowsPerSecond: number;
  rejected: number;
}

const headers = [
  'Klantnummer',
  'Voornaam',
  'Achternaam',
  'E-mailadres',
  'Straat',
  'Postcode',
  'Plaats',
  'Factuurnummer',
  'Factuurdatum',
  'Vervaldatum',
  'Bedrag',
];

async function writeExport(file: string, rows: number): Promise<void> {
  const chunks: string[] = [`${headers.join(';')}\r\n`];
  for (let row = 1; row <= rows; row++) {
    const debtor = Math.ceil(row / 2);
    const day = String(1 + (row % 28)).padStart(2, '0');
    const cents = 1000 + ((row * 7919) % 500_000);
    chunks.push(
      `K-${debtor};Sanne;de Vries ${debtor};debtor${debtor}@example.nl;Keizersgracht ${1 + (debtor % 500)};1015 CJ;Amsterdam;F-${row};${day}-09-2026;${day}-10-2026;${Math.floor(cents / 100).toLocaleString('de-DE')},${String(cents % 100).padStart(2, '0')}\r\n`,
    );
  }
  await writeFile(file, chunks.join(''));
}

export async function measureCsvImport(pool: Pool, rows: number): Promise<CsvImportResult> {
  const file = path.join(tmpdir(), `collectflow-bench-import-${process.pid}.csv`);
  await writeExport(file, rows);
  try {
    const client = await pool.connect();
    let copySeconds: number;
    try {
      await client.query(`create temp table bench_copy (${headers.map((_, index) => `c${index} text`).join(', ')})`);
      const started = performance.now();
      await pipeline(
        createReadStream(file),
        client.query(copyFrom(`copy bench_copy from stdin with (format csv, delimiter ';', header true)`)),
      );
      copySeconds = (performance.now() - started) / 1000;
      await client.query('drop table bench_copy');
    } finally {
      client.release();
    }

    const { id: workspaceId } = await createWorkspace(pool, `Bench import ${Date.now()}`);
    const mapping = ImportMapping.parse({ columns: suggestMapping(headers), defaults: { country: 'NL' } });
    const started = performance.now();
    const report = await runImport({ pool, definitions: new FlowDefinitions(), workspaceId, file, mapping });
    const seconds = (performance.now() - started) / 1000;
    if (report.importedRows !== rows) {
      throw new Error(
        `Imported ${report.importedRows} of ${rows} rows: ${JSON.stringify(report.problems.slice(0, 3))}`,
      );
    }
    return {
      rowsPerSecond: rows / seconds,
      seconds,
      copyRowsPerSecond: rows / copySeconds,
      rejected: report.problems.length,
    };
  } finally {
    await rm(file, { force: true });
  }
}
