/**
 * The inbound SMTP endpoint for bounces: receiving mail servers send delivery status
 * notifications to an e-mail's return path (`bounce+<message id>@<bounce domain>`), whose MX
 * points here. Only return-path addresses are accepted (anything else is refused at RCPT TO,
 * so this is no open mail sink); each bounce becomes a delivery report of the message it names,
 * for the connector that sent it. Mail that is not a bounce (an auto-reply) is taken and dropped,
 * so that nothing bounces back and forth.
 */
import type { AddressInfo } from 'node:net';
import { messageIdOfReturnPath, readBounce } from '@collectflow/connectors';
import { SMTPServer } from 'smtp-server';
import type { Pool } from '../db/pool.ts';
import type { Logger } from '../logging/logger.ts';
import { recordDeliveryReports } from '../outbox/delivery-reports.ts';

export interface BounceReceiver {
  host: string;
  port: number;
  close(): Promise<void>;
}

export async function startBounceReceiver(options: {
  pool: Pool;
  logger: Logger;
  host?: string;
  port?: number;
}): Promise<BounceReceiver> {
  const { pool, logger } = options;

  async function handle(raw: string, envelopeTo: string[]): Promise<void> {
    const report = await readBounce(raw, envelopeTo);
    if (!report) return;
    const { rows } = await pool.query<{ workspace_id: string; connector: string }>(
      `select workspace_id, connector from messages where id = $1 and channel = 'email'`,
      [report.messageId],
    );
    const message = rows[0];
    if (!message) return;
    await recordDeliveryReports(pool, message.workspace_id, message.connector, [report]);
  }

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    closeTimeout: 200,
    onRcptTo(address, _session, callback) {
      if (messageIdOfReturnPath(address.address)) return callback();
      return callback(Object.assign(new Error('No such user here'), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const envelopeTo = session.envelope.rcptTo.map((recipient) => recipient.address);
        handle(Buffer.concat(chunks).toString('utf8'), envelopeTo)
          .then(() => callback())
          .catch((error: Error) => {
            // Not recorded: 451 makes the sending server try again later, so the bounce is not lost.
            logger.error({ err: error }, 'Could not record a bounce; the sender will retry');
            callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          });
      });
    },
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  return {
    host,
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
