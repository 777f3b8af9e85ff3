/**
 * Readiness: the database answers, its schema is current, and a worker is running (this
 * process's own, or for a server-only process, a recent heartbeat from any worker).
 */
import { pendingMigrations } from '../db/migrate.ts';
import type { Pool } from '../db/pool.ts';
import { anyWorkerAlive, type Worker } from '../worker/worker.ts';

export interface Readiness {
  ready: boolean;
  checks: {
    database: { ok: boolean; error?: string };
    migrations: { ok: boolean; pending: string[] };
    worker: { ok: boolean; source: 'this process' | 'heartbeat' };
  };
}

export async function checkReadiness(pool: Pool, worker: Worker | null): Promise<Readiness> {
  try {
    await pool.query('select 1');
  } catch (error) {
    return {
      ready: false,
      checks: {
        database: { ok: false, error: (error as Error).message },
        migrations: { ok: false, pending: [] },
        worker: { ok: worker?.isRunning() ?? false, source: worker ? 'this process' : 'heartbeat' },
      },
    };
  }
  const [pending, workerOk] = await Promise.all([
    pendingMigrations(pool),
    worker ? Promise.resolve(worker.isRunning()) : anyWorkerAlive(pool),
  ]);
  const checks: Readiness['checks'] = {
    database: { ok: true },
    migrations: { ok: pending.length === 0, pending },
    worker: { ok: workerOk, source: worker ? 'this process' : 'heartbeat' },
  };
  return { ready: checks.migrations.ok && checks.worker.ok, checks };
}
