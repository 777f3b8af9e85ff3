/** The PostgreSQL connection pool shared by the server, the worker and the CLI. */
import pg from 'pg';

// Return bigint columns (counts, minor units) as JS numbers. Minor units stay far below 2^53
// (that is 90 trillion euros), and the schemas in @collectflow/shared check safe integers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new RangeError(`bigint ${value} exceeds 2^53`);
  return parsed;
});
// Calendar dates stay `YYYY-MM-DD` strings: a JS Date would shift them by the time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
/** Anything that runs a query: the pool, or one client inside a transaction. */
export type Queryable = Pool | PoolClient;

export interface CreatePoolOptions {
  connectionString: string;
  /** Maximum connections. Default: 10. */
  max?: number;
  /**
   * PostgreSQL `application_name` of the connections; starts with `collectflow`. A worker's
   * connections carry its own name, which tells other processes whether it is still alive.
   * Default: `collectflow`.
   */
  applicationName?: string;
  /** Called when an idle connection fails (e.g. the server restarts). Default: ignored. */
  onIdleError?: (error: Error) => void;
}

export function createPool({
  connectionString,
  max = 10,
  applicationName = 'collectflow',
  onIdleError,
}: CreatePoolOptions): Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: applicationName });
  // Without these listeners a connection's error (e.g. the server shutting down) would crash
  // the process: 'error' covers idle clients, the per-client one covers checked-out clients
  // between queries (graphile-worker asks for both).
  const report = (error: Error) => onIdleError?.(error);
  pool.on('error', report);
  pool.on('connect', (client) => client.on('error', report));
  return pool;
}

/** Runs `work` in a transaction on one client; rolls back if it throws. */
export async function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
