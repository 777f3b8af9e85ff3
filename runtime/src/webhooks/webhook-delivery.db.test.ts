/**
 * Webhook delivery to a loopback receiver that checks the signature: the delivery is written
 * with its event (only for subscribed types, active subscriptions, the same workspace), sent
 * signed, retried after 500s with the same body and id, dead-lettered after the last attempt,
 * and delivered after "Retry now".
 */
import { WebhookBody } from '@collectflow/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordCaseEvent } from '../cases/case-events.ts';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { workspaceWithCases } from '../flows/testing/flow-test-kit.ts';
import { testSecretKey } from '../http/trpc/testing/callers.ts';
import { deliverWebhook, maxWebhookAttempts, webhookBackoffMs } from './deliver-webhook.ts';
import { startWebhookReceiver } from './testing/webhook-receiver.ts';
import { listWebhookDeliveries, pingWebhook, retryWebhookDelivery } from './webhook-deliveries.ts';
import { signatureHeader, verifyWebhookSignature } from './webhook-signature.ts';
import { createWebhook, rotateWebhookSecret, updateWebhook } from './webhook-subscriptions.ts';

const db = useTestDatabase();
const options = {
  get pool() {
    return db.pool;
  },
  secretKey: testSecretKey,
};
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let status = 200;

beforeEach(async () => {
  status = 200;
  receiver = await startWebhookReceiver(() => status);
});
afterEach(() => receiver.close());

async function subscribed(events: ('promise.made' | 'case.paid' | 'message.failed')[] = ['promise.made']) {
  const { workspaceId, caseIds, debtors } = await workspaceWithCases(db.pool, 2);
  const { webhook, secret } = await createWebhook(
    db.pool,
    testSecretKey,
    workspaceId,
    { url: receiver.url, events },
    null,
  );
  return { workspaceId, caseId: caseIds[0]!, otherCaseId: caseIds[1]!, debtors, webhook, secret };
}

async function deliveriesOf(workspaceId: string) {
  const { rows } = await db.pool.query<{ id: string; event_type: string; status: string; attempts: number }>(
    'select id, event_type, status, attempts from webhook_deliveries where workspace_id = $1 order by created_at',
    [workspaceId],
  );
  return rows;
}

