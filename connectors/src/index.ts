/**
 * @collectflow/connectors — connector plugins, one folder per connector under `src/<id>/`, each
 * with its wire-protocol test double. See docs/connectors.md.
 */
export * from './email-smtp/delivery-status-notification.ts';
export * from './email-smtp/email-smtp.ts';
export * from './email-smtp/smtp-double.ts';
export * from './letter-pdf/letter-pdf.ts';
export * from './letter-pdf/system-chromium.ts';
export * from './mollie/mollie.ts';
export * from './mollie/mollie-double.ts';
export * from './print-folder/print-folder.ts';
export * from './redirect-checkout/redirect-checkout.ts';
export * from './scaffold/scaffold-source-connector.ts';
export * from './sdk/define-connector.ts';
export * from './sdk/payment-connector.ts';
export * from './sdk/source-connector.ts';
export * from './sinch/sinch-double.ts';
export * from './sinch/sinch-sms.ts';
export * from './sinch/sinch-voice.ts';
export * from './stripe-invoices/stripe-double.ts';
export * from './stripe-invoices/stripe-invoices.ts';

import type { z } from 'zod';
import { emailSmtp } from './email-smtp/email-smtp.ts';
import { letterPdf } from './letter-pdf/letter-pdf.ts';
import { mollie } from './mollie/mollie.ts';
import { redirectCheckout } from './redirect-checkout/redirect-checkout.ts';
import type { ChannelConnectorDefinition } from './sdk/define-connector.ts';
import type { PaymentConnectorDefinition } from './sdk/payment-connector.ts';
import type { SourceConnectorDefinition } from './sdk/source-connector.ts';
import { sinchSms } from './sinch/sinch-sms.ts';
import { sinchVoice } from './sinch/sinch-voice.ts';
import { stripeInvoices } from './stripe-invoices/stripe-invoices.ts';

/** A connector plugin a workspace can configure: one that sends messages, takes payments, or pulls from an ERP. */
export type ConfigurableConnectorDefinition =
  | ChannelConnectorDefinition<z.ZodType>
  | PaymentConnectorDefinition<z.ZodType>
  | SourceConnectorDefinition<z.ZodType>;

/** Every built-in connector, by id. Core code asks this registry; it never switches on ids. */
export const builtInConnectors: Readonly<Record<string, ConfigurableConnectorDefinition>> = {
  [emailSmtp.id]: emailSmtp,
  [sinchSms.id]: sinchSms,
  [sinchVoice.id]: sinchVoice,
  [letterPdf.id]: letterPdf,
  [mollie.id]: mollie,
  [redirectCheckout.id]: redirectCheckout,
  [stripeInvoices.id]: stripeInvoices,
};
