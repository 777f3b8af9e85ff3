/**
 * Schema migrations: our forward-only SQL files in `runtime/migrations/` (run by node-pg-migrate,
 * each in a transaction, under an advisory lock so that several processes may start at once),
 * then graphile-worker's own schema.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Logger, runMigrations as runWorkerMigrations } from 'graphile-worker';
import { runner } from 'node-pg-migrate';
import type { Pool } from './pool.ts';

export const migrationsDir = fileURLToPath(new URL('../../migrations', import.meta.url));
const migrationsTable = 'collectflow_migrations';
const silentWorkerLogger = new Logger(() => () => {});

/** Names of the migration files shipped with this build, in order (without `.sql`). */
export const shippedMigrations: readonly string[] = readdirSync(migrationsDir)
  .filter((file) => file.endsWith('.sql'))
  .sort()
  .map((file) => file.replace(/\.sql$/, ''));

export interface MigrateResult {
  applied: string[];
}

export async function migrateDatabase(
  connectionString: string,
  log: (message: string) => void = () => {},
): Promise<MigrateResult> {
  const applied = await runner({
    databaseUrl: connectionString,
    dir: migrationsDir,
    migrationsTable,
    direction: 'up',
    count: Number.POSITIVE_INFINITY,
    checkOrder: true,
    singleTransaction: true,
    advisoryLockMode: 'wait',
    log: () => {},
  });
  for (const migration of applied) log(`Applied migration ${migration.name}`);
  await runWorkerMigrations({ connectionString, logger: silentWorkerLogger });
  return { applied: applied.map((migration) => migration.name) };
}

/** Shipped migrations the database has not run yet (empty when current). */
export async function pendingMigrations(pool: Pool): Promise<string[]> {
  const table = await pool.query<{ exists: boolean }>('select to_regclass($1) is not null as exists', [
    `public.${migrationsTable}`,
  ]);
  if (!table.rows[0]?.exists) return [...shippedMigrations];
  const { rows } = await pool.query<{ name: string }>(`select name from ${migrationsTable}`);
  const done = new Set(rows.map((row) => row.name));
  return shippedMigrations.filter((name) => !done.has(name));
}
