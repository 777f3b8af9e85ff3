/**
 * `check_outbox` (every minute): schedules senders for channels with due messages — retries
 * whose time has come, messages deferred for a paused case, or anything a process that died
 * before nudging its sender left behind.
 */
import type { Channel } from '@collectflow/shared';
import type { Task } from 'graphile-worker';
import type { Pool } from '../db/pool.ts';
import { addSenderJobs } from '../outbox/outbox-nudge.ts';

export const checkOutboxTask =
  (pool: Pool): Task =>
  async () => {
    const { rows } = await pool.query<{ channel: Channel }>(
      `select distinct channel::text as channel from messages where status = 'queued' and send_after <= now()`,
    );
    if (rows.length > 0)
      await addSenderJobs(
        pool,
        rows.map((row) => row.channel),
      );
  };
