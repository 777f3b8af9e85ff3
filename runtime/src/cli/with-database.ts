/** For one-shot commands: open and migrate the database, run `work` with a pool, close all. */
import type { Config } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { createPool, type Pool } from '../db/pool.ts';

export async function withDatabase<T>(config: Config, work: (pool: Pool) => Promise<T>): Promise<T> {
  const database = await openDatabase(config);
  try {
    await migrateDatabase(database.connectionString);
    const pool = createPool({ connectionString: database.connectionString, max: 2 });
    try {
      return await work(pool);
    } finally {
      await pool.end();
    }
  } finally {
    await database.close();
  }
}
