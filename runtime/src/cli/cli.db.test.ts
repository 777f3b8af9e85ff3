/** The `collectflow` command as scripts use it: real processes against a test database. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { FlowDraft } from '@collectflow/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiKey } from '../api-keys/api-key-queries.ts';
import { collectflowBin } from '../db/testing/test-cluster.ts';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { publishTemplatesFor } from '../templates/testing/test-templates.ts';
import { createWorkspace } from '../workspaces/workspace-queries.ts';

const db = useTestDatabase();
const example = createRequire(import.meta.url).resolve('@collectflow/shared/examples/flows/nl-consumer-standard.json');
let folder: string;
let slug: string;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function collectflow(...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [collectflowBin, ...args],
      { env: { ...process.env, DATABASE_URL: db.connectionString, LOG_LEVEL: 'warn' }, cwd: folder },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'collectflow-cli-'));
  const workspace = await createWorkspace(db.pool, 'Cli Energie');
  slug = workspace.slug;
  await publishTemplatesFor(db.pool, workspace.id, FlowDraft.parse(JSON.parse(await readFile(example, 'utf8'))));
  const broken = JSON.parse(await readFile(example, 'utf8'));
  broken.edges = broken.edges.filter((edge: { id: string }) => edge.id !== 'e18');
  broken.nodes.find((node: { id: string }) => node.id === 'text').data = {};
  await writeFile(path.join(folder, 'broken.json'), JSON.stringify(broken));
  await writeFile(path.join(folder, 'not-json.json'), '{ "schemaVersion": 1,');
});

describe('collectflow flows', () => {
  it('validates a flow file, naming each problem’s node and field', async () => {
    const valid = await collectflow('flows', 'validate', example, '--json');
    expect(valid.code).toBe(0);
    expect(JSON.parse(valid.stdout)).toEqual({ ok: true, problems: [] });

    const invalid = await collectflow('flows', 'validate', 'broken.json');
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('broken.json has 3 problems:');
    expect(invalid.stderr).toContain('node text, data.template: “SMS reminder” (text): “template” is missing.');
    expect(invalid.stderr).toContain(
      'node letter, handles.failed: The “Failed” output of “14-dagenbrief” (letter) is not connected.',
    );

    const json = await collectflow('flows', 'validate', 'not-json.json', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      error: 'invalid_json',
      message: expect.stringContaining('not-json.json is not valid JSON'),
    });
  }, 30_000);

  it('imports and publishes, lists, and exports JSON that imports again', async () => {
    const imported = await collectflow(
      'flows',
      'import',
      example,
      '--workspace',
      slug,
      '--publish',
      '--note',
      'From Git',
      '--json',
    );
    expect(imported.stderr).toBe('');
    const { flowId, version } = JSON.parse(imported.stdout);
    expect(version).toBe(1);

    const listed = JSON.parse((await collectflow('flows', 'list', '--workspace', slug, '--json')).stdout);
    expect(listed.flows).toEqual([
      expect.objectContaining({
        id: flowId,
        name: 'NL consumer (with 14-day letter)',
        status: 'active',
        currentVersion: 1,
      }),
    ]);

    const exported = await collectflow('flows', 'export', flowId, '--version', '1', '--out', 'exported.json');
    expect(exported.code).toBe(0);
    const again = await collectflow('flows', 'validate', 'exported.json', '--json');
    expect(JSON.parse(again.stdout)).toEqual({ ok: true, problems: [] });
    const draft = JSON.parse((await collectflow('flows', 'export', flowId)).stdout);
    expect(draft.nodes).toHaveLength(15);
  }, 60_000);

  it('refuses to import for publishing a flow with problems, and creates nothing', async () => {
    const before = (await db.pool.query('select count(*)::int as n from flows')).rows[0].n;
    const refused = await collectflow('flows', 'import', 'broken.json', '--workspace', slug, '--publish');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^Not imported: broken.json cannot be published, 3 problems:/);
    expect((await db.pool.query('select count(*)::int as n from flows')).rows[0].n).toBe(before);
  }, 30_000);

  it('says which workspaces exist when the one named does not', async () => {
    const unknown = await collectflow('flows', 'list', '--workspace', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/There is no workspace “nope”\. Workspaces: .*cli-energie/);
  }, 30_000);
});

describe('collectflow api-key', () => {
  it('creates a key with the scopes asked for, printed once, that the API accepts', async () => {
    const created = await collectflow(
      'api-key',
      'create',
      '--workspace',
      slug,
      '--name',
      'Nightly ERP sync',
      '--scopes',
      'invoices:write,payments:write',
      '--json',
    );
    const { token, prefix, scopes } = JSON.parse(created.stdout);
    expect(token.startsWith(`${prefix}_`)).toBe(true);
    expect(scopes).toEqual(['invoices:write', 'payments:write']);
    expect(await authenticateApiKey(db.pool, token)).toMatchObject({ scopes: ['invoices:write', 'payments:write'] });
    const bad = await collectflow('api-key', 'create', '--workspace', slug, '--scopes', 'everything');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      'use scopes from: debtors:write, invoices:write, payments:write, cases:read, messages:write',
    );
  }, 30_000);
});

describe('collectflow import', () => {
  const fixture = (name: string) => new URL(`../imports/fixtures/${name}`, import.meta.url).pathname;

  it('guesses the mapping, imports the good rows and writes the refused ones to a report', async () => {
    const file = path.join(folder, 'export.csv');
    await writeFile(file, await readFile(fixture('broken.csv')));
    const result = await collectflow('import', file, '--workspace', slug);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Imported 2 of 8 rows');
    expect(result.stdout).toContain('line 5, Bedrag: “tien euro” is not an amount');
    const report = await readFile(`${file}.rejected.csv`, 'utf8');
    expect(report.split('\r\n')[0]).toBe(
      '"Line","Problem","Klantnummer","Naam","E-mailadres","Factuurnummer","Vervaldatum","Bedrag","Valuta"',
    );

    const json = JSON.parse((await collectflow('import', file, '--workspace', slug, '--json')).stdout);
    expect(json).toMatchObject({ importedRows: 2, debtors: { created: 0, updated: 2 }, invoices: { created: 0 } });
  });

  it('says which fields it could not find among the columns', async () => {
    const file = path.join(folder, 'unknown.csv');
    await writeFile(file, 'Nummer;Wat;Hoeveel\n1;x;2\n');
    const result = await collectflow('import', file, '--workspace', slug);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      'Not found among the columns (Nummer, Wat, Hoeveel): Customer number, Invoice number, Invoice amount, Due date.',
    );
  });
});
