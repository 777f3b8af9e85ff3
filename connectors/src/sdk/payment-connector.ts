/**
 * The payment connector kind: a payment provider (Mollie, a bank's checkout, any redirect-style
 * PSP) that lets a debtor pay a case from the paylink page.
 *
 * The flow is the one every hosted checkout shares: Collectflow asks for a checkout of an amount
 * (`createCheckout`) and sends the debtor to the provider's page; the provider sends the debtor
 * back to `returnUrl` and calls `webhookUrl` when the payment's status changes. A webhook is
 * never trusted for what it says: the connector only reads which payment it is about
 * (`readWebhook`), and Collectflow asks the provider for that payment (`getPayment`) with the
 * connector's credentials — Mollie's model, and the only one safe without a shared secret.
 */
import type { z } from 'zod';
import type { CallbackRequest, ConnectionCheck, ConnectorContext } from './define-connector.ts';

export interface CheckoutRequest {
  /** Collectflow's id of this checkout: unique, used as idempotency key and sent as metadata. */
  checkoutId: string;
  amountMinor: number;
  currency: string;
  /** Shown to the debtor and on their bank statement, e.g. "Reference CF-7KQ2-M4XD". */
  description: string;
  /** Where the provider sends the debtor back after paying or giving up. */
  returnUrl: string;
  /** Where the provider reports status changes; null when the service has no public address. */
  webhookUrl: string | null;
  /** The debtor's language (`nl`, `de`, `en`, `fr`) and country (ISO 3166 alpha-2), if known. */
  language: string;
  country: string | null;
}

export interface Checkout {
  providerPaymentId: string;
  /** The provider's payment page for the debtor. */
  checkoutUrl: string;
}

/**
 * A payment's status as the provider reports it: `open` (not paid yet), `pending` (paid, being
 * confirmed by the bank), `paid`, or one of the ends without money: `failed`, `canceled`, `expired`.
 */
export type ProviderPaymentStatus = 'open' | 'pending' | 'paid' | 'failed' | 'canceled' | 'expired';

export interface ProviderPayment {
  providerPaymentId: string;
  /** Collectflow's checkout id, as sent along when the checkout was created. */
  checkoutId: string | null;
  status: ProviderPaymentStatus;
  amountMinor: number;
  currency: string;
  /** When the money was paid (only for `paid`). */
  paidAt: string | null;
  /** How the debtor paid, in the provider's words (`ideal`, `bancontact`, `creditcard` …). */
  method: string | null;
}

export type WebhookReading =
  | { accepted: true; providerPaymentIds: string[] }
  /** Not understood (400) or not authentic (401); nothing is recorded. */
  | { accepted: false; status: 400 | 401; reason: string };

/** Refusals a provider gave, in words a business user understands. */
export class PaymentProviderError extends Error {
  constructor(
    message: string,
    /** True when trying again later may work (an outage, a rate limit). */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'PaymentProviderError';
  }
}

export interface PaymentConnector {
  /** Creates the payment at the provider; throws `PaymentProviderError` when it refuses. */
  createCheckout(request: CheckoutRequest): Promise<Checkout>;
  /** The payment as the provider knows it now: the only source of a payment's status. */
  getPayment(providerPaymentId: string): Promise<ProviderPayment>;
  /** Which payments a webhook call is about; never what their status is. */
  readWebhook(request: CallbackRequest): Promise<WebhookReading>;
  testConnection(): Promise<ConnectionCheck>;
  close(): Promise<void>;
}

export interface PaymentConnectorDefinition<Settings extends z.ZodType> {
  id: string;
  kind: 'payment';
  label: string;
  description: string;
  settings: Settings;
  secretFields: readonly (keyof z.output<Settings> & string)[];
  create(settings: z.output<Settings>, context: ConnectorContext): PaymentConnector;
}

/** Declares a payment connector; the identity function that gives plugin authors type checking. */
export function definePaymentConnector<Settings extends z.ZodType>(
  definition: PaymentConnectorDefinition<Settings>,
): PaymentConnectorDefinition<Settings> {
  return definition;
}
