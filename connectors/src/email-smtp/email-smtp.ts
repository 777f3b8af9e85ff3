/**
 * E-mail over SMTP (`email-smtp`), through nodemailer's pooled transport. Every message gets a
 * `Message-ID` and a VERP return path (`bounce+<message id>@<bounce domain>`) so a bounce names
 * the message it is about. Outcomes: accepted by the server = sent; a 5xx reply = failed for
 * good; a 4xx reply or an unreachable server = failed, try again later.
 */
import nodemailer from 'nodemailer';
import { z } from 'zod';
import {
  type ChannelConnector,
  type ConnectorContext,
  defineConnector,
  type OutboundMessage,
  type SendResult,
} from '../sdk/define-connector.ts';
import { addTracking } from './email-tracking.ts';

const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    message: 'Use a domain name such as mail.example.com.',
  });

export const EmailSmtpSettings = z
  .object({
    host: z
      .string()
      .trim()
      .min(1, { message: 'Enter the mail server’s host name.' })
      .meta({ title: 'Mail server', description: 'Host name of your SMTP server or relay, e.g. smtp.example.com.' }),
    /** Default: 587 (submission with STARTTLS). */
    port: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .default(587)
      .meta({ title: 'Port', description: 'Usually 587, or 465 with TLS from the start.' }),
    /** TLS from the first byte (usually port 465). Default: false. */
    secure: z.boolean().default(false).meta({ title: 'TLS from the first byte (port 465)' }),
    /** Refuse to send unless the connection is encrypted. Default: true; off only for a local test server. */
    requireTls: z.boolean().default(true).meta({ title: 'Only send over an encrypted connection' }),
    /** Default: empty, no authentication. */
    username: z.string().max(200).default('').meta({ title: 'User name' }),
    /** Secret. Default: empty. */
    password: z.string().max(500).default('').meta({ title: 'Password' }),
    /** The sender when a brand has none for e-mail. */
    defaultFrom: z
      .object({
        name: z.string().trim().min(1).max(100).meta({ title: 'Name' }),
        address: z.email().meta({ title: 'Address' }),
      })
      .meta({ title: 'Default sender', description: 'Used when the brand has no e-mail sender.' }),
    /** Domain of the Message-IDs and of the return path that bounces come back to. */
    bounceDomain: Domain.meta({
      title: 'Bounce domain',
      description: 'Domain of the return path bounces come back to, e.g. bounces.example.com.',
    }),
    /**
     * How long a flow step waits for a bounce before it counts the e-mail as sent. Default: 30
     * minutes; 0: go on at once (a later bounce is still recorded on the timeline).
     */
    bounceWindowMinutes: z.number().int().min(0).max(1440).default(30).meta({
      title: 'Wait for bounces (minutes)',
      description: 'Most bounces arrive within minutes; a bounced e-mail takes the step’s “failed” way.',
    }),
    /** DKIM signing: the domain that signs (usually the sender's). Empty: no DKIM signature. */
    dkimDomain: z
      .union([z.literal(''), Domain])
      .default('')
      .meta({ title: 'DKIM domain', description: 'Sign e-mails for this domain; leave empty if your relay signs.' }),
    dkimSelector: z
      .string()
      .trim()
      .regex(/^[a-z0-9._-]*$/i, { message: 'Use the selector of your DKIM DNS record, e.g. collectflow.' })
      .default('')
      .meta({ title: 'DKIM selector', description: 'The name before ._domainkey in the DNS record.' }),
    /** Secret: PEM private key. */
    dkimPrivateKey: z
      .string()
      .trim()
      .refine((value) => value === '' || /^-----BEGIN (RSA )?PRIVATE KEY-----/.test(value), {
        message: 'Paste the private key in PEM form (it starts with -----BEGIN PRIVATE KEY-----).',
      })
      .default('')
      .meta({ title: 'DKIM private key' }),
    /** Open tracking (a 1×1 image). Default: on. Needs the service's public address. */
    trackOpens: z.boolean().default(true).meta({
      title: 'Record when e-mails are opened',
      description: 'Adds an invisible image. Some mail apps load images by themselves, so opens are a hint.',
    }),
    /** Click tracking (links through a signed redirect). Default: on. Needs the service's public address. */
    trackClicks: z.boolean().default(true).meta({
      title: 'Record link clicks',
      description: 'Links pass through Collectflow, which records the click (the paylink on its own) and forwards.',
    }),
    /** Connections kept open to the server. Default: 5. */
    maxConnections: z.number().int().min(1).max(50).default(5).meta({ title: 'Connections at once' }),
  })
  .refine(
    (settings) => !settings.dkimDomain === !settings.dkimSelector && !settings.dkimDomain === !settings.dkimPrivateKey,
    {
      message: 'For DKIM signing, fill in the domain, the selector and the private key (or none of them).',
      path: ['dkimDomain'],
    },
  );
