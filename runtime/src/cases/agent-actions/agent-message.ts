/**
 * An agent sends one message from a published template, outside any flow ("send the payment
 * details again by e-mail"). It goes through the connector the workspace's flows last used for
 * the template's channel (else the first one set up for it, else the sandbox), under the same
 * recipient and consent rules as a flow's message.
 */
import type { CaseActionResult, Channel, SendOneOffMessageInput } from '@collectflow/shared';
import { channelOfConnector } from '../../connectors/connector-configs.ts';
import { inTransaction, type Pool, type Queryable } from '../../db/pool.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { queueCaseMessage } from '../../outbox/queue-case-message.ts';
import { lockOpenCase } from './lock-open-case.ts';

const messageWords: Record<Channel, string> = { email: 'e-mail', sms: 'text message', letter: 'letter', voice: 'call' };

export async function sendMessageByAgent(
  pool: Pool,
  workspaceId: string,
  userId: string,
  input: SendOneOffMessageInput,
): Promise<CaseActionResult> {
  return inTransaction(pool, async (client) => {
    await lockOpenCase(client, workspaceId, input.caseId);
    const { rows } = await client.query<{ channel: Channel }>(
      `select channel::text from templates where workspace_id = $1 and key = $2 and current_version is not null`,
      [workspaceId, input.template],
    );
    const channel = rows[0]?.channel;
    if (!channel) {
      throw new DomainError('BAD_REQUEST', `There is no published template “${input.template}”.`, {
        field: 'template',
      });
    }
    const connector = await connectorForChannel(client, workspaceId, channel);
    const queued = await queueCaseMessage(client, {
      workspaceId,
      caseId: input.caseId,
      template: input.template,
      connector,
      context: { oneOff: true, reason: input.reason },
      actorUserId: userId,
    });
    if (!queued.queued) {
      // The failed message stays on record (and on the timeline), like a flow's would.
      return { outcome: `Not sent: ${queued.reason}.` };
    }
    return { outcome: `The ${messageWords[channel]} is on its way; it shows on the timeline once sent.` };
  });
}

async function connectorForChannel(db: Queryable, workspaceId: string, channel: Channel): Promise<string> {
  const { rows: used } = await db.query<{ connector: string }>(
    `select connector from messages where workspace_id = $1 and channel = $2::channel
      order by created_at desc limit 1`,
    [workspaceId, channel],
  );
  if (used[0]) return used[0].connector;
  const { rows: configured } = await db.query<{ key: string; connector: string }>(
    'select key, connector from connector_configs where workspace_id = $1 order by created_at',
    [workspaceId],
  );
  return configured.find((config) => channelOfConnector(config.connector) === channel)?.key ?? 'sandbox';
}
