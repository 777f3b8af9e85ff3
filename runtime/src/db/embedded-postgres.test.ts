import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './embedded-postgres.ts';

const parent = await mkdtemp(path.join(os.tmpdir(), 'cf-embedded-'));
await chmod(parent, 0o755); // as root, PostgreSQL runs as the `postgres` user, which must reach the folder
afterAll(() => rm(parent, { recursive: true, force: true }));

async function query(connectionString: string, sql: string) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  it('keeps its data across restarts and re-uses the cluster instead of re-initialising it', async () => {
    const directory = path.join(parent, 'cluster');
    const first = await startEmbeddedPostgres({ directory, ephemeralDurability: true });
    await query(first.connectionString(), 'create table kept (note text); insert into kept values ($$still here$$)');
    await first.stop();

    const second = await startEmbeddedPostgres({ directory, ephemeralDurability: true });
    try {
      expect(await query(second.connectionString(), 'select note from kept')).toEqual([{ note: 'still here' }]);
    } finally {
      await second.stop();
    }
  });

  it('explains what to do when the folder holds something that is not a cluster', async () => {
    const directory = path.join(parent, 'junk');
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(path.join(directory, 'data'), { recursive: true });
    await writeFile(path.join(directory, 'data', 'stray.txt'), 'not a database');
    await expect(startEmbeddedPostgres({ directory })).rejects.toThrow(
      /the folder is not empty but holds no cluster; remove it to start afresh/,
    );
  });
});