export type EmailSmtpSettings = z.output<typeof EmailSmtpSettings>;

/** The return path of a message: bounces arrive addressed to it and name the message. */
export function returnPathFor(messageId: string, bounceDomain: string): string {
  return `bounce+${messageId}@${bounceDomain}`;
}

/** The message id a return path stands for, or null for another address. */
export function messageIdOfReturnPath(address: string): string | null {
  const match = /^bounce\+([0-9a-f-]{36})@/i.exec(address.trim());
  return match ? match[1]!.toLowerCase() : null;
}

function outcomeOfError(error: unknown): SendResult {
  const failure = error as { responseCode?: number; response?: string; code?: string; message?: string };
  const code = failure.responseCode;
  if (typeof code === 'number' && code >= 500) {
    return { status: 'failed', retryable: false, reason: `the mail server refused it: ${failure.response ?? code}` };
  }
  if (typeof code === 'number' && code >= 400) {
    return {
      status: 'failed',
      retryable: true,
      reason: `the mail server asked to try later: ${failure.response ?? code}`,
    };
  }
  return {
    status: 'failed',
    retryable: true,
    reason: `the mail server cannot be reached: ${failure.code ?? ''} ${failure.message ?? String(error)}`
      .replace(/\s+/g, ' ')
      .trim(),
  };
}

function createEmailSmtp(settings: EmailSmtpSettings, context: ConnectorContext): ChannelConnector {
  const tracking = context.tracking;
  const trackingOptions = { opens: settings.trackOpens, clicks: settings.trackClicks };
  const transport = nodemailer.createTransport({
    pool: true,
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: settings.requireTls && !settings.secure,
    ignoreTLS: !settings.requireTls && !settings.secure,
    maxConnections: settings.maxConnections,
    ...(settings.username ? { auth: { user: settings.username, pass: settings.password } } : {}),
    ...(settings.dkimDomain
      ? {
          dkim: {
            domainName: settings.dkimDomain,
            keySelector: settings.dkimSelector,
            privateKey: settings.dkimPrivateKey,
          },
        }
      : {}),
  });

  async function sendOne(message: OutboundMessage): Promise<SendResult> {
    if (message.channel !== 'email' || message.content.html === null) {
      return { status: 'failed', retryable: false, reason: `email-smtp sends e-mails, not ${message.channel}` };
    }
    const from = message.sender ?? settings.defaultFrom;
    try {
      const info = await transport.sendMail({
        from: { name: from.name, address: from.address },
        to: message.recipient,
        subject: message.content.subject ?? '',
        html: tracking
          ? addTracking(message.content.html, message.id, tracking, trackingOptions)
          : message.content.html,
        text: message.content.text,
        messageId: `<${message.id}@${settings.bounceDomain}>`,
        envelope: { from: returnPathFor(message.id, settings.bounceDomain), to: message.recipient },
        headers: { 'X-Collectflow-Message': message.id },
      });
      return settings.bounceWindowMinutes > 0
        ? {
            status: 'sent',
            providerMessageId: info.messageId,
            reportExpected: true,
            reportWithinMinutes: settings.bounceWindowMinutes,
          }
        : { status: 'sent', providerMessageId: info.messageId, reportExpected: false };
    } catch (error) {
      return outcomeOfError(error);
    }
  }

  return {
    send: (messages) => Promise.all(messages.map(sendOne)),
    async testConnection() {
      try {
        await transport.verify();
        return { ok: true };
      } catch (error) {
        const outcome = outcomeOfError(error);
        return { ok: false, reason: outcome.status === 'failed' ? outcome.reason : 'unknown' };
      }
    },
    async close() {
      transport.close();
    },
  };
}

export const emailSmtp = defineConnector({
  id: 'email-smtp',
  kind: 'channel',
  channel: 'email',
  label: 'E-mail over SMTP',
  description: 'Sends e-mails through your mail server or e-mail provider’s SMTP relay.',
  settings: EmailSmtpSettings,
  secretFields: ['password', 'dkimPrivateKey'],
  create: (settings, context) => createEmailSmtp(settings, context),
});
