/**
 * Imports from the designer, over HTTP as the browser does them: upload a file, read it with a
 * suggested mapping, import it while saving the mapping as a source, follow the import to its
 * report, download the rejected rows — and the next file of that ERP maps itself. Also the
 * refusals (signed out, wrong role, other site, a mapping naming a missing column) and the
 * watched folder.
 */
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { FlowDefinitions } from '../flows/flow-definitions.ts';
import { buildTestServer } from '../http/testing/test-server.ts';
import { createTestWorkspace, testPassword } from '../http/trpc/testing/callers.ts';
import { createLogger } from '../logging/logger.ts';
import { createWorkspace } from '../workspaces/workspace-queries.ts';
import { saveImportSource } from './import-sources.ts';
import { importWatchedFolders } from './watched-folders.ts';

const db = useTestDatabase();
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
let app: FastifyInstance;
let workspace: Awaited<ReturnType<typeof createTestWorkspace>>;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  app = await buildTestServer(db.pool, createLogger('silent', false));
  workspace = await createTestWorkspace(db.pool, 'Designer imports');
  for (const role of ['admin', 'agent'] as const) {
    const response = await app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: { 'content-type': 'application/json' },
      payload: { email: workspace.members[role].email, password: testPassword },
    });
    cookies[role] = response.cookies.find((cookie) => cookie.name === 'cf_session')!.value;
  }
});
afterAll(() => app?.close());

const upload = async (file: string, name = path.basename(file), role: 'admin' | 'agent' = 'admin') =>
  app.inject({
    method: 'POST',
    url: `/api/imports/uploads?name=${encodeURIComponent(name)}`,
    headers: { 'content-type': 'text/csv' },
    cookies: { cf_session: cookies[role]! },
    payload: await readFile(file),
  });

async function call<T>(procedure: string, input: unknown, method: 'GET' | 'POST' = 'GET'): Promise<T> {
  const response = await app.inject({
    method,
    url: `/trpc/${procedure}${method === 'GET' ? `?input=${encodeURIComponent(JSON.stringify(input))}` : ''}`,
    cookies: { cf_session: cookies.admin! },
    ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, payload: JSON.stringify(input) } : {}),
  });
  const body = response.json();
  if (body.error) throw new Error(body.error.message);
  return body.result.data as T;
}

async function finished(importId: string) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const details = await call<{ status: string } & Record<string, unknown>>('imports.get', { importId });
    if (details.status !== 'running') return details;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('The import did not finish');
}

