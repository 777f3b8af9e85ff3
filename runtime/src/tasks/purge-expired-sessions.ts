/** Hourly housekeeping: deletes expired sessions and old sign-in attempts. Idempotent. */
import type { Task } from 'graphile-worker';
import { purgeExpiredSessions } from '../auth/session-queries.ts';
import type { Pool } from '../db/pool.ts';

export const purgeExpiredSessionsTask =
  (pool: Pool): Task =>
  async (_payload, helpers) => {
    const purged = await purgeExpiredSessions(pool);
    helpers.logger.info(`Purged ${purged.sessions} expired sessions and ${purged.attempts} old sign-in attempts`);
  };
