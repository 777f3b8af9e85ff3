/** `deliver_webhook {deliveryId}`: one attempt at a webhook delivery; a failure schedules the next attempt itself. */
import type { Task } from 'graphile-worker';
import type { Pool } from '../db/pool.ts';
import { deliverWebhook } from '../webhooks/deliver-webhook.ts';
import { scheduleDelivery } from '../webhooks/webhook-deliveries.ts';

export const deliverWebhookTask =
  (pool: Pool, secretKey: Buffer): Task =>
  async (payload) => {
    const { deliveryId } = payload as { deliveryId: string };
    const outcome = await deliverWebhook({ pool, secretKey }, deliveryId);
    if (outcome.status === 'pending') await scheduleDelivery(pool, deliveryId, outcome.retryAt);
  };

/**
 * `check_webhooks` (every minute): a pending delivery whose attempt is overdue by two minutes
 * lost its job (a worker died between an attempt and scheduling the next); it gets one again.
 */
export const checkWebhooksTask =
  (pool: Pool): Task =>
  async () => {
    const { rows } = await pool.query<{ id: string }>(
      `select d.id from webhook_deliveries d
        where d.status = 'pending' and d.next_attempt_at < now() - interval '2 minutes'
          and not exists (select 1 from graphile_worker.jobs j where j.key = 'webhook:' || d.id)
        limit 1000`,
    );
    for (const row of rows) await scheduleDelivery(pool, row.id);
  };
