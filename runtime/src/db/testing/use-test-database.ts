/** Gives a test file a fresh, migrated database of its own, dropped when the file is done. */
import { afterAll, beforeAll, inject } from 'vitest';
import { createPool, type Pool } from '../pool.ts';
import { createDatabaseFromTemplate } from './test-cluster.ts';

export interface TestDatabase {
  connectionString: string;
  pool: Pool;
}

/** `poolSize`: connections of the test's pool. Default: 5. */
export function useTestDatabase({ poolSize = 5 }: { poolSize?: number } = {}): TestDatabase {
  const handle = {} as TestDatabase;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const { adminConnectionString, template } = inject('testDatabase');
    const database = await createDatabaseFromTemplate(adminConnectionString, template);
    drop = database.drop;
    handle.connectionString = database.connectionString;
    handle.pool = createPool({ connectionString: database.connectionString, max: poolSize });
  });
  afterAll(async () => {
    await handle.pool?.end();
    await drop?.();
  });
  return handle;
}
