/**
 * CSV imports with real files: UTF-8 with a byte-order mark and semicolons (Dutch), Windows-1252
 * (German umlauts), tabs (English), and a deliberately broken file whose bad rows are reported
 * with line, column and reason while the good rows land. Importing again changes nothing.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImportMapping, suggestMapping } from '@collectflow/shared';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { FlowDefinitions } from '../flows/flow-definitions.ts';
import { createWorkspace } from '../workspaces/workspace-queries.ts';
import { detectDialect } from './csv-source.ts';
import { rejectedRowsCsv } from './import-report-csv.ts';
import { runImport } from './run-import.ts';

const db = useTestDatabase();
const definitions = new FlowDefinitions();
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function importFile(
  file: string,
  mapping?: ImportMapping,
  workspaceId?: string,
  defaults: { country?: string } = {},
) {
  const workspace = workspaceId ?? (await createWorkspace(db.pool, `Import ${Math.random()}`)).id;
  const dialect = await detectDialect(file);
  const headers = (await import('./csv-source.ts')).readCsv(file, dialect);
  const first = (await headers.next()).value!;
  await headers.return(undefined);
  const used = mapping ?? ImportMapping.parse({ columns: suggestMapping(first.values), defaults });
  const report = await runImport({ pool: db.pool, definitions, workspaceId: workspace, file, mapping: used });
  return { workspaceId: workspace, report, mapping: used };
}

describe('CSV import', () => {
  it('reads a Dutch export (UTF-8 with BOM, semicolons, decimal commas, day-first dates)', async () => {
    const { workspaceId, report } = await importFile(fixture('nl-utf8-bom-semicolon.csv'), undefined, undefined, {
      country: 'NL',
    });
    expect(report).toMatchObject({
      dialect: { encoding: 'utf-8', separator: ';' },
      rows: 3,
      importedRows: 3,
      debtors: { created: 2, updated: 0 },
      invoices: { created: 3, updated: 0 },
      casesOpened: 2,
      problems: [],
    });
    expect(report.headers[0]).toBe('Klantnummer');
    const { rows } = await db.pool.query(
      `select d.external_id, d.first_name, d.phone, d.city, i.external_id as invoice, i.amount_minor, i.issue_date, i.due_date
         from invoices i join debtors d on d.id = i.debtor_id where i.workspace_id = $1 order by i.external_id`,
      [workspaceId],
    );
    expect(rows[0]).toEqual({
      external_id: 'K-1001',
      first_name: 'Sanne',
      phone: '+31612345678',
      city: 'Amsterdam',
      invoice: 'F-2026-001',
      amount_minor: 123_456,
      issue_date: '2026-10-01',
      due_date: '2026-10-15',
    });
  });

  it('reads a German export in Windows-1252 and an English one with tabs', async () => {
    const german = await importFile(fixture('de-windows-1252.csv'), undefined, undefined, { country: 'DE' });
    expect(german.report).toMatchObject({ dialect: { encoding: 'windows-1252', separator: ';' }, importedRows: 2 });
    const { rows } = await db.pool.query(
      `select last_name, city, address_line1 from debtors where workspace_id = $1 order by external_id`,
      [german.workspaceId],
    );
    expect(rows).toEqual([
      { last_name: 'Müller', city: 'München', address_line1: 'Marienplatz 1' },
      { last_name: 'Weiß', city: 'Berlin', address_line1: 'Invalidenstraße 5' },
    ]);
    const english = await importFile(fixture('en-tab.tsv'));
    expect(english.report).toMatchObject({ dialect: { separator: '\t' }, importedRows: 2, problems: [] });
  });

  it('sets bad rows aside with line, column and reason, imports the good ones, and stores formulas as text', async () => {
    const { workspaceId, report } = await importFile(fixture('broken.csv'));
    expect(report.rows).toBe(8);
    expect(report.importedRows).toBe(2);
    expect(report.problems).toEqual([
      { line: 3, column: 'Klantnummer', reason: 'no customer number' },
      { line: 4, column: null, reason: 'the row has 8 columns; the header has 7' },
      { line: 5, column: 'Bedrag', reason: '“tien euro” is not an amount' },
      { line: 6, column: 'Valuta', reason: 'Unknown ISO 4217 currency code.' },
      { line: 7, column: 'E-mailadres', reason: 'must be an e-mail address' },
      { line: 9, column: null, reason: 'the row has 2 columns; the header has 7' },
    ]);
    const { rows } = await db.pool.query<{ last_name: string }>(
      'select last_name from debtors where workspace_id = $1 order by external_id',
      [workspaceId],
    );
    expect(rows.map((row) => row.last_name)).toEqual(['=HYPERLINK("http://evil.example","click")', 'Goed']);

    // The report: every refused row with its reasons and its values, formulas escaped.
    const csv = rejectedRowsCsv(report);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '"Line","Problem","Klantnummer","Naam","E-mailadres","Factuurnummer","Vervaldatum","Bedrag","Valuta"',
    );
    expect(lines).toHaveLength(7);
    expect(lines[3]).toBe(
      '"5","Bedrag: “tien euro” is not an amount","K-4","Geen Bedrag","k4@example.nl","F-4","2026-10-01","tien euro","EUR"',
    );
  });

  it('refuses a runaway 5 MB cell in its row only', async () => {
    const file = path.join(tmpdir(), `import-big-cell-${process.pid}.csv`);
    const big = 'x'.repeat(5 * 1024 * 1024);
    await writeFile(
      file,
      `Klantnummer,Naam,Factuurnummer,Vervaldatum,Bedrag\nK-1,"${big}",F-1,2026-10-01,"10,00"\nK-2,Klein,F-2,2026-10-01,"10,00"\n`,
    );
    const { report } = await importFile(file);
    expect(report.importedRows).toBe(1);
    expect(report.problems).toEqual([{ line: 2, column: 'Naam', reason: '5,242,880 characters; at most 1,000 fit' }]);
  });

  it('imports the same file again without doubling anything, and the corrected rows afterwards', async () => {
    const first = await importFile(fixture('nl-utf8-bom-semicolon.csv'), undefined, undefined, { country: 'NL' });
    const again = await importFile(fixture('nl-utf8-bom-semicolon.csv'), first.mapping, first.workspaceId);
    expect(again.report).toMatchObject({
      debtors: { created: 0, updated: 2 },
      invoices: { created: 0, updated: 3 },
      casesOpened: 0,
    });
    const { rows } = await db.pool.query<{ count: number }>(
      'select count(*)::int as count from invoices where workspace_id = $1',
      [first.workspaceId],
    );
    expect(rows[0]!.count).toBe(3);

    // The broken file's report, corrected, imports its rows.
    const broken = await importFile(fixture('broken.csv'));
    const corrected = rejectedRowsCsv(broken.report)
      .replace('"","Geen Nummer"', '"K-2","Geen Nummer"')
      .replace('"tien euro"', '"10,00"');
    const file = path.join(tmpdir(), `import-corrected-${process.pid}.csv`);
    await writeFile(file, corrected);
    const retry = await importFile(file, broken.mapping, broken.workspaceId);
    // The two corrected rows, and the row with a stray extra cell (the report keeps the header's columns).
    expect(retry.report.importedRows).toBe(3);
    expect(retry.report.problems.map((problem) => problem.reason)).toEqual([
      'Unknown ISO 4217 currency code.',
      'must be an e-mail address',
      'no invoice number',
      'no amount',
      'no due date',
    ]);
  });

  it('takes rows that end with a separator (empty extra cells) as they are meant', async () => {
    const file = path.join(tmpdir(), `import-trailing-${process.pid}.csv`);
    await writeFile(
      file,
      'Klantnummer;Naam;Factuurnummer;Vervaldatum;Bedrag\nK-1;Jansen;F-1;2026-10-01;10,00;\nK-2;Bakker;F-2;2026-10-02;12,00;;\n',
    );
    const { report } = await importFile(file);
    expect(report).toMatchObject({ importedRows: 2, problems: [] });
  });

  it('refuses a row whose invoice belongs to another debtor or currency, in that row only and writing nothing of it', async () => {
    const { id: workspaceId } = await createWorkspace(db.pool, 'Moved invoices');
    const file = path.join(tmpdir(), `import-moved-${process.pid}.csv`);
    await writeFile(
      file,
      'Klantnummer;Naam;Factuurnummer;Vervaldatum;Bedrag;Valuta\nK-1;Jansen;F-1;2026-10-01;10,00;EUR\nK-1;Jansen;F-2;2026-10-01;20,00;EUR\n',
    );
    await importFile(file, undefined, workspaceId);
    await writeFile(
      file,
      'Klantnummer;Naam;Factuurnummer;Vervaldatum;Bedrag;Valuta\nK-2;Bakker;F-1;2026-10-01;10,00;EUR\nK-1;Jansen;F-2;2026-10-01;20,00;CHF\nK-3;Visser;F-3;2026-10-01;30,00;EUR\n',
    );
    const { report } = await importFile(file, undefined, workspaceId);
    expect(report.importedRows).toBe(1);
    expect(report.problems).toEqual([
      {
        line: 2,
        column: 'Klantnummer',
        reason: 'the invoice belongs to debtor “K-1”; an invoice cannot move to another debtor',
      },
      { line: 3, column: 'Valuta', reason: 'the invoice is in EUR; its currency cannot change' },
    ]);
    expect(report.rejectedRows.map((row) => row.line)).toEqual([2, 3]);
    const { rows } = await db.pool.query(
      `select d.external_id, i.external_id as invoice, i.currency::text, i.amount_minor
         from debtors d left join invoices i on i.debtor_id = d.id where d.workspace_id = $1 order by 1, 2`,
      [workspaceId],
    );
    // K-2 is not created: its only row was refused.
    expect(rows).toEqual([
      { external_id: 'K-1', invoice: 'F-1', currency: 'EUR', amount_minor: 1000 },
      { external_id: 'K-1', invoice: 'F-2', currency: 'EUR', amount_minor: 2000 },
      { external_id: 'K-3', invoice: 'F-3', currency: 'EUR', amount_minor: 3000 },
    ]);
  });

  it('keeps what the file has no column for, and clears what a mapped column leaves empty', async () => {
    const { id: workspaceId } = await createWorkspace(db.pool, 'Partial columns');
    const file = path.join(tmpdir(), `import-partial-${process.pid}.csv`);
    await writeFile(
      file,
      'Klantnummer;Naam;E-mailadres;Telefoon;Factuurnummer;Vervaldatum;Bedrag\nK-1;Jansen;jansen@example.nl;0612345678;F-1;2026-10-01;10,00\n',
    );
    await importFile(file, undefined, workspaceId, { country: 'NL' });
    // A later export without the phone column, and with an empty e-mail cell.
    await writeFile(
      file,
      'Klantnummer;Naam;E-mailadres;Factuurnummer;Vervaldatum;Bedrag\nK-1;Jansen-de Wit;;F-1;2026-10-01;10,00\n',
    );
    const { report } = await importFile(file, undefined, workspaceId, { country: 'NL' });
    expect(report).toMatchObject({ importedRows: 1, debtors: { created: 0, updated: 1 } });
    const { rows } = await db.pool.query(
      'select last_name, email, phone from debtors where workspace_id = $1 and external_id = $2',
      [workspaceId, 'K-1'],
    );
    expect(rows).toEqual([{ last_name: 'Jansen-de Wit', email: null, phone: '+31612345678' }]);
  });

  it('writes nothing in a dry run but checks every row', async () => {
    const { id: workspaceId } = await createWorkspace(db.pool, 'Dry run');
    const mapping = ImportMapping.parse({
      columns: {
        'debtor.externalId': 'Klantnummer',
        'invoice.externalId': 'Factuurnummer',
        'invoice.amount': 'Bedrag',
        'invoice.dueDate': 'Vervaldatum',
        'debtor.lastName': 'Naam',
      },
    });
    const report = await runImport({
      pool: db.pool,
      definitions,
      workspaceId,
      file: fixture('broken.csv'),
      mapping,
      dryRun: true,
    });
    // Without the e-mail and currency columns mapped, only rows 3, 4, 5 and 9 are refused.
    expect(report.importedRows).toBe(4);
    const { rows } = await db.pool.query('select 1 from debtors where workspace_id = $1', [workspaceId]);
    expect(rows).toEqual([]);
  });
});
