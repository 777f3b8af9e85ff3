/**
 * A workspace's webhook subscriptions: which events go to which URL. Each has its own signing
 * secret, shown once when it is created or rotated and kept sealed with the service's secret
 * key (the service must read it to sign; a hash would not do).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  CreateWebhookInput,
  UpdateWebhookInput,
  type WebhookEventType,
  type WebhookSubscription,
} from '@collectflow/shared';
import { openSecrets, sealSecrets } from '../connectors/secret-box.ts';
import type { Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';

const boundTo = (subscriptionId: string) => `webhook:${subscriptionId}`;
const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

const columns = `s.id, s.url, s.description, s.events, s.active, to_json(s.created_at) #>> '{}' as "createdAt",
  json_build_object(
    'delivered', (select count(*) from webhook_deliveries d where d.subscription_id = s.id and d.status = 'delivered' and d.created_at > now() - interval '7 days'),
    'pending', (select count(*) from webhook_deliveries d where d.subscription_id = s.id and d.status = 'pending'),
    'dead', (select count(*) from webhook_deliveries d where d.subscription_id = s.id and d.status = 'dead' and d.created_at > now() - interval '7 days')
  ) as recent`;

export async function listWebhooks(db: Queryable, workspaceId: string): Promise<WebhookSubscription[]> {
  const { rows } = await db.query<WebhookSubscription>(
    `select ${columns} from webhook_subscriptions s where s.workspace_id = $1 order by s.created_at`,
    [workspaceId],
  );
  return rows;
}

async function webhookById(db: Queryable, workspaceId: string, id: string): Promise<WebhookSubscription> {
  const { rows } = await db.query<WebhookSubscription>(
    `select ${columns} from webhook_subscriptions s where s.workspace_id = $1 and s.id = $2`,
    [workspaceId, id],
  );
  if (!rows[0]) throw new DomainError('NOT_FOUND', 'There is no such webhook in this workspace.', { field: 'id' });
  return rows[0];
}

/** Creates a subscription; the returned secret is the only time anyone sees it. */
export async function createWebhook(
  db: Queryable,
  secretKey: Buffer,
  workspaceId: string,
  request: CreateWebhookInput,
  createdBy: string | null,
): Promise<{ webhook: WebhookSubscription; secret: string }> {
  const input = CreateWebhookInput.parse(request);
  const secret = newSecret();
  const id = randomUUID();
  await db.query(
    `insert into webhook_subscriptions (id, workspace_id, url, description, events, secret_sealed, created_by)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      id,
      workspaceId,
      input.url,
      input.description,
      input.events,
      sealSecrets(secretKey, { secret }, boundTo(id)),
      createdBy,
    ],
  );
  return { webhook: await webhookById(db, workspaceId, id), secret };
}

export async function updateWebhook(
  db: Queryable,
  workspaceId: string,
  request: UpdateWebhookInput,
): Promise<WebhookSubscription> {
  const input = UpdateWebhookInput.parse(request);
  const { rowCount } = await db.query(
    `update webhook_subscriptions
        set url = coalesce($3, url), description = coalesce($4, description), events = coalesce($5, events),
            active = coalesce($6, active), updated_at = now()
      where workspace_id = $1 and id = $2`,
    [
      workspaceId,
      input.id,
      input.url ?? null,
      input.description ?? null,
      input.events ? [...new Set(input.events)] : null,
      input.active ?? null,
    ],
  );
  if (!rowCount) throw new DomainError('NOT_FOUND', 'There is no such webhook in this workspace.', { field: 'id' });
  return webhookById(db, workspaceId, input.id);
}

/** A new secret; the old one stops working at once. */
export async function rotateWebhookSecret(
  db: Queryable,
  secretKey: Buffer,
  workspaceId: string,
  id: string,
): Promise<{ secret: string }> {
  const secret = newSecret();
  const { rowCount } = await db.query(
    'update webhook_subscriptions set secret_sealed = $3, updated_at = now() where workspace_id = $1 and id = $2',
    [workspaceId, id, sealSecrets(secretKey, { secret }, boundTo(id))],
  );
  if (!rowCount) throw new DomainError('NOT_FOUND', 'There is no such webhook in this workspace.', { field: 'id' });
  return { secret };
}

export async function deleteWebhook(db: Queryable, workspaceId: string, id: string): Promise<void> {
  const { rowCount } = await db.query('delete from webhook_subscriptions where workspace_id = $1 and id = $2', [
    workspaceId,
    id,
  ]);
  if (!rowCount) throw new DomainError('NOT_FOUND', 'There is no such webhook in this workspace.', { field: 'id' });
}

/** Where a subscription's deliveries go and how they are signed (for the sender). */
export async function webhookTarget(
  db: Queryable,
  secretKey: Buffer,
  subscriptionId: string,
): Promise<{ url: string; secret: string; events: WebhookEventType[] } | null> {
  const { rows } = await db.query<{ url: string; events: WebhookEventType[]; sealed: Buffer }>(
    'select url, events, secret_sealed as sealed from webhook_subscriptions where id = $1',
    [subscriptionId],
  );
  const row = rows[0];
  if (!row) return null;
  const { secret } = openSecrets(secretKey, row.sealed, boundTo(subscriptionId)) as { secret: string };
  return { url: row.url, secret, events: row.events };
}