describe('webhook delivery', () => {
  it('writes a delivery with each subscribed event, and queues its job', async () => {
    const { workspaceId, caseId, webhook } = await subscribed(['promise.made']);
    const other = await workspaceWithCases(db.pool, 1);
    await recordCaseEvent(db.pool, {
      workspaceId,
      caseId,
      type: 'promise.made',
      source: 'debtor',
      payload: { date: '2026-12-01' },
    });
    await recordCaseEvent(db.pool, { workspaceId, caseId, type: 'paylink.opened', source: 'debtor' });
    await recordCaseEvent(db.pool, { workspaceId, caseId, type: 'case.paid', source: 'system' });
    await recordCaseEvent(db.pool, {
      workspaceId: other.workspaceId,
      caseId: other.caseIds[0]!,
      type: 'promise.made',
      source: 'debtor',
    });
    const deliveries = await deliveriesOf(workspaceId);
    expect(deliveries.map((delivery) => delivery.event_type)).toEqual(['promise.made']);
    const { rows: jobs } = await db.pool.query(`select task_identifier from graphile_worker.jobs where key = $1`, [
      `webhook:${deliveries[0]!.id}`,
    ]);
    expect(jobs).toEqual([{ task_identifier: 'deliver_webhook' }]);

    await updateWebhook(db.pool, workspaceId, { id: webhook.id, active: false });
    await recordCaseEvent(db.pool, { workspaceId, caseId, type: 'promise.made', source: 'debtor' });
    expect(await deliveriesOf(workspaceId)).toHaveLength(1);
  });

  it('sends the event signed, with the case, to a receiver that checks the signature', async () => {
    const { workspaceId, caseId, debtors, secret } = await subscribed(['promise.made']);
    await recordCaseEvent(db.pool, {
      workspaceId,
      caseId,
      type: 'promise.made',
      source: 'debtor',
      payload: { date: '2026-12-01' },
    });
    const [delivery] = await deliveriesOf(workspaceId);
    expect(await deliverWebhook(options, delivery!.id)).toEqual({ status: 'delivered' });

    const [request] = receiver.received;
    expect(verifyWebhookSignature(secret, request!.headers[signatureHeader] as string, request!.body)).toEqual({
      ok: true,
    });
    expect(request!.headers['collectflow-event']).toBe('promise.made');
    expect(request!.headers['collectflow-delivery']).toBe(delivery!.id);
    const body = WebhookBody.parse(JSON.parse(request!.body));
    expect(body).toMatchObject({
      id: delivery!.id,
      type: 'promise.made',
      workspaceId,
      data: { date: '2026-12-01' },
      case: { id: caseId, status: 'open', debtor: { externalId: debtors[0]!.externalId } },
    });
    expect(body.caseFile).toBeUndefined();
    // Delivered once: a late duplicate job sends nothing.
    expect(await deliverWebhook(options, delivery!.id)).toEqual({ status: 'skipped' });
    expect(receiver.received).toHaveLength(1);
  });

  it('retries after a 500 with the same id and body, later each time', async () => {
    const { workspaceId, caseId, secret } = await subscribed(['case.paid']);
    await recordCaseEvent(db.pool, { workspaceId, caseId, type: 'case.paid', source: 'system' });
    const [delivery] = await deliveriesOf(workspaceId);
    status = 500;
    const first = await deliverWebhook(options, delivery!.id);
    expect(first).toMatchObject({ status: 'pending', error: 'HTTP 500' });
    const delay = (first as { retryAt: Date }).retryAt.getTime() - Date.now();
    expect(delay).toBeGreaterThan(25_000);
    expect(delay).toBeLessThan(35_000);
    status = 200;
    expect(await deliverWebhook(options, delivery!.id)).toEqual({ status: 'delivered' });
    const [failed, succeeded] = receiver.received;
    expect(succeeded!.body).toBe(failed!.body);
    expect(verifyWebhookSignature(secret, succeeded!.headers[signatureHeader] as string, succeeded!.body).ok).toBe(
      true,
    );
    expect(await deliveriesOf(workspaceId)).toMatchObject([{ status: 'delivered', attempts: 2 }]);
    expect([1, 2, 3, 4, 5, 6, 7].map((failures) => webhookBackoffMs(failures, () => 0.5) / 1000)).toEqual([
      30, 120, 480, 1920, 7680, 21600, 21600,
    ]);
  });

  it('dead-letters a delivery after the last attempt, and delivers it after "Retry now"', async () => {
    const { workspaceId, caseId } = await subscribed(['message.failed']);
    await recordCaseEvent(db.pool, {
      workspaceId,
      caseId,
      type: 'message.failed',
      source: 'connector',
      payload: { channel: 'email', reason: 'mailbox unknown' },
    });
    const [delivery] = await deliveriesOf(workspaceId);
    status = 503;
    for (let attempt = 1; attempt < maxWebhookAttempts; attempt++) {
      expect((await deliverWebhook(options, delivery!.id)).status).toBe('pending');
    }
    expect(await deliverWebhook(options, delivery!.id)).toEqual({ status: 'dead', error: 'HTTP 503' });
    const dead = await listWebhookDeliveries(db.pool, workspaceId, { status: 'dead' });
    expect(dead).toMatchObject([
      {
        id: delivery!.id,
        eventType: 'message.failed',
        attempts: 8,
        lastStatus: 503,
        lastError: 'HTTP 503',
        url: receiver.url,
      },
    ]);

    status = 200;
    await retryWebhookDelivery(db.pool, workspaceId, delivery!.id);
    const { rows: jobs } = await db.pool.query(`select 1 from graphile_worker.jobs where key = $1`, [
      `webhook:${delivery!.id}`,
    ]);
    expect(jobs).toHaveLength(1);
    expect(await deliverWebhook(options, delivery!.id)).toEqual({ status: 'delivered' });
    expect(await listWebhookDeliveries(db.pool, workspaceId, { status: 'dead' })).toEqual([]);
    await expect(retryWebhookDelivery(db.pool, workspaceId, delivery!.id)).rejects.toThrow(/no undelivered/);
  });

  it('says why a receiver could not be reached, and signs with the new secret after a rotation', async () => {
    const { workspaceId, webhook } = await subscribed(['case.paid']);
    const pingId = await pingWebhook(db.pool, workspaceId, webhook.id);
    await receiver.close();
    expect(await deliverWebhook(options, pingId)).toMatchObject({ status: 'pending', error: 'connection refused' });

    receiver = await startWebhookReceiver(() => 200);
    await updateWebhook(db.pool, workspaceId, { id: webhook.id, url: receiver.url });
    const { secret } = await rotateWebhookSecret(db.pool, testSecretKey, workspaceId, webhook.id);
    expect(await deliverWebhook(options, pingId)).toEqual({ status: 'delivered' });
    const [request] = receiver.received;
    expect(JSON.parse(request!.body)).toMatchObject({ type: 'ping', case: null });
    expect(verifyWebhookSignature(secret, request!.headers[signatureHeader] as string, request!.body).ok).toBe(true);
  });
});
