/**
 * The built-in `sandbox` connector: sends nothing, records every hand-over in
 * `sandbox_deliveries` (on its own connection, as a provider keeps its own log), and reports
 * each message sent at once. Used by the demo, by tests, and as a flow's dry-run mode.
 *
 * It simulates the failures a real provider reports, so fallbacks can be tried: e-mail to a
 * `.invalid` domain (RFC 2606) bounces, and phone numbers ending in 0000 are unreachable.
 */
import type { Pool } from '../db/pool.ts';
import type { ChannelDispatcher, DispatchResult, OutboxMessage } from './channel-dispatcher.ts';

export const sandboxConnectorId = 'sandbox';

export interface SandboxOptions {
  /** Time each hand-over takes, to imitate a provider's latency. Default: 0. */
  delayMs?: number;
}

export function sandboxDispatcher(pool: Pool, options: SandboxOptions = {}): ChannelDispatcher {
  return {
    id: sandboxConnectorId,
    async dispatch(messages) {
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      const results = messages.map(simulatedOutcome);
      const accepted = messages.filter((_, index) => results[index]!.status === 'sent');
      if (accepted.length > 0) {
        await pool.query(
          `insert into sandbox_deliveries (workspace_id, message_id, channel, recipient, template)
           select * from unnest($1::uuid[], $2::uuid[], $3::channel[], $4::text[], $5::text[])`,
          [
            accepted.map((message) => message.workspaceId),
            accepted.map((message) => message.id),
            accepted.map((message) => message.channel),
            accepted.map((message) => message.recipient),
            accepted.map((message) => message.template),
          ],
        );
      }
      return results;
    },
    async findHandedOver(messageIds) {
      const { rows } = await pool.query<{ message_id: string }>(
        'select distinct message_id from sandbox_deliveries where message_id = any($1::uuid[])',
        [messageIds],
      );
      return new Set(rows.map((row) => row.message_id));
    },
  };
}

function simulatedOutcome(message: OutboxMessage): DispatchResult {
  if (message.channel === 'email' && /\.invalid$/i.test(message.recipient)) {
    return { status: 'failed', retryable: false, reason: 'mailbox does not exist (sandbox: .invalid domain)' };
  }
  if ((message.channel === 'sms' || message.channel === 'voice') && message.recipient.endsWith('0000')) {
    return { status: 'failed', retryable: false, reason: 'number not reachable (sandbox: number ends in 0000)' };
  }
  return { status: 'sent', providerMessageId: `sandbox-${message.id}`, reportExpected: false };
}
