/**
 * Sending one webhook delivery: its body (built at the first attempt, then the same on every
 * retry), signed, POSTed with a 10-second limit. A 2xx answer delivers it. Anything else is
 * retried with exponential backoff — 30 s, 2 min, 8 min, 32 min, about 2 h, then every 6 h —
 * and after the 8th failed attempt the delivery is dead: it waits in the designer's
 * dead-letter list for someone to fix the receiver and press "Retry now". No database
 * connection is held while the receiver answers.
 */
import type { Pool } from '../db/pool.ts';
import { buildWebhookBody, type DeliveryRow } from './webhook-body.ts';
import { signatureHeader, signWebhook } from './webhook-signature.ts';
import { webhookTarget } from './webhook-subscriptions.ts';

export const maxWebhookAttempts = 8;
const timeoutMs = 10_000;

/** The wait before attempt `failures + 1`, ±10 % so a receiver coming back is not hit by all at once. */
export function webhookBackoffMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(30_000 * 4 ** (failures - 1), 6 * 3600_000);
  return Math.round(base * (0.9 + 0.2 * random()));
}

export type DeliveryOutcome =
  | { status: 'delivered' }
  | { status: 'pending'; retryAt: Date; error: string }
  | { status: 'dead'; error: string }
  /** Delivered, dead or deleted already (a late duplicate job). */
  | { status: 'skipped' };

export interface DeliverOptions {
  pool: Pool;
  secretKey: Buffer;
  /** Default: the system clock. */
  now?: () => Date;
}

export async function deliverWebhook(options: DeliverOptions, deliveryId: string): Promise<DeliveryOutcome> {
  const { pool } = options;
  const now = options.now ?? (() => new Date());
  const { rows } = await pool.query<DeliveryRow & { subscriptionId: string; body: string | null; attempts: number }>(
    `select id, workspace_id as "workspaceId", subscription_id as "subscriptionId", event_id::text as "eventId",
            event_type as "eventType", case_id as "caseId", to_json(created_at) #>> '{}' as "createdAt", body, attempts
       from webhook_deliveries where id = $1 and status = 'pending'`,
    [deliveryId],
  );
  const delivery = rows[0];
  if (!delivery) return { status: 'skipped' };
  const target = await webhookTarget(pool, options.secretKey, delivery.subscriptionId);
  if (!target) return { status: 'skipped' };

  let body = delivery.body;
  if (body === null) {
    body = JSON.stringify(await buildWebhookBody(pool, delivery));
    await pool.query('update webhook_deliveries set body = $2 where id = $1 and body is null', [deliveryId, body]);
  }

  let status: number | null = null;
  let error: string | null = null;
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Collectflow-Webhooks/1',
        [signatureHeader]: signWebhook(target.secret, body, now()),
        'collectflow-event': delivery.eventType,
        'collectflow-delivery': delivery.id,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = response.status;
    await response.body?.cancel();
    if (status < 200 || status >= 300) error = `HTTP ${status}`;
  } catch (failure) {
    error = describeFailure(failure);
  }

  const attempts = delivery.attempts + 1;
  if (error === null) {
    await pool.query(
      `update webhook_deliveries set status = 'delivered', attempts = $2, last_status = $3, last_error = null,
              delivered_at = now() where id = $1`,
      [deliveryId, attempts, status],
    );
    return { status: 'delivered' };
  }
  const dead = attempts >= maxWebhookAttempts;
  const retryAt = new Date(now().getTime() + webhookBackoffMs(attempts));
  await pool.query(
    `update webhook_deliveries set status = $2, attempts = $3, last_status = $4, last_error = $5, next_attempt_at = $6
      where id = $1`,
    [deliveryId, dead ? 'dead' : 'pending', attempts, status, error.slice(0, 1000), retryAt],
  );
  return dead ? { status: 'dead', error } : { status: 'pending', retryAt, error };
}

function describeFailure(failure: unknown): string {
  if (failure instanceof Error && failure.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  const cause = (failure as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (cause?.code === 'ENOTFOUND') return 'the host name does not resolve';
  return cause?.message ?? (failure instanceof Error ? failure.message : String(failure));
}