describe('Imports from the designer', () => {
  it('uploads, suggests a mapping, imports with a report, and maps the next file of that ERP by itself', async () => {
    const uploaded = await upload(fixture('broken.csv'), 'debiteuren oktober.csv');
    expect(uploaded.statusCode).toBe(200);
    const { uploadId, fileName } = uploaded.json();
    expect(fileName).toBe('debiteuren oktober.csv');

    const inspection = await call<{
      mapping: { columns: Record<string, string> };
      mappingFrom: string;
      mappingProblem: string | null;
      headers: string[];
      preview: { line: number; problems: { column: string | null; reason: string }[] }[];
    }>('imports.inspect', { uploadId });
    expect(inspection.mappingFrom).toBe('suggestion');
    expect(inspection.mappingProblem).toBeNull();
    expect(inspection.mapping.columns).toMatchObject({
      'debtor.externalId': 'Klantnummer',
      'invoice.amount': 'Bedrag',
    });
    expect(inspection.preview.find((row) => row.line === 3)?.problems).toEqual([
      { line: 3, column: 'Klantnummer', reason: 'no customer number' },
    ]);

    const { importId } = await call<{ importId: string }>(
      'imports.start',
      { uploadId, mapping: inspection.mapping, source: { key: 'erp', name: 'ERP export' } },
      'POST',
    );
    const details = await finished(importId);
    expect(details).toMatchObject({
      status: 'done',
      origin: 'upload',
      sourceKey: 'erp',
      startedBy: 'admin of Designer imports',
      importedRows: 2,
      summary: { invoices: { created: 2, updated: 0 } },
    });
    expect(details.rejectedRows).toBe((details.rows as number) - 2);
    expect(details.problems).toContainEqual({ line: 5, column: 'Bedrag', reason: '“tien euro” is not an amount' });

    const report = await app.inject({
      url: `/api/imports/${importId}/rejected.csv`,
      cookies: { cf_session: cookies.admin! },
    });
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-disposition']).toBe('attachment; filename="debiteuren_oktober-rejected-rows.csv"');
    expect(report.body).toContain('"5","Bedrag: “tien euro” is not an amount"');
    // A formula is stored as text and never handed to a spreadsheet unescaped.
    expect(report.body).not.toMatch(/(^|,)"=HYPERLINK/m);

    // The upload is gone once imported; the next file of this ERP maps itself from the source.
    await expect(call('imports.inspect', { uploadId })).rejects.toThrow(/upload is gone/);
    const next = (await upload(fixture('broken.csv'))).json();
    const again = await call<{ mappingFrom: string }>('imports.inspect', { uploadId: next.uploadId, sourceKey: 'erp' });
    expect(again.mappingFrom).toBe('source');
    const sources = await call<{ key: string; mapping: { columns: Record<string, string> } }[]>(
      'imports.sources',
      undefined,
    );
    expect(sources).toMatchObject([{ key: 'erp', mapping: { columns: inspection.mapping.columns } }]);
  });

  it('refuses a mapping naming a column the file does not have, before importing anything', async () => {
    const { uploadId } = (await upload(fixture('broken.csv'))).json();
    const mapping = {
      columns: {
        'debtor.externalId': 'Klantnummer',
        'invoice.externalId': 'Factuurnummer',
        'invoice.amount': 'Amount',
        'invoice.dueDate': 'Vervaldatum',
      },
    };
    await expect(call('imports.start', { uploadId, mapping }, 'POST')).rejects.toThrow(
      'The file has no column “Amount” (mapped to Invoice amount).',
    );
    const inspection = await call<{ mappingProblem: string }>('imports.inspect', { uploadId, mapping });
    expect(inspection.mappingProblem).toBe('The file has no column “Amount” (mapped to Invoice amount).');
    const { rows } = await db.pool.query('select 1 from imports where workspace_id = $1 and file_name = $2', [
      workspace.workspaceId,
      'broken.csv',
    ]);
    expect(rows).toHaveLength(0);
  });

  it('takes uploads only from signed-in administrators of this site', async () => {
    expect((await upload(fixture('broken.csv'), 'x.csv', 'agent')).statusCode).toBe(403);
    const signedOut = await app.inject({ method: 'POST', url: '/api/imports/uploads', payload: 'a,b\n1,2\n' });
    expect(signedOut.statusCode).toBe(401);
    const crossSite = await app.inject({
      method: 'POST',
      url: '/api/imports/uploads',
      headers: { origin: 'https://evil.example', 'content-type': 'text/csv' },
      cookies: { cf_session: cookies.admin! },
      payload: 'a,b\n1,2\n',
    });
    expect(crossSite.statusCode).toBe(403);
    const empty = await app.inject({
      method: 'POST',
      url: '/api/imports/uploads',
      headers: { 'content-type': 'text/csv' },
      cookies: { cf_session: cookies.admin! },
      payload: '',
    });
    expect(empty.json()).toEqual({ error: 'The file is empty.' });
    const otherWorkspace = await createTestWorkspace(db.pool, 'Other imports');
    const { uploadId } = (await upload(fixture('broken.csv'))).json();
    const { caller } = await otherWorkspace.signInAs('admin');
    await expect(caller.imports.inspect({ uploadId })).rejects.toThrow(/upload is gone/);
  });

  it('fails imports interrupted by a stopped server, and imports their claimed files again', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'watched-'));
    const { id: workspaceId } = await createWorkspace(db.pool, 'Interrupted');
    const source = await saveImportSource(db.pool, workspaceId, {
      key: 'nightly',
      name: 'Nightly ERP export',
      mapping: {
        columns: {
          'debtor.externalId': 'Klantnummer',
          'debtor.lastName': 'Naam',
          'invoice.externalId': 'Factuurnummer',
          'invoice.dueDate': 'Vervaldatum',
          'invoice.amount': 'Bedrag',
        },
      },
      watchFolder: folder,
    });
    // A worker claimed the file 11 minutes ago and stopped half-way.
    const claimedAt = new Date(Date.now() - 11 * 60_000);
    await mkdir(path.join(folder, 'processing'));
    await writeFile(
      path.join(folder, 'processing', `${claimedAt.toISOString().replace(/[:.]/g, '-')}-open-items.csv`),
      'Klantnummer;Naam;Factuurnummer;Vervaldatum;Bedrag\nK-1;Jansen;F-1;2026-10-01;10,00\n',
    );
    await db.pool.query(
      `insert into imports (workspace_id, source_id, file_name, origin, rows, started_at, updated_at)
       values ($1, $2, 'open-items.csv', 'folder', 5000, $3, $3)`,
      [workspaceId, source.id, claimedAt],
    );
    const options = { pool: db.pool, definitions: new FlowDefinitions(), logger: createLogger('silent', false) };
    expect(await importWatchedFolders({ ...options, now: () => Date.now() + 11_000 })).toBe(1);

    const { rows } = await db.pool.query(
      'select status, error, imported_rows from imports where workspace_id = $1 order by started_at',
      [workspaceId],
    );
    expect(rows).toEqual([
      {
        status: 'failed',
        error:
          'The import was interrupted: the server stopped while it ran. Import the file again; the rows it already wrote are not doubled.',
        imported_rows: 0,
      },
      { status: 'done', error: null, imported_rows: 1 },
    ]);
    expect(await readdir(path.join(folder, 'processing'))).toEqual([]);
    expect((await readdir(path.join(folder, 'imported'))).map((name) => name.replace(/^[\d-TZ]+-/, ''))).toEqual([
      'open-items.csv',
    ]);
  });

  it('imports settled files from a watched folder, with the rejected rows beside them', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'watched-'));
    const { id: workspaceId } = await createWorkspace(db.pool, 'Watched');
    await saveImportSource(db.pool, workspaceId, {
      key: 'nightly',
      name: 'Nightly ERP export',
      mapping: {
        columns: {
          'debtor.externalId': 'Klantnummer',
          'debtor.lastName': 'Naam',
          'debtor.email': 'E-mailadres',
          'invoice.externalId': 'Factuurnummer',
          'invoice.dueDate': 'Vervaldatum',
          'invoice.amount': 'Bedrag',
          'invoice.currency': 'Valuta',
        },
      },
      watchFolder: folder,
    });
    await writeFile(path.join(folder, 'open-items.csv'), await readFile(fixture('broken.csv')));
    await writeFile(path.join(folder, 'empty.csv'), '');
    await mkdir(path.join(folder, 'notes'));
    const options = { pool: db.pool, definitions: new FlowDefinitions(), logger: createLogger('silent', false) };

    // Files still being written (changed within 10 s) wait for the next round.
    expect(await importWatchedFolders(options)).toBe(0);
    expect(await importWatchedFolders({ ...options, now: () => Date.now() + 11_000 })).toBe(2);

    expect((await readdir(folder)).sort()).toEqual(['failed', 'imported', 'notes', 'processing']);
    const imported = await readdir(path.join(folder, 'imported'));
    expect(imported.map((name) => name.replace(/^[\d-TZ]+-/, '')).sort()).toEqual([
      'open-items.csv',
      'open-items.csv.rejected.csv',
    ]);
    const failed = await readdir(path.join(folder, 'failed'));
    const errorFile = failed.find((name) => name.endsWith('.error.txt'))!;
    expect(await readFile(path.join(folder, 'failed', errorFile), 'utf8')).toBe(
      'The file is empty: it has no header line.\n',
    );
    const { rows } = await db.pool.query(
      `select file_name, origin, status, imported_rows from imports where workspace_id = $1 order by file_name`,
      [workspaceId],
    );
    expect(rows).toEqual([
      { file_name: 'empty.csv', origin: 'folder', status: 'failed', imported_rows: 0 },
      { file_name: 'open-items.csv', origin: 'folder', status: 'done', imported_rows: 2 },
    ]);
  });
});
