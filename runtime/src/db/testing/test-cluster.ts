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

export const testClusterDir = fileURLToPath(new URL('../../../../.collectflow/test-postgres', import.meta.url));

export async function startTestCluster(env: NodeJS.ProcessEnv = process.env): Promise<TestCluster> {
  if (env.DATABASE_URL) return { adminConnectionString: env.DATABASE_URL, stop: async () => {} };
  const server = await startEmbeddedPostgres({ directory: testClusterDir, ephemeralDurability: true });
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

/** Creates and migrates a template database; returns its name. */
export async function createTemplateDatabase(adminConnectionString: string): Promise<string> {
  const name = uniqueName('cf_template');
  await withAdminClient(adminConnectionString, (client) => client.query(`create database ${name}`));
  await migrateDatabase(connectionStringFor(adminConnectionString, name));
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
