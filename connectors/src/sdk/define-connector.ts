/**
 * The connector contract. A connector is a plugin: an id, a kind, a zod schema of its settings
 * (the designer renders its form from it; fields named in `secretFields` are encrypted at rest
 * and never sent to the browser), and the functions of its kind. Clients such as an SMTP
 * transport or a clock come in through `ConnectorContext`, so tests hand in doubles without
 * reaching into private fields.
 */
import type { Channel, RenderedMessage } from '@collectflow/shared';
import type { z } from 'zod';

export type ConnectorKind = 'channel' | 'source' | 'payment' | 'print';

/** A message the outbox hands to a channel connector: rendered, addressed, with its attempt. */
export interface OutboundMessage {
  /** The outbox message id: unique, stable across attempts (providers use it to deduplicate). */
  id: string;
  channel: Channel;
  /** E-mail address, phone number (E.164) or postal address line, as the channel needs. */
  recipient: string;
  /** Who it comes from (the brand's sender for this channel); null: the connector's default. */
  sender: { name: string; address: string } | null;
  content: RenderedMessage;
  /** 1 for the first attempt. */
  attempt: number;
}

export type SendResult =
  /**
   * The provider took the message; `reportExpected`: it will still report delivery or failure,
   * within `reportWithinMinutes` if given (e-mail: the time bounces take), else within the flow
   * step's delivery timeout.
   */
  | { status: 'sent'; providerMessageId: string | null; reportExpected: boolean; reportWithinMinutes?: number }
  /** The provider refused it; `retryable`: trying again later may work (an outage, a rate limit). */
  | { status: 'failed'; retryable: boolean; reason: string };

export type ConnectionCheck = { ok: true } | { ok: false; reason: string };

/** A request a provider made to the connector's callback address, exactly as received. */
export interface CallbackRequest {
  method: string;
  /** The path the provider called, with its query string (signatures may cover it). */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body: signatures are computed over the bytes, not over re-serialised JSON. */
  body: string;
}

/**
 * What a provider reported about a message it had taken: `delivered`; `failed` for good (a hard
 * bounce, an unknown number, a call nobody can take); or `retry` (a soft bounce, a busy line):
 * the outbox sends it again later, within its attempt limit.
 */
export interface DeliveryReport {
  /** The outbox message id (connectors send it along, e.g. as client reference, and get it back). */
  messageId: string;
  outcome: 'delivered' | 'failed' | 'retry';
  /** In words, for the timeline: "mailbox unknown (5.1.1)", "not answered". */
  reason: string | null;
  /** What the provider said, for the timeline (status codes, call duration …). */
  details?: Record<string, unknown>;
}

/** Something the recipient did in answer to a message: pressed a key, opened, clicked. */
export interface RecipientResponse {
  messageId: string;
  /** `keypress`, `opened`, `clicked`. */
  type: string;
  details: Record<string, unknown>;
}

export type CallbackResult =
  /** Refused and nothing recorded: `401` unsigned or wrongly signed, `400` not understood. */
  | { accepted: false; status: 400 | 401; reason: string }
  | {
      accepted: true;
      reports: DeliveryReport[];
      responses?: RecipientResponse[];
      /** What to answer the provider (e.g. call instructions); default: an empty 200. */
      reply?: { contentType: string; body: string };
    };

export interface ChannelConnector {
  /** Hands the messages over; one result per message, in order. Never throws for one bad message. */
  send(messages: readonly OutboundMessage[]): Promise<SendResult[]>;
  /** Whether the provider can be reached with these settings (the "test connection" button). */
  testConnection(): Promise<ConnectionCheck>;
  /** Releases pooled connections. */
  close(): Promise<void>;
  /**
   * Checks and reads a callback of the provider (delivery reports, call events). Connectors whose
   * provider calls back implement it; it must refuse whatever it cannot authenticate.
   */
  handleCallback?(request: CallbackRequest): Promise<CallbackResult>;
  /**
   * Which of these messages the provider already has (asked after a worker died mid-hand-over).
   * Connectors that can tell implement it; without it such a message is not risked twice.
   */
  findHandedOver?(messageIds: readonly string[]): Promise<Set<string>>;
}

export interface ConnectorContext {
  /** Default: `console`-free silence. */
  log?: (level: 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>) => void;
  /**
   * The address the provider must call back for this connector (delivery reports, call events):
   * public, and unique to this workspace's connector. Absent: no callbacks are asked for.
   */
  callbackUrl?: string;
  /**
   * Addresses that record what a recipient does with a message, signed by the service so that
   * nobody can forge them or use them to redirect elsewhere. Absent: no tracking is possible.
   */
  tracking?: MessageTracking;
}

export interface MessageTracking {
  /** A 1×1 image; loading it records the message as opened. */
  openPixelUrl(messageId: string): string;
  /** A redirect to `target` that records the click first (a paylink click as its own event). */
  clickUrl(messageId: string, target: string): string;
}

export interface ChannelConnectorDefinition<Settings extends z.ZodType> {
  id: string;
  kind: 'channel';
  channel: Channel;
  /** Shown in the designer, e.g. "E-mail over SMTP". */
  label: string;
  description: string;
  settings: Settings;
  /** Settings that are secrets: encrypted at rest, never returned to the browser. */
  secretFields: readonly (keyof z.output<Settings> & string)[];
  /**
   * How the provider learns the callback address: `per-request` (the connector sends it along)
   * or `provider-console` (the user enters it at the provider; the designer shows it). Absent: no
   * callbacks.
   */
  callbackSetup?: 'per-request' | 'provider-console';
  create(settings: z.output<Settings>, context: ConnectorContext): ChannelConnector;
}

/** A printed letter as a print provider gets it: the PDF and what the mail room needs to know. */
export interface PrintJob {
  messageId: string;
  pdf: Buffer;
  /** The address as printed in the envelope window, one line per entry. */
  addressLines: string[];
  language: string;
}

/**
 * A print provider (kind `print`): takes finished letter PDFs for printing and posting — a drop
 * folder, an SFTP pickup, a print shop's API. `letter-pdf` renders; a print connector hands over.
 */
export interface PrintConnector {
  /** Hands one letter over; resolves with the provider's reference once it is fully handed over. */
  handOver(job: PrintJob): Promise<{ reference: string }>;
  /** The references of the letters among these the provider already has. */
  handedOver(messageIds: readonly string[]): Promise<Map<string, string>>;
  testConnection(): Promise<ConnectionCheck>;
  close(): Promise<void>;
}

export interface PrintConnectorDefinition<Settings extends z.ZodType> {
  id: string;
  kind: 'print';
  label: string;
  description: string;
  settings: Settings;
  secretFields: readonly (keyof z.output<Settings> & string)[];
  create(settings: z.output<Settings>, context: ConnectorContext): PrintConnector;
}

/** Declares a print connector (see `definePrintConnector`'s twin `defineConnector`). */
export function definePrintConnector<Settings extends z.ZodType>(
  definition: PrintConnectorDefinition<Settings>,
): PrintConnectorDefinition<Settings> {
  return definition;
}

/** Declares a connector; the identity function that gives plugin authors type checking. */
export function defineConnector<Settings extends z.ZodType>(
  definition: ChannelConnectorDefinition<Settings>,
): ChannelConnectorDefinition<Settings> {
  return definition;
}
