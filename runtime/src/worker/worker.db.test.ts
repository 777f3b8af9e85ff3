import { quickAddJob } from 'graphile-worker';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { createTestWorkspace } from '../http/trpc/testing/callers.ts';
import { createLogger } from '../logging/logger.ts';
import { anyWorkerAlive, startWorker } from './worker.ts';

const db = useTestDatabase();

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('worker', () => {
  it('runs tasks, heartbeats while running and removes its heartbeat when stopped', async () => {
    const workspace = await createTestWorkspace(db.pool, 'Worker Test');
    await workspace.signInAs('viewer');
    await workspace.signInAs('agent');
    await db.pool.query(`update sessions set expires_at = now() - interval '1 minute' where user_id = $1`, [
      workspace.members.viewer.id,
    ]);

    const worker = await startWorker({ pool: db.pool, concurrency: 2, logger: createLogger('silent', false) });
    try {
      expect(worker.isRunning()).toBe(true);
      expect(await anyWorkerAlive(db.pool)).toBe(true);
      await quickAddJob({ pgPool: db.pool }, 'purge_expired_sessions', {});
      await waitFor(async () => {
        const { rowCount } = await db.pool.query('select 1 from sessions where user_id = $1', [
          workspace.members.viewer.id,
        ]);
        return rowCount === 0;
      });
      const live = await db.pool.query('select 1 from sessions where user_id = $1', [workspace.members.agent.id]);
      expect(live.rowCount).toBe(1);
    } finally {
      await worker.stop();
    }
    expect(worker.isRunning()).toBe(false);
    expect(await anyWorkerAlive(db.pool)).toBe(false);
  });
});
