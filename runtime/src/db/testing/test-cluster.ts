/**
 * PostgreSQL for tests: the server named by DATABASE_URL, or an embedded test cluster kept in
 * `.collectflow/test-postgres` at the repository root (fsync off: its data is throw-away).
 * Tests get databases of their own, created from a migrated template and dropped afterwards,
 * so that test files run in parallel and leave nothing behind.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmbeddedPostgres } from '../embedded-postgres.ts';
import { migrateDatabase } from '../migrate.ts';

export interface TestCluster {
  /** Connection string with the right to create databases. */
  adminConnectionString: string;
  stop(): Promise<void>;
}

/** The repository's `.collectflow/` folder, where test clusters live. */
export const repositoryDataDir = fileURLToPath(new URL('../../../../.collectflow', import.meta.url));
export const testClusterDir = `${repositoryDataDir}/test-postgres`;

/** The `collectflow` command, for tests that start the product as a user would. */
export const collectflowBin = fileURLToPath(new URL('../../../bin/collectflow.mjs', import.meta.url));

export async function startTestCluster(
  directory = testClusterDir,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TestCluster> {
  if (env.DATABASE_URL) return { adminConnectionString: env.DATABASE_URL, stop: async () => {} };
  // Shared: parallel test runs may use one cluster (each makes its own databases).
  const server = await startEmbeddedPostgres({ directory, ephemeralDurability: true, shareRunning: true });
  return { adminConnectionString: server.connectionString('postgres'), stop: () => server.stop() };
}

/** `adminConnectionString` with its database name replaced by `database`. */
export function connectionStringFor(adminConnectionString: string, database: string): string {
  const url = new URL(adminConnectionString);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdminClient<T>(adminConnectionString: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminConnectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const uniqueName = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

/** Creates an empty database with a unique name. */
export async function createEmptyDatabase(
  adminConnectionString: string,
): Promise<{ name: string; connectionString: string }> {
  const name = uniqueName('cf_test');
  await withAdminClient(adminConnectionString, (client) => client.query(`create database ${name}`));
  return { name, connectionString: connectionStringFor(adminConnectionString, name) };
}

/** Creates and migrates a template database; returns its name. */
export async function createTemplateDatabase(adminConnectionString: string): Promise<string> {
  const { name, connectionString } = await createEmptyDatabase(adminConnectionString);
  await migrateDatabase(connectionString);
  return name;
}

/** Creates a fresh database from `template`; returns its connection string and a way to drop it. */
export async function createDatabaseFromTemplate(
  adminConnectionString: string,
  template: string,
): Promise<{ name: string; connectionString: string; drop(): Promise<void> }> {
  const name = uniqueName('cf_test');
  await withAdminClient(adminConnectionString, (client) =>
    client.query(`create database ${name} template ${pg.escapeIdentifier(template)} strategy file_copy`),
  );
  return {
    name,
    connectionString: connectionStringFor(adminConnectionString, name),
    drop: () => dropDatabase(adminConnectionString, name),
  };
}

export async function dropDatabase(adminConnectionString: string, name: string): Promise<void> {
  await withAdminClient(adminConnectionString, (client) =>
    client.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`),
  );
}

export { findFreePort } from '../free-port.ts';
