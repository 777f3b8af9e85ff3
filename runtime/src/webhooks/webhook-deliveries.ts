/**
 * The designer's view of webhook deliveries — the latest, or the dead letters — and "Retry
 * now" (a dead or waiting delivery gets one more attempt at once), and the test ping.
 */
import type { WebhookDelivery } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';

export const deliverWebhookTaskName = 'deliver_webhook';

const columns = `d.id, d.subscription_id as "subscriptionId", s.url, d.event_type as "eventType", d.case_id as "caseId",
  d.status, d.attempts, case when d.status = 'pending' then to_json(d.next_attempt_at) #>> '{}' end as "nextAttemptAt",
  d.last_status as "lastStatus", d.last_error as "lastError", to_json(d.created_at) #>> '{}' as "createdAt",
  to_json(d.delivered_at) #>> '{}' as "deliveredAt"`;

export async function listWebhookDeliveries(
  db: Queryable,
  workspaceId: string,
  filter: { status?: 'pending' | 'delivered' | 'dead' | undefined; limit?: number },
): Promise<WebhookDelivery[]> {
  const { rows } = await db.query<WebhookDelivery>(
    `select ${columns} from webhook_deliveries d join webhook_subscriptions s on s.id = d.subscription_id
      where d.workspace_id = $1 and ($2::text is null or d.status = $2)
      order by d.created_at desc limit $3`,
    [workspaceId, filter.status ?? null, filter.limit ?? 100],
  );
  return rows;
}

/** Queues the delivery's job now (one job per delivery: its key). */
export async function scheduleDelivery(db: Queryable, deliveryId: string, runAt: Date | null = null): Promise<void> {
  await db.query(
    `select graphile_worker.add_job($1, json_build_object('deliveryId', $2::uuid), run_at := $3,
                                    job_key := 'webhook:' || $2, job_key_mode := 'replace', max_attempts := 1)`,
    [deliverWebhookTaskName, deliveryId, runAt],
  );
}

export async function retryWebhookDelivery(db: Queryable, workspaceId: string, deliveryId: string): Promise<void> {
  const { rowCount } = await db.query(
    `update webhook_deliveries set status = 'pending', next_attempt_at = now()
      where workspace_id = $1 and id = $2 and status in ('dead', 'pending')`,
    [workspaceId, deliveryId],
  );
  if (!rowCount) {
    throw new DomainError('NOT_FOUND', 'There is no undelivered webhook delivery with this id.', {
      field: 'deliveryId',
    });
  }
  await scheduleDelivery(db, deliveryId);
}

/** A `ping` delivery to check the receiver and its signature check. */
export async function pingWebhook(db: Queryable, workspaceId: string, subscriptionId: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into webhook_deliveries (workspace_id, subscription_id, event_type)
     select workspace_id, id, 'ping' from webhook_subscriptions where workspace_id = $1 and id = $2 returning id`,
    [workspaceId, subscriptionId],
  );
  if (!rows[0]) throw new DomainError('NOT_FOUND', 'There is no such webhook in this workspace.', { field: 'id' });
  await scheduleDelivery(db, rows[0].id);
  return rows[0].id;
}
