import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './embedded-postgres.ts';
import { createPool } from './pool.ts';

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

const serverPid = async (directory: string) =>
  Number((await readFile(path.join(directory, 'data', 'postmaster.pid'), 'utf8')).split('\n')[0]);

/** Field 6 of /proc/PID/stat: the session id. */
const sessionOf = async (pid: number | 'self') =>
  Number((await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ')[3]);

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

  it.runIf(process.platform === 'linux')(
    'runs the server in a session of its own, so a terminal’s Ctrl-C reaches only our process',
    async () => {
      const directory = path.join(parent, 'session');
      const server = await startEmbeddedPostgres({ directory, ephemeralDurability: true });
      try {
        expect(await sessionOf(await serverPid(directory))).not.toBe(await sessionOf('self'));
      } finally {
        await server.stop();
      }
    },
  );

  it('adopts a server left running by an earlier run, but refuses one another process is using', async () => {
    const directory = path.join(parent, 'left-running');
    const earlier = await startEmbeddedPostgres({ directory, ephemeralDurability: true });
    // The earlier run "crashes": it never calls stop(). Its server keeps running, unused.
    const adopted = await startEmbeddedPostgres({ directory });
    expect(adopted.port).toBe(earlier.port);

    const inUse = createPool({ connectionString: adopted.connectionString() });
    await inUse.query('select 1');
    await expect(startEmbeddedPostgres({ directory })).rejects.toThrow(
      /already in use by another Collectflow process \(1 connections\)\. Stop that one first/,
    );
    const shared = await startEmbeddedPostgres({ directory, shareRunning: true });
    await shared.stop(); // shared, not owned: the server keeps running for its user
    expect((await inUse.query('select 1 as ok')).rows).toEqual([{ ok: 1 }]);
    await inUse.end();

    await adopted.stop();
    await expect(query(adopted.connectionString(), 'select 1')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('explains what to do when the folder holds something that is not a cluster', async () => {
    const directory = path.join(parent, 'junk');
    await mkdir(path.join(directory, 'data'), { recursive: true });
    await writeFile(path.join(directory, 'data', 'stray.txt'), 'not a database');
    await expect(startEmbeddedPostgres({ directory })).rejects.toThrow(
      /the folder is not empty but holds no cluster; remove it to start afresh/,
    );
  });
});
