/**
 * Nudging senders: one pending `send_messages` job per channel, however many steps nudge at
 * once.
 */
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { addSenderJobs, sendMessagesTaskName } from './outbox-nudge.ts';

const db = useTestDatabase({ poolSize: 8 });

describe('addSenderJobs', () => {
  it('keeps one pending job per channel, also when many callers name the channels in different orders', async () => {
    // Callers that lock the same job rows in opposite orders deadlock unless the order is fixed.
    for (let round = 0; round < 30; round += 1) {
      await Promise.all([
        addSenderJobs(db.pool, ['email', 'sms', 'letter', 'voice']),
        addSenderJobs(db.pool, ['voice', 'letter', 'sms', 'email']),
        addSenderJobs(db.pool, ['sms', 'voice', 'email', 'letter']),
        addSenderJobs(db.pool, ['letter', 'email', 'voice', 'sms']),
      ]);
    }
    const { rows } = await db.pool.query<{ key: string }>(
      `select key from graphile_worker._private_jobs j
         join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = $1 order by key`,
      [sendMessagesTaskName],
    );
    expect(rows.map((row) => row.key)).toEqual([
      `${sendMessagesTaskName}:email`,
      `${sendMessagesTaskName}:letter`,
      `${sendMessagesTaskName}:sms`,
      `${sendMessagesTaskName}:voice`,
    ]);
  });
});
