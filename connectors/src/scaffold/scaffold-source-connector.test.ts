/**
 * `collectflow connector new`: the connector it makes passes its own tests and the type
 * checker as made, its registration is what Biome's import sorting keeps, and bad ids are
 * refused before anything is written.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { connectorsSourceDir, namesOf, registeredIn, scaffoldSourceConnector } from './scaffold-source-connector.ts';

const run = promisify(execFile);
const connectorsPackage = fileURLToPath(new URL('../..', import.meta.url));
const repositoryRoot = path.join(connectorsPackage, '..');
const bin = (name: string) => path.join(connectorsPackage, 'node_modules', '.bin', name);

describe('collectflow connector new', () => {
  it('makes a connector whose tests and types pass as made', async () => {
    const id = `scaffold-check-${process.pid}`;
    const result = await scaffoldSourceConnector({ id, label: 'Scaffold Check', register: false });
    try {
      expect(result).toMatchObject({ id, label: 'Scaffold Check', exportName: `scaffoldCheck${process.pid}` });
      expect((await readdir(result.directory)).sort()).toEqual([`${id}-double.ts`, `${id}.test.ts`, `${id}.ts`]);
      for (const file of result.files) {
        expect(await readFile(file, 'utf8')).not.toMatch(/example-erp|exampleErp|ExampleErp|Example ERP/);
      }

      const tests = await run(bin('vitest'), ['run', `src/${id}`], { cwd: connectorsPackage });
      expect(tests.stdout).toMatch(/Tests\s+.*3 passed/);
      // The type checker over the whole package, the new folder included.
      await run(bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'], { cwd: connectorsPackage });
    } finally {
      await rm(result.directory, { recursive: true, force: true });
    }
  }, 120_000);

  it('registers it in index.ts where Biome keeps it, so the designer offers it', async () => {
    const index = await readFile(path.join(connectorsSourceDir, 'index.ts'), 'utf8');
    const registered = registeredIn(index, namesOf('acme-erp', 'Acme ERP'));
    expect(registered).toContain(
      "export * from './acme-erp/acme-erp.ts';\nexport * from './acme-erp/acme-erp-double.ts';",
    );
    expect(registered).toContain("import { acmeErp } from './acme-erp/acme-erp.ts';");
    expect(registered).toMatch(/\[acmeErp\.id\]: acmeErp,\n\};/);
    // Biome would change nothing: no reordering, no reformatting.
    const biome = spawnSync(
      path.join(repositoryRoot, 'node_modules', '.bin', 'biome'),
      ['check', '--write', '--colors=off', '--stdin-file-path=connectors/src/index.ts'],
      { cwd: repositoryRoot, input: registered, encoding: 'utf8' },
    );
    expect(biome.status, biome.stderr).toBe(0);
    expect(biome.stdout).toBe(registered);

    expect(() => registeredIn(registered, namesOf('acme-erp'))).toThrow('“acme-erp” (acmeErp) is already in index.ts');
  });

  it('refuses ids and labels it cannot use, writing nothing', async () => {
    await expect(scaffoldSourceConnector({ id: 'Acme ERP' })).rejects.toThrow(
      '“Acme ERP” cannot be a connector id: use lower-case letters and digits, words joined by hyphens (e.g. acme-erp)',
    );
    await expect(scaffoldSourceConnector({ id: 'stripe-invoices' })).rejects.toThrow('already exists');
    await expect(scaffoldSourceConnector({ id: 'sdk' })).rejects.toThrow('“sdk” is reserved');
    await expect(scaffoldSourceConnector({ id: 'quoted', label: "it's" })).rejects.toThrow('cannot be a label');
    expect(existsSync(path.join(connectorsSourceDir, 'quoted'))).toBe(false);
    expect(namesOf('acme-erp')).toEqual({ id: 'acme-erp', label: 'Acme Erp', pascal: 'AcmeErp', camel: 'acmeErp' });
  });
});
