/**
 * A loopback SMTP server for tests and the demo (the real SMTP protocol, via the `smtp-server`
 * package): it stores every message it accepts, parsed, with its envelope, and can be told to
 * refuse given recipients with a given reply (550 for a hard failure, 451 for a temporary one)
 * or to be unreachable.
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

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
  received: ReceivedMail[];
  /** Refuse this recipient at RCPT TO with `code` and `message` (e.g. 550 "No such user"). */
  refuse(address: string, code: number, message: string): void;
  close(): Promise<void>;
}

export async function startSmtpDouble(options: { port?: number } = {}): Promise<SmtpDouble> {
  const received: ReceivedMail[] = [];
  const refusals = new Map<string, { code: number; message: string }>();
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
        simpleParser(raw)
          .then((parsed) => {
            received.push({
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((recipient) => recipient.address),
              parsed,
              raw,
            });
            callback();
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
  return {
    host: '127.0.0.1',
    port: address.port,
    received,
    refuse(address, code, message) {
      refusals.set(address.toLowerCase(), { code, message });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
