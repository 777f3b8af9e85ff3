/**
 * Redirect checkout (`redirect-checkout`): any payment page that takes the amount and a
 * reference in its address — a bank's hosted checkout, a PSP without a Collectflow connector, a
 * creditor's own pay page. The contract, for the provider's side:
 *
 * - **Checkout**: Collectflow sends the debtor to `checkoutUrl` with the placeholders filled in
 *   (URL-encoded): `{reference}` (required; Collectflow's checkout id), `{amount}` ("12.30"),
 *   `{amountMinor}` (1230), `{currency}`, `{description}`, `{language}`, `{returnUrl}`,
 *   `{webhookUrl}`.
 * - **Webhook**: when a payment's status changes, the provider POSTs `reference=<reference>`
 *   (form) or `{"reference": "<reference>"}` (JSON) to `{webhookUrl}`. The body is not trusted.
 * - **Status**: Collectflow then GETs `statusUrl` (with `{reference}` filled in, and
 *   `Authorization: Bearer <API token>`), which answers JSON:
 *   `{"status": "open|pending|paid|failed|canceled|expired", "amountMinor": 1230,
 *   "currency": "EUR", "paidAt": "2026-11-23T10:00:00Z", "method": "ideal"}`.
 */
import { decimalAmount } from '@collectflow/shared';
import { z } from 'zod';
import type { CallbackRequest } from '../sdk/define-connector.ts';
import {
  definePaymentConnector,
  type PaymentConnector,
  PaymentProviderError,
  type ProviderPayment,
  type WebhookReading,
} from '../sdk/payment-connector.ts';

const placeholderUrl = (required: string[]) =>
  z
    .string()
    .trim()
    .refine((value) => /^https?:\/\//.test(value), { message: 'Enter a full address starting with https://.' })
    .refine((value) => required.every((name) => value.includes(`{${name}}`)), {
      message: `The address must contain ${required.map((name) => `{${name}}`).join(' and ')}.`,
    });

export const RedirectCheckoutSettings = z.object({
  checkoutUrl: placeholderUrl(['reference']).meta({
    title: 'Checkout address',
    description:
      'Where debtors pay, with placeholders: {reference} {amount} {amountMinor} {currency} {description} {language} {returnUrl} {webhookUrl}.',
  }),
  statusUrl: placeholderUrl(['reference']).meta({
    title: 'Status address',
    description: 'Answers a payment’s status as JSON; {reference} is filled in.',
  }),
  apiToken: z
    .string()
    .min(16, { message: 'The API token is at least 16 characters.' })
    .meta({ title: 'API token', description: 'Sent as a bearer token when asking for a payment’s status.' }),
});
export type RedirectCheckoutSettings = z.output<typeof RedirectCheckoutSettings>;

const ProviderStatus = z.object({
  status: z.enum(['open', 'pending', 'paid', 'failed', 'canceled', 'expired']),
  amountMinor: z.number().int().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  paidAt: z.string().nullish(),
  method: z.string().nullish(),
});

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? encodeURIComponent(values[name]!) : whole,
  );
}

function referenceOf(request: CallbackRequest): string | null {
  const type = String(request.headers['content-type'] ?? '');
  if (type.includes('json')) {
    try {
      const body = JSON.parse(request.body) as { reference?: unknown };
      return typeof body.reference === 'string' ? body.reference : null;
    } catch {
      return null;
    }
  }
  return new URLSearchParams(request.body).get('reference');
}

export function createRedirectCheckout(settings: RedirectCheckoutSettings): PaymentConnector {
  async function status(reference: string): Promise<ProviderPayment> {
    let response: Response;
    try {
      response = await fetch(fill(settings.statusUrl, { reference }), {
        headers: { authorization: `Bearer ${settings.apiToken}`, accept: 'application/json' },
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      throw new PaymentProviderError('The payment provider cannot be reached right now.', true);
    }
    if (response.status === 401 || response.status === 403) {
      throw new PaymentProviderError('The payment provider refused the API token. Check it under Connectors.', false);
    }
    if (response.status === 404)
      throw new PaymentProviderError(`The payment provider does not know ${reference}.`, false);
    if (!response.ok)
      throw new PaymentProviderError(`The payment provider answered ${response.status}.`, response.status >= 500);
    const parsed = ProviderStatus.safeParse(await response.json().catch(() => null));
    if (!parsed.success) {
      throw new PaymentProviderError('The payment provider’s status answer is not in the documented form.', false);
    }
    return {
      providerPaymentId: reference,
      checkoutId: reference,
      status: parsed.data.status,
      amountMinor: parsed.data.amountMinor,
      currency: parsed.data.currency,
      paidAt: parsed.data.paidAt ?? null,
      method: parsed.data.method ?? null,
    };
  }

  return {
    async createCheckout(request) {
      const checkoutUrl = fill(settings.checkoutUrl, {
        reference: request.checkoutId,
        amount: decimalAmount(request.amountMinor, request.currency),
        amountMinor: String(request.amountMinor),
        currency: request.currency,
        description: request.description,
        language: request.language,
        returnUrl: request.returnUrl,
        webhookUrl: request.webhookUrl ?? '',
      });
      return { providerPaymentId: request.checkoutId, checkoutUrl };
    },
    getPayment: status,
    async readWebhook(request): Promise<WebhookReading> {
      const reference = referenceOf(request);
      if (!reference || !/^[\w-]{1,100}$/.test(reference)) {
        return { accepted: false, status: 400, reason: 'The webhook names no payment (reference=…).' };
      }
      return { accepted: true, providerPaymentIds: [reference] };
    },
    async testConnection() {
      // A reference that cannot exist: a 404 proves the address and the token work.
      try {
        await status('collectflow-connection-test');
        return { ok: true };
      } catch (error) {
        if (error instanceof PaymentProviderError && error.message.includes('does not know')) return { ok: true };
        return { ok: false, reason: error instanceof Error ? error.message : String(error) };
      }
    },
    async close() {},
  };
}

export const redirectCheckout = definePaymentConnector({
  id: 'redirect-checkout',
  kind: 'payment',
  label: 'Redirect checkout (any payment page)',
  description: 'Sends debtors to any payment page that takes the amount and a reference in its address.',
  settings: RedirectCheckoutSettings,
  secretFields: ['apiToken'],
  create: (settings) => createRedirectCheckout(settings),
});
