/**
 * A loopback SMTP server for tests and the demo (the real SMTP protocol, via the `smtp-server`
 * package): it stores every message it accepts, parsed, with its envelope, and can be told to
 * refuse given recipients with a given reply (550 for a hard failure, 451 for a temporary one)
 * or to be unreachable. Like a receiving mail server that finds a mailbox missing later, it can
 * also accept an e-mail and then bounce it: a delivery status notification goes over SMTP to
 * the e-mail's return path, at `bounceTo` (addresses at `.invalid` domains always bounce).
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { composeBounce } from './delivery-status-notification.ts';

export interface ReceivedMail {
  /** MAIL FROM of the envelope (the return path bounces go to). */
  envelopeFrom: string;
  envelopeTo: string[];
  parsed: ParsedMail;
  /** The raw message as it arrived. */
  raw: string;
}

export interface SmtpDouble {
  host: string;
  port: number;
  /** The mails kept (the newest `keep`), oldest first. */
  received: ReceivedMail[];
  /** Every mail accepted since the start, kept or not. */
  readonly acceptedCount: number;
  /** Refuse this recipient at RCPT TO with `code` and `message` (e.g. 550 "No such user"). */
  refuse(address: string, code: number, message: string): void;
  /** Accept e-mail to this recipient, then bounce it with this status (5.x.x hard, 4.x.x soft). */
  bounce(address: string, status: string, diagnostic: string): void;
  /** Where bounces go: the inbound bounce endpoint of the service. */
  bounceTo: { host: string; port: number } | null;
  /** Bounces sent, with whether the bounce endpoint took them. */
  bounces: { returnPath: string; recipient: string; status: string; accepted: boolean }[];
  /** Resolves when every bounce started so far has been handed over. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export interface SmtpDoubleOptions {
  port?: number;
  bounceTo?: { host: string; port: number };
  /**
   * How many of the newest mails to keep (parsed) in `received`. Default: all. The demo keeps a
   * recent few, benchmarks none (they only count, and skip parsing).
   */
  keep?: number;
}

export async function startSmtpDouble(options: SmtpDoubleOptions = {}): Promise<SmtpDouble> {
  const received: ReceivedMail[] = [];
  const keep = options.keep ?? Number.POSITIVE_INFINITY;
  let acceptedCount = 0;
  const refusals = new Map<string, { code: number; message: string }>();
  const bouncing = new Map<string, { status: string; diagnostic: string }>();
  const inFlight = new Set<Promise<void>>();
  const bounceRule = (address: string) =>
    bouncing.get(address.toLowerCase()) ??
    (/\.invalid$/i.test(address)
      ? { status: '5.1.1', diagnostic: `550 5.1.1 <${address}>: Recipient address rejected: User unknown` }
      : null);
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Pooled clients keep their connections open: on close, end them after a moment instead of 30 s.
    closeTimeout: 200,
    // Accept any credentials: the double checks the protocol, not passwords.
    onAuth: (_auth, _session, callback) => callback(null, { user: 'double' }),
    onRcptTo(address, _session, callback) {
      const refusal = refusals.get(address.address.toLowerCase());
      if (!refusal) return callback();
      const error = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
      return callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        acceptedCount += 1;
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const envelopeTo = session.envelope.rcptTo.map((recipient) => recipient.address);
        if (keep === 0 && !envelopeTo.some(bounceRule)) return callback();
        simpleParser(raw)
          .then((parsed) => {
            const mail = { envelopeFrom, envelopeTo, parsed, raw };
            received.push(mail);
            if (received.length > keep) received.splice(0, received.length - keep);
            callback();
            for (const recipient of mail.envelopeTo) {
              const rule = bounceRule(recipient);
              if (rule && mail.envelopeFrom) sendBounce(mail, recipient, rule);
            }
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address() as AddressInfo;

  function sendBounce(mail: ReceivedMail, recipient: string, rule: { status: string; diagnostic: string }) {
    const target = double.bounceTo;
    if (!target) return;
    const entry = { returnPath: mail.envelopeFrom, recipient, status: rule.status, accepted: false };
    double.bounces.push(entry);
    const transport = nodemailer.createTransport({
      host: target.host,
      port: target.port,
      secure: false,
      ignoreTLS: true,
    });
    const raw = composeBounce({
      reportingMta: 'mx.smtp-double.example',
      recipient,
      returnPath: mail.envelopeFrom,
      status: rule.status,
      diagnostic: rule.diagnostic,
      originalHeaders: mail.raw.split(/\r?\n\r?\n/)[0] ?? '',
    });
    const sending: Promise<void> = transport
      // Bounces come from the null sender, so that they never bounce themselves.
      .sendMail({ envelope: { from: '', to: [mail.envelopeFrom] }, raw })
      .then(() => {
        entry.accepted = true;
      })
      .catch(() => {})
      .finally(() => {
        transport.close();
        inFlight.delete(sending);
      });
    inFlight.add(sending);
  }

  const double: SmtpDouble = {
    host: '127.0.0.1',
    port: address.port,
    received,
    get acceptedCount() {
      return acceptedCount;
    },
    refuse(address, code, message) {
      refusals.set(address.toLowerCase(), { code, message });
    },
    bounce(address, status, diagnostic) {
      bouncing.set(address.toLowerCase(), { status, diagnostic });
    },
    bounceTo: options.bounceTo ?? null,
    bounces: [],
    async settled() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    close: async () => {
      await double.settled();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return double;
}
