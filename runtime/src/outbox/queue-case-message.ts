/**
 * A message for a case outside any flow (an installment reminder): rendered from a published
 * template through a connector, like a flow's channel step, with the same recipient and consent
 * rules. Queued, and its sender nudged; or recorded as failed when the debtor cannot be reached
 * on the template's channel.
 */
import type { Channel } from '@collectflow/shared';
import { recordCaseEvent } from '../cases/case-events.ts';
import type { Queryable } from '../db/pool.ts';
import { type DebtorContact, debtorContactJson } from '../flows/run-snapshot.ts';
import { addSenderJobs } from './outbox-nudge.ts';
import { recipientFor } from './recipient.ts';

export interface CaseMessage {
  workspaceId: string;
  caseId: string;
  template: string;
  connector: string;
  /** Goes on the timeline with the message (e.g. which installment it reminds of). */
  context: Record<string, unknown>;
  /** An agent sent it by hand. */
  actorUserId?: string | null;
}

export type QueuedCaseMessage =
  | { queued: true; messageId: string; channel: Channel }
  | { queued: false; messageId: string | null; reason: string };

export async function queueCaseMessage(db: Queryable, message: CaseMessage): Promise<QueuedCaseMessage> {
  const { rows } = await db.query<{ channel: Channel | null; debtor_id: string; debtor: DebtorContact }>(
    `select (select t.channel::text from templates t
              where t.workspace_id = c.workspace_id and t.key = $3 and t.current_version is not null) as channel,
            c.debtor_id, ${debtorContactJson} as debtor
       from cases c join debtors d on d.workspace_id = c.workspace_id and d.id = c.debtor_id
      where c.workspace_id = $1 and c.id = $2`,
    [message.workspaceId, message.caseId, message.template],
  );
  const found = rows[0];
  if (!found) return { queued: false, messageId: null, reason: 'the case does not exist' };
  if (!found.channel) {
    return { queued: false, messageId: null, reason: `there is no published template “${message.template}”` };
  }
  const recipient = recipientFor(found.channel, found.debtor);
  const { rows: inserted } = await db.query<{ id: string }>(
    `insert into messages (workspace_id, case_id, debtor_id, channel, connector, template, recipient, status,
                           failure_reason, finished_at)
     values ($1, $2, $3, $4::channel, $5, $6, $7, $8::message_status, $9, case when $8 = 'failed' then now() end)
     returning id`,
    [
      message.workspaceId,
      message.caseId,
      found.debtor_id,
      found.channel,
      message.connector,
      message.template,
      recipient.ok ? recipient.address : null,
      recipient.ok ? 'queued' : 'failed',
      recipient.ok ? null : recipient.reason,
    ],
  );
  const messageId = inserted[0]!.id;
  await recordCaseEvent(db, {
    workspaceId: message.workspaceId,
    caseId: message.caseId,
    type: recipient.ok ? 'message.queued' : 'message.failed',
    source: message.actorUserId ? 'user' : 'system',
    actorUserId: message.actorUserId ?? null,
    payload: {
      messageId,
      channel: found.channel,
      template: message.template,
      ...message.context,
      ...(recipient.ok ? {} : { reason: recipient.reason }),
    } as never,
  });
  if (!recipient.ok) return { queued: false, messageId, reason: recipient.reason };
  await addSenderJobs(db, [found.channel]);
  return { queued: true, messageId, channel: found.channel };
}
