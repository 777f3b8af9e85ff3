/**
 * Bounces: delivery status notifications (RFC 3464, `multipart/report; report-type=
 * delivery-status`). `readBounce` turns one that arrived at a VERP return path into a delivery
 * report: status 5.x.x = failed for good (hard bounce), 4.x.x = try again (soft bounce); a
 * "delayed" notice is only a warning and reports nothing. `composeBounce` writes one, as a
 * receiving mail server does (the SMTP double uses it).
 */
import { randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import type { DeliveryReport } from '../sdk/define-connector.ts';
import { messageIdOfReturnPath } from './email-smtp.ts';

interface StatusFields {
  action: string | null;
  status: string | null;
  diagnostic: string | null;
  recipient: string | null;
}

/** The per-recipient fields of a `message/delivery-status` body (the first failed or delayed one). */
function statusFields(text: string): StatusFields | null {
  const groups = text
    .replace(/\r\n/g, '\n')
    // Folded header lines continue on lines that start with white space.
    .replace(/\n[ \t]+/g, ' ')
    .split(/\n\s*\n/)
    .map((group) => {
      const fields = new Map<string, string>();
      for (const line of group.split('\n')) {
        const match = /^([A-Za-z-]+):\s*(.*)$/.exec(line.trim());
        if (match) fields.set(match[1]!.toLowerCase(), match[2]!.trim());
      }
      return fields;
    });
  const recipient = groups.find((fields) => fields.has('action') && fields.has('status'));
  if (!recipient) return null;
  return {
    action: recipient.get('action')?.toLowerCase() ?? null,
    status: recipient.get('status')?.match(/[245]\.\d{1,3}\.\d{1,3}/)?.[0] ?? null,
    diagnostic: recipient.get('diagnostic-code')?.replace(/^smtp;\s*/i, '') ?? null,
    recipient: recipient.get('final-recipient')?.replace(/^rfc822;\s*/i, '') ?? null,
  };
}

/**
 * The body of the `message/delivery-status` part. (mailparser folds that part into the text of
 * the mail, so it is cut out of the MIME structure here; its fields are plain 7-bit text.)
 */
function deliveryStatusPart(raw: string, boundary: string): string | null {
  for (const part of raw.split(`--${boundary}`)) {
    const [head, ...body] = part.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
    if (/^content-type:\s*message\/(global-)?delivery-status/im.test(head ?? '')) return body.join('\n\n');
  }
  return null;
}

/**
 * The report a bounce makes for the message its return path names. `envelopeTo`: the addresses
 * the bounce was delivered to (RCPT TO), one of which is our VERP address. Null: not a bounce
 * of ours, or only a delay warning.
 */
export async function readBounce(raw: string | Buffer, envelopeTo: readonly string[]): Promise<DeliveryReport | null> {
  const messageId = envelopeTo.map(messageIdOfReturnPath).find((id) => id !== null);
  if (!messageId) return null;
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  const parsed = await simpleParser(text);
  const type = parsed.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  if (type?.value?.toLowerCase() !== 'multipart/report' || !type.params?.boundary) return null;
  const status = deliveryStatusPart(text, type.params.boundary);
  const fields = status ? statusFields(status) : null;
  if (!fields?.status || fields.action === 'delayed' || fields.action === 'delivered' || fields.action === 'relayed') {
    return null;
  }
  const said = fields.diagnostic ?? fields.status;
  const details = {
    status: fields.status,
    action: fields.action,
    recipient: fields.recipient,
    diagnostic: fields.diagnostic,
  };
  return fields.status.startsWith('5')
    ? { messageId, outcome: 'failed', reason: `the e-mail bounced: ${said}`, details: { ...details, bounce: 'hard' } }
    : {
        messageId,
        outcome: 'retry',
        reason: `the e-mail bounced for now: ${said}`,
        details: { ...details, bounce: 'soft' },
      };
}

export interface BounceToCompose {
  /** Who reports (the receiving server). */
  reportingMta: string;
  /** The address the e-mail could not be delivered to. */
  recipient: string;
  /** The return path of the e-mail: the bounce goes there. */
  returnPath: string;
  /** E.g. `5.1.1`. */
  status: string;
  /** E.g. `550 5.1.1 <x@example.org>: Recipient address rejected: User unknown`. */
  diagnostic: string;
  /** The headers of the bounced e-mail, returned with the report. */
  originalHeaders: string;
}

/** A delivery status notification as a receiving mail server writes it (RFC 3464). */
export function composeBounce(bounce: BounceToCompose): string {
  const boundary = `=_report_${randomBytes(8).toString('hex')}`;
  return [
    `From: Mail Delivery System <MAILER-DAEMON@${bounce.reportingMta}>`,
    `To: <${bounce.returnPath}>`,
    'Subject: Undelivered Mail Returned to Sender',
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${randomBytes(12).toString('hex')}@${bounce.reportingMta}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Your message could not be delivered to <${bounce.recipient}>.`,
    '',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    `Reporting-MTA: dns; ${bounce.reportingMta}`,
    `Arrival-Date: ${new Date().toUTCString()}`,
    '',
    `Final-Recipient: rfc822; ${bounce.recipient}`,
    // The server gave up on this attempt ("failed"); with a 4.x.x status that is a soft bounce.
    'Action: failed',
    `Status: ${bounce.status}`,
    `Diagnostic-Code: smtp; ${bounce.diagnostic}`,
    '',
    `--${boundary}`,
    'Content-Type: text/rfc822-headers',
    '',
    bounce.originalHeaders.trim(),
    '',
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
