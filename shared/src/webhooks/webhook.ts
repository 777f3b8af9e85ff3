/**
 * Outbound webhooks: what a subscription can ask for, how subscriptions and deliveries look in
 * the designer and the API, and the JSON body every delivery carries (docs/webhooks.md).
 */
import { z } from 'zod';

export const WebhookEventType = z.enum([
  'case.paid',
  'promise.made',
  'plan.agreed',
  'dispute.opened',
  'case.handed_over',
  'message.failed',
  'erp.notified',
]);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** What each event means, where a subscription is set up. */
export const webhookEventDescriptions: Record<WebhookEventType, string> = {
  'case.paid': 'A case is paid in full (by transfer, on the paylink page or as reported by the ERP).',
  'promise.made': 'A debtor promised to pay by a date.',
  'plan.agreed': 'A debtor chose an installment plan.',
  'dispute.opened': 'A debtor disputed the claim; the case is paused.',
  'case.handed_over': 'A flow handed the case to a collection agency (the body has the whole case file).',
  'message.failed': 'A reminder could not be delivered (bounced, no address, provider refused).',
  'erp.notified': 'A flow reached a “Notify the ERP” step.',
};

export const WebhookSubscription = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string(),
    events: z.array(WebhookEventType),
    active: z.boolean(),
    createdAt: z.iso.datetime({ offset: true }),
    /** Deliveries of the last 7 days by outcome. */
    recent: z.object({ delivered: z.number().int(), pending: z.number().int(), dead: z.number().int() }),
  })
  .meta({ id: 'WebhookSubscription' });
export type WebhookSubscription = z.infer<typeof WebhookSubscription>;

const WebhookUrl = z
  .url({
    protocol: /^https?$/,
    message: 'Enter the full address, starting with https:// (or http:// inside your network).',
  })
  .max(2000);

export const CreateWebhookInput = z
  .object({
    url: WebhookUrl,
    description: z.string().trim().max(200).default(''),
    events: z
      .array(WebhookEventType)
      .min(1, { message: 'Choose at least one event to send.' })
      .transform((events) => [...new Set(events)]),
  })
  .meta({ id: 'CreateWebhook' });
export type CreateWebhookInput = z.input<typeof CreateWebhookInput>;

export const UpdateWebhookInput = z.object({
  id: z.uuid(),
  url: WebhookUrl.optional(),
  description: z.string().trim().max(200).optional(),
  events: z.array(WebhookEventType).min(1, { message: 'Choose at least one event to send.' }).optional(),
  active: z.boolean().optional(),
});
export type UpdateWebhookInput = z.input<typeof UpdateWebhookInput>;

export const WebhookDeliveryStatus = z.enum(['pending', 'delivered', 'dead']);

export const WebhookDelivery = z
  .object({
    id: z.uuid(),
    subscriptionId: z.uuid(),
    url: z.string(),
    eventType: z.string(),
    caseId: z.uuid().nullable(),
    status: WebhookDeliveryStatus,
    attempts: z.number().int(),
    /** When the next attempt is due (pending deliveries). */
    nextAttemptAt: z.iso.datetime({ offset: true }).nullable(),
    /** The receiver's last HTTP status, or null when it could not be reached. */
    lastStatus: z.number().int().nullable(),
    /** The last failure in words: "HTTP 500", "connection refused", "no answer within 10 s". */
    lastError: z.string().nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    deliveredAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

/**
 * The JSON body of every delivery. `id` is the delivery's id: the same on every retry of one
 * delivery, so a receiver that saw it already can answer 2xx and do nothing.
 */
export const WebhookBody = z
  .object({
    id: z.uuid(),
    type: z.union([WebhookEventType, z.literal('ping')]),
    occurredAt: z.iso.datetime({ offset: true }),
    workspaceId: z.uuid(),
    /** The case the event is about (null for `ping`). */
    case: z
      .object({
        id: z.uuid(),
        status: z.string(),
        currency: z.string(),
        openAmountMinor: z.number().int(),
        debtor: z.object({ externalId: z.string(), name: z.string() }),
        invoiceExternalIds: z.array(z.string()),
      })
      .nullable(),
    /** The event as the case's timeline has it (e.g. promise.made: `{date}`; message.failed: `{messageId, channel, reason}`). */
    data: z.record(z.string(), z.unknown()),
    /**
     * `case.handed_over` only: the case file for the agency — the debtor with contact details,
     * every invoice, every payment and the whole timeline.
     */
    caseFile: z
      .object({
        debtor: z.record(z.string(), z.unknown()),
        invoices: z.array(z.record(z.string(), z.unknown())),
        payments: z.array(z.record(z.string(), z.unknown())),
        timeline: z.array(z.record(z.string(), z.unknown())),
      })
      .optional(),
  })
  .meta({ id: 'WebhookBody' });
export type WebhookBody = z.infer<typeof WebhookBody>;
