/** Hourly housekeeping: forgets Idempotency-Keys of the REST API after 24 hours. Idempotent. */
import type { Task } from 'graphile-worker';
import type { Pool } from '../db/pool.ts';
import { purgeIdempotencyKeys } from '../http/api-v1/idempotency.ts';

export const purgeIdempotencyKeysTask =
  (pool: Pool): Task =>
  async (_payload, helpers) => {
    const purged = await purgeIdempotencyKeys(pool);
    if (purged > 0) helpers.logger.info(`Forgot ${purged} idempotency keys older than a day`);
  };
