/**
 * The OpenAPI 3.1 document of the REST API v1, generated from the same zod schemas that
 * validate the requests (zod-openapi), so the document cannot drift from the code.
 */
import {
  ApiError,
  CaseList,
  CaseListQuery,
  CaseView,
  CreateWebhookInput,
  DebtorBatch,
  DebtorUpsertResult,
  InvoiceBatch,
  InvoiceUpsertResult,
  maxBatchItems,
  PaymentBatch,
  PaymentResult,
  ReturnedLetter,
  ReturnedLetterResult,
  Timeline,
  TimelineQuery,
  WebhookBody,
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookSubscription,
} from '@collectflow/shared';
import { z } from 'zod';
import { createDocument, type ZodOpenApiResponsesObject } from 'zod-openapi';

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const problem = (description: string) => ({ description, ...json(ApiError) });

const errors: ZodOpenApiResponsesObject = {
  '400': problem('The request is not valid; `details` names each item (by index) and field.'),
  '401': problem('No valid API key.'),
  '403': problem('The API key lacks the scope this needs.'),
};

const idempotencyKey = z.object({
  'idempotency-key': z.string().min(1).max(200).optional().meta({
    description:
      'Makes a retry safe: a request sent again with the same key and body gets the first response (with `Idempotent-Replayed: true`) and changes nothing. Kept 24 hours.',
  }),
});

const write = (
  summary: string,
  description: string,
  scope: string,
  body: z.ZodType,
  result: z.ZodType,
  operationId: string,
) => ({
  post: {
    operationId,
    summary,
    description: `${description}\n\nAt most ${maxBatchItems.toLocaleString('en')} items; the request is all or nothing. Needs the scope \`${scope}\`.`,
    requestParams: { header: idempotencyKey },
    requestBody: json(body),
    responses: {
      '200': { description: 'Saved.', ...json(result) },
      ...errors,
      '409': problem('Another request changed the same items at the same moment; send it again.'),
      '422': problem('The Idempotency-Key was used for a different request.'),
    },
  },
});

const WebhookId = z.object({ id: z.uuid().meta({ description: 'The webhook subscription id.' }) });
const DeliveryId = z.object({ id: z.uuid().meta({ description: 'The delivery id (the body’s `id`).' }) });
const webhooksAdmin = 'Needs the scope `webhooks:admin`.';

const CaseId = z.object({ id: z.uuid().meta({ description: 'The case id.' }) });
const MessageId = z.object({
  id: z.uuid().meta({ description: 'The message id (the print manifest’s `messageId`).' }),
});

