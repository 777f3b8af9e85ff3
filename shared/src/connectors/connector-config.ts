/** A workspace's configured connectors as the API shows them (secrets never leave the server). */
import { z } from 'zod';
import { Channel } from '../debtors/channel.ts';

/** What flows call a configured connector, e.g. `email` or `sms-nl`. `sandbox` is built in. */
export const ConnectorKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: 'Use a key of lower-case letters, digits, "-" or "_".' })
  .refine((key) => key !== 'sandbox', { message: '“sandbox” is the built-in test connector; pick another key.' });

export const ConnectorConfigSummary = z.object({
  key: z.string(),
  /** The plugin, e.g. `email-smtp`. */
  connector: z.string(),
  name: z.string(),
  /**
   * `channel`: sends messages (then `channel` says which); `payment`: lets debtors pay on the
   * paylink page; `source`: pulls debtors, invoices and payments from an ERP or billing system.
   */
  kind: z.enum(['channel', 'payment', 'source']),
  channel: Channel.nullable(),
  /** Settings without the secret ones. */
  settings: z.record(z.string(), z.unknown()),
  /** What one message costs through it, in the workspace's currency (dashboard costs); null: not set. */
  costPerMessage: z.number().nullable(),
  /** Secret settings that have a value (the values themselves are never returned). */
  secretsSet: z.array(z.string()),
  updatedAt: z.iso.datetime({ offset: true }),
  /**
   * Where the provider must call back, when the provider has to be told (e.g. a Sinch voice app's
   * callback URL); null when the connector passes it along itself or has no callbacks.
   */
  callbackUrl: z.string().nullable(),
  /** Its messages of the last 7 days by outcome, and when the provider last reported one. */
  deliveries: z.object({
    /** Queued, or handed over with a report still to come. */
    waiting: z.number().int(),
    /** Handed over with no report to come (letters; e-mails past their bounce window). */
    sent: z.number().int(),
    delivered: z.number().int(),
    failed: z.number().int(),
    lastReportAt: z.iso.datetime({ offset: true }).nullable(),
  }),
});
export type ConnectorConfigSummary = z.infer<typeof ConnectorConfigSummary>;

export const SaveConnectorConfigInput = z.object({
  key: ConnectorKey,
  connector: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(100),
  /** All settings; a secret left empty keeps the value saved before. */
  settings: z.record(z.string(), z.unknown()),
  /** What one message costs, e.g. 0.075 for an SMS; null: not set; left out: kept as it was. */
  costPerMessage: z
    .number()
    .min(0, { message: 'A cost cannot be negative.' })
    .max(100, { message: 'Enter the cost of one message, e.g. 0.075.' })
    .nullable()
    .optional(),
});
export type SaveConnectorConfigInput = z.infer<typeof SaveConnectorConfigInput>;

/** "Send test message": a short fixed message through a configured connector, to a recipient of the user's choosing. */
export const SendConnectorTestInput = z.object({
  key: ConnectorKey,
  /** An e-mail address, or a phone number in international form (+31 6 …) for SMS and calls. */
  recipient: z.string().trim().min(1, { message: 'Enter where the test should go.' }).max(320),
});
export type SendConnectorTestInput = z.infer<typeof SendConnectorTestInput>;

export const ConnectorTestResult = z.object({
  /** In words, for the page: "Sent to … (Sinch batch 01H…)". */
  message: z.string(),
  providerMessageId: z.string().nullable(),
});
export type ConnectorTestResult = z.infer<typeof ConnectorTestResult>;
