/**
 * The benchmark's database: a new, migrated database on the server in DATABASE_URL, or on the
 * embedded test cluster; dropped afterwards. Baseline and Collectflow run on the same one, so
 * their ratio means something on a noisy machine.
 */
import { migrateDatabase } from '../src/db/migrate.ts';
import { createPool, type Pool } from '../src/db/pool.ts';
import { createEmptyDatabase, dropDatabase, startTestCluster } from '../src/db/testing/test-cluster.ts';

export interface BenchDatabase {
  connectionString: string;
  pool: Pool;
  describe: string;
  close(): Promise<void>;
}

export async function openBenchDatabase(): Promise<BenchDatabase> {
  const cluster = await startTestCluster();
  const database = await createEmptyDatabase(cluster.adminConnectionString);
  await migrateDatabase(database.connectionString);
  const pool = createPool({ connectionString: database.connectionString, max: 30 });
  const { rows } = await pool.query<{ version: string }>('select current_setting($$server_version$$) as version');
  return {
    connectionString: database.connectionString,
    pool,
    describe: `PostgreSQL ${rows[0]!.version} (${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded test cluster, fsync off'})`,
    async close() {
      await pool.end();
      await dropDatabase(cluster.adminConnectionString, database.name);
      await cluster.stop();
    },
  };
}

/** Prints a result line in the form `bench <name>: <value> <unit>`. */
export function report(name: string, value: number, unit: string, note = ''): void {
  const shown = value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(value >= 10 ? 1 : 2);
  process.stdout.write(`bench ${name}: ${shown} ${unit}${note ? `  (${note})` : ''}\n`);
}

export const silentWorkerLogger = { debug() {}, info() {}, warn() {}, error() {} };
