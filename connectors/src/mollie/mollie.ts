/**
 * Mollie (`mollie`): debtors pay with iDEAL, Bancontact, cards, SEPA bank transfer … on Mollie's
 * hosted checkout, through the official `@mollie/api-client`.
 *
 * Mollie's webhook carries only the payment id and is not signed: the connector reads the id and
 * Collectflow fetches the payment with the API key to learn its status (Mollie's documented
 * model). A forged webhook therefore cannot make anything look paid.
 */

import { decimalAmount, minorFromDecimal } from '@collectflow/shared';
import { createMollieClient, Locale, MollieApiError, type Payment } from '@mollie/api-client';
import { z } from 'zod';
import type { CallbackRequest } from '../sdk/define-connector.ts';
import {
  definePaymentConnector,
  type PaymentConnector,
  PaymentProviderError,
  type ProviderPayment,
  type ProviderPaymentStatus,
  type WebhookReading,
} from '../sdk/payment-connector.ts';

export const MollieMethod = z.enum([
  'ideal',
  'bancontact',
  'creditcard',
  'banktransfer',
  'paypal',
  'kbc',
  'belfius',
  'eps',
  'przelewy24',
  'trustly',
  'applepay',
]);

export const MollieSettings = z.object({
  apiKey: z
    .string()
    .trim()
    .regex(/^(test|live)_\w{30,}$/, {
      message: 'A Mollie API key starts with live_ or test_ (Dashboard → Developers → API keys).',
    })
    .meta({
      title: 'API key',
      description: 'From the Mollie Dashboard, Developers → API keys. Use a test_ key to try it out.',
    }),
  methods: z.array(MollieMethod).default([]).meta({
    title: 'Payment methods',
    description: 'Offer only these methods. Empty: every method enabled on your Mollie profile.',
  }),
  apiEndpoint: z
    .url({ message: 'Enter a full address such as https://api.mollie.com/v2/.' })
    .refine((value) => value.startsWith('https:') || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(value), {
      message: 'Use https:// (plain http only for a test double on this machine).',
    })
    .optional()
    .meta({ title: 'API address (advanced)', description: 'Leave empty for Mollie itself.' }),
});
export type MollieSettings = z.output<typeof MollieSettings>;

const locales = new Set<string>(Object.values(Locale));
const defaultLocale: Record<string, Locale> = {
  nl: Locale.nl_NL,
  de: Locale.de_DE,
  en: Locale.en_US,
  fr: Locale.fr_FR,
};

/** Mollie's checkout language: the debtor's language in their country where Mollie has it. */
export function mollieLocale(language: string, country: string | null): Locale | undefined {
  const exact = country ? `${language}_${country.toUpperCase()}` : '';
  if (locales.has(exact)) return exact as Locale;
  return defaultLocale[language];
}

const statuses: Record<string, ProviderPaymentStatus> = {
  open: 'open',
  pending: 'pending',
  // A card authorised but not captured yet: money is on its way, not here.
  authorized: 'pending',
  paid: 'paid',
  failed: 'failed',
  canceled: 'canceled',
  expired: 'expired',
};

function refusal(error: unknown, doing: string): PaymentProviderError {
  if (error instanceof MollieApiError) {
    const status = error.statusCode ?? 0;
    if (status === 401)
      return new PaymentProviderError('Mollie refused the API key. Check it under Connectors.', false);
    if (status === 404) return new PaymentProviderError(`Mollie does not know this payment (${doing}).`, false);
    if (status === 422 || status === 400)
      return new PaymentProviderError(`Mollie refused ${doing}: ${error.message}`, false);
    if (status === 429 || status >= 500)
      return new PaymentProviderError('Mollie cannot be reached right now. Please try again in a few minutes.', true);
    return new PaymentProviderError(`Mollie refused ${doing}: ${error.message}`, false);
  }
  return new PaymentProviderError('Mollie cannot be reached right now. Please try again in a few minutes.', true);
}

function toProviderPayment(payment: Payment): ProviderPayment {
  const metadata = payment.metadata as { checkoutId?: unknown } | null;
  return {
    providerPaymentId: payment.id,
    checkoutId: typeof metadata?.checkoutId === 'string' ? metadata.checkoutId : null,
    status: statuses[payment.status] ?? 'open',
    amountMinor: minorFromDecimal(payment.amount.value, payment.amount.currency) ?? 0,
    currency: payment.amount.currency,
    paidAt: payment.paidAt ?? null,
    method: payment.method ?? null,
  };
}

/** Mollie refuses webhook addresses it cannot reach; a service on localhost learns by asking instead. */
const isLoopback = (url: string) => /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//.test(url);

export function createMollie(settings: MollieSettings): PaymentConnector {
  const client = createMollieClient({
    apiKey: settings.apiKey,
    versionStrings: 'Collectflow/0.1',
    ...(settings.apiEndpoint ? { apiEndpoint: settings.apiEndpoint } : {}),
  });
  return {
    async createCheckout(request) {
      const methods = settings.methods;
      try {
        const payment = await client.payments.create({
          amount: { currency: request.currency, value: decimalAmount(request.amountMinor, request.currency) },
          description: request.description,
          redirectUrl: request.returnUrl,
          ...(request.webhookUrl && (settings.apiEndpoint || !isLoopback(request.webhookUrl))
            ? { webhookUrl: request.webhookUrl }
            : {}),
          ...(mollieLocale(request.language, request.country)
            ? { locale: mollieLocale(request.language, request.country) }
            : {}),
          ...(methods.length > 0 ? { method: methods as never } : {}),
          metadata: { checkoutId: request.checkoutId },
          idempotencyKey: request.checkoutId,
        });
        const checkoutUrl = payment.getCheckoutUrl();
        if (!checkoutUrl) throw new PaymentProviderError('Mollie gave no checkout page for the payment.', false);
        return { providerPaymentId: payment.id, checkoutUrl };
      } catch (error) {
        if (error instanceof PaymentProviderError) throw error;
        throw refusal(error, 'the payment');
      }
    },
    async getPayment(providerPaymentId) {
      try {
        return toProviderPayment(await client.payments.get(providerPaymentId));
      } catch (error) {
        throw refusal(error, providerPaymentId);
      }
    },
    async readWebhook(request: CallbackRequest): Promise<WebhookReading> {
      const id = new URLSearchParams(request.body).get('id');
      if (!id || !/^tr_\w{1,64}$/.test(id)) {
        return { accepted: false, status: 400, reason: 'A Mollie webhook names a payment as id=tr_….' };
      }
      return { accepted: true, providerPaymentIds: [id] };
    },
    async testConnection() {
      try {
        await client.methods.list();
        return { ok: true };
      } catch (error) {
        return { ok: false, reason: refusal(error, 'the connection test').message };
      }
    },
    async close() {},
  };
}

export const mollie = definePaymentConnector({
  id: 'mollie',
  kind: 'payment',
  label: 'Mollie',
  description: 'Lets debtors pay on Mollie’s checkout: iDEAL, Bancontact, cards, bank transfer and more.',
  settings: MollieSettings,
  secretFields: ['apiKey'],
  create: (settings) => createMollie(settings),
});
