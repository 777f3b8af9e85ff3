/**
 * Outbound webhooks for administrators: subscriptions (the secret shown once on creation or
 * rotation), a test ping, the latest deliveries and the dead letters with "Retry now".
 */
import { CreateWebhookInput, roleGroups, UpdateWebhookInput, WebhookDeliveryStatus } from '@collectflow/shared';
import { z } from 'zod';
import { listWebhookDeliveries, pingWebhook, retryWebhookDelivery } from '../../../webhooks/webhook-deliveries.ts';
import {
  createWebhook,
  deleteWebhook,
  listWebhooks,
  rotateWebhookSecret,
  updateWebhook,
} from '../../../webhooks/webhook-subscriptions.ts';
import { authedProcedure, router } from '../trpc.ts';

const admins = authedProcedure(roleGroups.admins);
const byId = z.object({ id: z.uuid() });

export const webhooksRouter = router({
  list: admins.query(({ ctx }) => listWebhooks(ctx.pool, ctx.workspaceId)),
  create: admins
    .input(CreateWebhookInput)
    .mutation(({ ctx, input }) => createWebhook(ctx.pool, ctx.secretKey, ctx.workspaceId, input, ctx.session.userId)),
  update: admins
    .input(UpdateWebhookInput)
    .mutation(({ ctx, input }) => updateWebhook(ctx.pool, ctx.workspaceId, input)),
  delete: admins.input(byId).mutation(({ ctx, input }) => deleteWebhook(ctx.pool, ctx.workspaceId, input.id)),
  rotateSecret: admins
    .input(byId)
    .mutation(({ ctx, input }) => rotateWebhookSecret(ctx.pool, ctx.secretKey, ctx.workspaceId, input.id)),
  /** Sends a `ping` event now, to check the receiver. */
  ping: admins
    .input(byId)
    .mutation(async ({ ctx, input }) => ({ deliveryId: await pingWebhook(ctx.pool, ctx.workspaceId, input.id) })),
  /** The latest deliveries, or only those of one status (`dead`: the dead letters). */
  deliveries: admins
    .input(z.object({ status: WebhookDeliveryStatus.optional() }))
    .query(({ ctx, input }) => listWebhookDeliveries(ctx.pool, ctx.workspaceId, { status: input.status })),
  /** One more attempt at an undelivered delivery, now. */
  retry: admins
    .input(z.object({ deliveryId: z.uuid() }))
    .mutation(({ ctx, input }) => retryWebhookDelivery(ctx.pool, ctx.workspaceId, input.deliveryId)),
});