export function openApiDocument() {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Collectflow API',
      version: '1.0.0',
      description:
        'For ERPs and scripts: bring debtors, invoices and payments in, read cases and their timelines. Amounts are integers in minor units of their currency (cents). Authenticate with an API key: `Authorization: Bearer cfk_…`.',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key of the workspace (admins create them; `collectflow api-key create`).',
        },
      },
    },
    paths: {
      '/debtors': write(
        'Create or update debtors',
        'Upserts by `externalId`. On update, a field left out keeps its value and `null` clears it; `consents` merge per channel, `attributes` per key. Their open cases enter matching flows.',
        'debtors:write',
        DebtorBatch,
        DebtorUpsertResult,
        'upsertDebtors',
      ),
      '/invoices': write(
        'Create or update invoices',
        'Upserts by `externalId`. An open invoice joins its debtor’s open case in its currency, or opens one; the case enters matching flows. A case without open invoices is settled: its flows stop.',
        'invoices:write',
        InvoiceBatch,
        InvoiceUpsertResult,
        'upsertInvoices',
      ),
      '/payments': write(
        'Record payments',
        'Each payment is booked on an invoice (by its `externalId`). A payment that settles its case stops every flow and cancels every queued message of the case at once. Sending a payment with the same `externalId` again does not count it twice.',
        'payments:write',
        PaymentBatch,
        PaymentResult,
        'recordPayments',
      ),
      '/cases': {
        get: {
          operationId: 'findCases',
          summary: 'Find the cases of a debtor',
          description: 'Needs the scope `cases:read`.',
          requestParams: { query: CaseListQuery },
          responses: { '200': { description: 'The debtor’s cases, newest first.', ...json(CaseList) }, ...errors },
        },
      },
      '/cases/{id}': {
        get: {
          operationId: 'getCase',
          summary: 'Read a case',
          description: 'With its debtor, invoices, totals and runs through flows. Needs the scope `cases:read`.',
          requestParams: { path: CaseId },
          responses: {
            '200': { description: 'The case.', ...json(CaseView) },
            ...errors,
            '404': problem('No such case.'),
          },
        },
      },
      '/cases/{id}/timeline': {
        get: {
          operationId: 'getCaseTimeline',
          summary: 'Read a case’s timeline',
          description:
            'Every event of the case in the order it happened, a page at a time. Needs the scope `cases:read`.',
          requestParams: { path: CaseId, query: TimelineQuery },
          responses: {
            '200': { description: 'A page of events.', ...json(Timeline) },
            ...errors,
            '404': problem('No such case.'),
          },
        },
      },
      '/messages/{id}/returned': {
        post: {
          operationId: 'recordReturnedLetter',
          summary: 'Record a letter returned by post',
          description:
            'The letter (a message id, as in the print manifest) counts as failed, with the reason on the case’s timeline. Recording the same return again changes nothing. Needs the scope `messages:write`.',
          requestParams: { path: MessageId },
          requestBody: { required: true, ...json(ReturnedLetter) },
          responses: {
            '200': { description: 'The letter is recorded as returned.', ...json(ReturnedLetterResult) },
            ...errors,
            '404': problem('No such message.'),
            '409': problem('Not a letter, or a letter that was not sent.'),
          },
        },
      },
      '/webhooks': {
        get: {
          operationId: 'listWebhooks',
          summary: 'List webhook subscriptions',
          description: webhooksAdmin,
          responses: {
            '200': { description: 'The subscriptions.', ...json(z.object({ items: z.array(WebhookSubscription) })) },
            ...errors,
          },
        },
        post: {
          operationId: 'createWebhook',
          summary: 'Subscribe an endpoint to events',
          description: `Each event of the chosen types is POSTed to the URL as JSON (the WebhookBody schema), signed: \`Collectflow-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" with the secret>\`. A 2xx answer delivers it; anything else is retried (30 s, 2 min, 8 min, 32 min, ~2 h, then every 6 h) and after 8 attempts listed as dead. ${webhooksAdmin}`,
          requestBody: { required: true, ...json(CreateWebhookInput) },
          responses: {
            '201': {
              description: 'Subscribed. `secret` is shown this once.',
              ...json(WebhookSubscription.extend({ secret: z.string() })),
            },
            ...errors,
          },
          callbacks: {
            event: {
              '{$request.body#/url}': {
                post: {
                  summary: 'An event, delivered to your endpoint',
                  requestBody: { required: true, ...json(WebhookBody) },
                  responses: { '200': { description: 'Any 2xx delivers the event.' } },
                },
              },
            },
          },
        },
      },
      '/webhooks/{id}': {
        delete: {
          operationId: 'deleteWebhook',
          summary: 'Delete a webhook subscription',
          description: `Its undelivered events are dropped. ${webhooksAdmin}`,
          requestParams: { path: WebhookId },
          responses: { '204': { description: 'Deleted.' }, ...errors, '404': problem('No such webhook.') },
        },
      },
      '/webhook-deliveries': {
        get: {
          operationId: 'listWebhookDeliveries',
          summary: 'List recent deliveries (`status=dead`: those that gave up)',
          description: webhooksAdmin,
          requestParams: { query: z.object({ status: WebhookDeliveryStatus.optional() }) },
          responses: {
            '200': { description: 'The latest 100.', ...json(z.object({ items: z.array(WebhookDelivery) })) },
            ...errors,
          },
        },
      },
      '/webhook-deliveries/{id}/retry': {
        post: {
          operationId: 'retryWebhookDelivery',
          summary: 'Retry an undelivered delivery now',
          description: `One more attempt, at once; the same id and body. ${webhooksAdmin}`,
          requestParams: { path: DeliveryId },
          responses: {
            '202': { description: 'Queued.' },
            ...errors,
            '404': problem('No undelivered delivery with this id.'),
          },
        },
      },
    },
  });
}
