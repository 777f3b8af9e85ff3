/**
 * Webhook subscriptions over the REST API, for keys with the scope `webhooks:admin`: list,
 * create (the answer holds the signing secret, once), delete; the undelivered deliveries and
 * "retry now". The same operations as the designer's Connectors → Webhooks.
 */
import { CreateWebhookInput, WebhookDeliveryStatus } from '@collectflow/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listWebhookDeliveries, retryWebhookDelivery } from '../../webhooks/webhook-deliveries.ts';
import { createWebhook, deleteWebhook, listWebhooks } from '../../webhooks/webhook-subscriptions.ts';
import { type ApiContext, requireScope } from './api-context.ts';
import { pathId } from './path-id.ts';

export function webhooksEndpoints(app: FastifyInstance, { pool, secretKey }: ApiContext): void {
  app.get('/webhooks', async (request) => {
    const caller = requireScope(request, 'webhooks:admin');
    return { items: await listWebhooks(pool, caller.workspaceId) };
  });
  app.post('/webhooks', async (request, reply) => {
    const caller = requireScope(request, 'webhooks:admin');
    const input = CreateWebhookInput.parse(request.body);
    const created = await createWebhook(pool, secretKey, caller.workspaceId, input, null);
    return reply.code(201).send({ ...created.webhook, secret: created.secret });
  });
  app.delete('/webhooks/:id', async (request, reply) => {
    const caller = requireScope(request, 'webhooks:admin');
    await deleteWebhook(pool, caller.workspaceId, pathId(request.params, 'webhook'));
    return reply.code(204).send();
  });
  app.get('/webhook-deliveries', async (request) => {
    const caller = requireScope(request, 'webhooks:admin');
    const { status } = z.object({ status: WebhookDeliveryStatus.optional() }).parse(request.query);
    return { items: await listWebhookDeliveries(pool, caller.workspaceId, { status }) };
  });
  app.post('/webhook-deliveries/:id/retry', async (request, reply) => {
    const caller = requireScope(request, 'webhooks:admin');
    await retryWebhookDelivery(pool, caller.workspaceId, pathId(request.params, 'delivery'));
    return reply.code(202).send({ status: 'pending' });
  });
}
