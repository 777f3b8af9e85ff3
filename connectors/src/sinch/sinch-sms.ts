/**
 * SMS through Sinch (`sinch-sms`), with the real `@sinch/sdk-core`: one batch per message, our
 * message id as its `client_reference`, and a final delivery report per recipient sent to the
 * connector's callback address. Callbacks must carry Sinch's webhook signature
 * (`x-sinch-webhook-signature`, HMAC-SHA256 over body, nonce and timestamp with the signing
 * secret); anything else is refused.
 *
 * Outcomes: batch accepted = sent, report expected; report `Delivered` = delivered; `Failed`,
 * `Rejected`, `Expired`, `Aborted` = failed; an HTTP 4xx when sending = failed for good; 429,
 * 5xx or no answer = try again later.
 */
import { SinchClient, type SmsCallback, SmsCallbackWebhooks } from '@sinch/sdk-core';
import { z } from 'zod';
import {
  type CallbackResult,
  type ChannelConnector,
  type ConnectorContext,
  type DeliveryReport,
  defineConnector,
  type OutboundMessage,
  type SendResult,
} from '../sdk/define-connector.ts';
import { outcomeOfSinchError } from './sinch-errors.ts';
import { sinchLogger } from './sinch-logger.ts';
import { callbackTimestampFresh, SigningSecret, SinchApiAddress } from './sinch-settings.ts';

export const SinchSmsSettings = z.object({
  servicePlanId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{8,64}$/, { message: 'Copy the service plan ID from the Sinch dashboard (SMS → APIs).' })
    .meta({ title: 'Service plan ID', description: 'Sinch dashboard → SMS → APIs.' }),
  /** Secret. */
  apiToken: z
    .string()
    .trim()
    .min(8, { message: 'Copy the API token from the Sinch dashboard.' })
    .max(200)
    .meta({ title: 'API token' }),
  region: z
    .enum(['eu', 'us', 'au', 'br', 'ca'])
    .default('eu')
    .meta({ title: 'Region', description: 'Where your service plan lives; EU keeps data in the EU.' }),
  /** Alphanumeric sender (up to 11 characters) or a phone number in international format. */
  sender: z
    .string()
    .trim()
    .regex(/^([A-Za-z0-9 ]{1,11}|\+?[0-9]{3,15})$/, {
      message: 'Use up to 11 letters and digits (e.g. DemoEnergie) or a phone number such as +31201234567.',
    })
    .meta({
      title: 'Default sender',
      description: 'Shown as the sender when the brand has none: up to 11 letters and digits, or a number.',
    }),
  /** Secret: the callback signing secret set on the service plan. */
  signingSecret: SigningSecret.meta({
    title: 'Callback signing secret',
    description: 'Set the same secret for callback signing in the Sinch dashboard; unsigned reports are refused.',
  }),
  apiAddress: SinchApiAddress,
});
export type SinchSmsSettings = z.output<typeof SinchSmsSettings>;

const failedStatuses = new Set(['Failed', 'Rejected', 'Expired', 'Aborted', 'Cancelled', 'Deleted']);

function reportOf(event: SmsCallback): DeliveryReport | null {
  if (event.type !== 'recipient_delivery_report_sms' || !event.client_reference) return null;
  const details = { status: event.status, code: event.code, batchId: event.batch_id };
  if (event.status === 'Delivered')
    return { messageId: event.client_reference, outcome: 'delivered', reason: null, details };
  if (failedStatuses.has(event.status)) {
    return {
      messageId: event.client_reference,
      outcome: 'failed',
      reason: `the SMS was not delivered (${event.status.toLowerCase()}, code ${event.code})`,
      details,
    };
  }
  // Queued, Dispatched, Unknown: not final; the report that matters comes later.
  return null;
}

function createSinchSms(settings: SinchSmsSettings, context: ConnectorContext): ChannelConnector {
  const client = new SinchClient({
    servicePlanId: settings.servicePlanId,
    apiToken: settings.apiToken,
    smsRegion: settings.region,
    logger: sinchLogger(context),
    ...(settings.apiAddress ? { smsHostname: settings.apiAddress } : {}),
  });
  const webhooks = new SmsCallbackWebhooks(settings.signingSecret);

  async function sendOne(message: OutboundMessage): Promise<SendResult> {
    if (message.channel !== 'sms') {
      return { status: 'failed', retryable: false, reason: `sinch-sms sends SMS, not ${message.channel}` };
    }
    try {
      const batch = await client.sms.batches.send({
        sendSMSRequestBody: {
          to: [message.recipient],
          from: message.sender?.address || settings.sender,
          body: message.content.text,
          client_reference: message.id,
          delivery_report: context.callbackUrl ? 'per_recipient_final' : 'none',
          ...(context.callbackUrl ? { callback_url: context.callbackUrl } : {}),
        },
      });
      return { status: 'sent', providerMessageId: batch.id ?? null, reportExpected: Boolean(context.callbackUrl) };
    } catch (error) {
      return outcomeOfSinchError(error, 'Sinch SMS');
    }
  }

  return {
    send: (messages) => Promise.all(messages.map(sendOne)),
    async testConnection() {
      try {
        // Listing one page of batches proves the plan ID and token without sending anything.
        await client.sms.batches.list({ page_size: 1 });
        return { ok: true };
      } catch (error) {
        const outcome = outcomeOfSinchError(error, 'Sinch SMS');
        return { ok: false, reason: outcome.status === 'failed' ? outcome.reason : 'unknown' };
      }
    },
    async close() {},
    async handleCallback(request): Promise<CallbackResult> {
      if (
        !webhooks.validateAuthenticationHeader(request.headers, request.body) ||
        !callbackTimestampFresh(request.headers['x-sinch-webhook-signature-timestamp'])
      ) {
        return { accepted: false, status: 401, reason: 'the callback is not signed with the signing secret' };
      }
      let event: SmsCallback;
      try {
        event = webhooks.parseEvent(request.body);
      } catch (error) {
        return { accepted: false, status: 400, reason: (error as Error).message };
      }
      const report = reportOf(event);
      return { accepted: true, reports: report ? [report] : [] };
    },
  };
}

export const sinchSms = defineConnector({
  id: 'sinch-sms',
  kind: 'channel',
  channel: 'sms',
  label: 'SMS through Sinch',
  description: 'Sends SMS through Sinch and follows each one to the handset with delivery reports.',
  settings: SinchSmsSettings,
  callbackSetup: 'per-request',
  secretFields: ['apiToken', 'signingSecret'],
  create: (settings, context) => createSinchSms(settings, context),
});
