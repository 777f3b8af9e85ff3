/**
 * Tells the senders of channels that messages are waiting. Run steps call it after they commit;
 * it coalesces the calls of a few milliseconds into one `send_messages` job per channel (keyed
 * by channel, outside any run's transaction, so runs never queue behind one job row). A
 * minutely cron catches anything a crashed process did not nudge.
 */
import type { Channel } from '@collectflow/shared';
import type { Pool, Queryable } from '../db/pool.ts';
import type { Logger } from '../logging/logger.ts';

export const sendMessagesTaskName = 'send_messages';

export class OutboxNudge {
  private readonly pending = new Set<Channel>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pool: Pool,
    private readonly logger: Logger,
    private readonly delayMs = 25,
  ) {}

  nudge(channels: Iterable<Channel>): void {
    for (const channel of channels) this.pending.add(channel);
    this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Adds the pending sender jobs now. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const channels = [...this.pending];
    this.pending.clear();
    if (channels.length === 0) return;
    await addSenderJobs(this.pool, channels).catch((error: unknown) =>
      this.logger.warn({ err: error, channels }, 'Could not schedule message senders; the minutely check will'),
    );
  }
}

/**
 * Priority of sender jobs (graphile-worker runs lower numbers first): ahead of run steps, so a
 * backlog of thousands of new runs does not hold up the messages of runs already under way.
 */
export const senderJobPriority = -10;

/**
 * Schedules a sender for each channel (one pending job per channel). The channels go in sorted
 * order: two calls that lock the same job rows in opposite orders would deadlock.
 */
export async function addSenderJobs(pool: Queryable, channels: readonly Channel[]): Promise<void> {
  await pool.query(
    `select graphile_worker.add_job('${sendMessagesTaskName}', json_build_object('channel', channel),
                                    job_key => '${sendMessagesTaskName}:' || channel, priority => ${senderJobPriority})
       from unnest($1::text[]) as channel`,
    [[...new Set(channels)].sort()],
  );
}
