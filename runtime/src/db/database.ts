/**
 * Where the database is: the server named by DATABASE_URL, or else an embedded PostgreSQL kept
 * under the data folder (with a `collectflow` database created on first use).
 */
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config/config.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';

export interface Database {
  connectionString: string;
  /** True when this process started the server itself. */
  embedded: boolean;
  /** Stops the embedded server, if any. */
  close(): Promise<void>;
}

const embeddedDatabaseName = 'collectflow';

export async function openDatabase(config: Pick<Config, 'DATABASE_URL' | 'dataDir'>): Promise<Database> {
  if (config.DATABASE_URL) {
    return { connectionString: config.DATABASE_URL, embedded: false, close: async () => {} };
  }
  const server = await startEmbeddedPostgres({ directory: path.join(config.dataDir, 'postgres') });
  try {
    await createDatabaseIfMissing(server.connectionString('postgres'), embeddedDatabaseName);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    connectionString: server.connectionString(embeddedDatabaseName),
    embedded: true,
    close: () => server.stop(),
  };
}

export async function createDatabaseIfMissing(adminConnectionString: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminConnectionString });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount === 0) await client.query(`create database ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
