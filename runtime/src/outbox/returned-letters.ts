/**
 * Letters the post brought back: a letter counts as `sent` when handed to the print provider;
 * when it returns undeliverable, the mail room (or the print shop's system, through the REST
 * API) records it and the message becomes `failed` with the reason on the case's timeline.
 * Recording the same return twice changes nothing.
 */
import type { ReturnedLetterResult } from '@collectflow/shared';
import type { Pool } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import { recordDeliveryReports } from './delivery-reports.ts';

export async function recordReturnedLetter(
  pool: Pool,
  workspaceId: string,
  messageId: string,
  reason: string,
): Promise<ReturnedLetterResult> {
  const { rows } = await pool.query<{ case_id: string; channel: string; connector: string; status: string }>(
    'select case_id, channel, connector, status from messages where workspace_id = $1 and id = $2',
    [workspaceId, messageId],
  );
  const message = rows[0];
  if (!message) throw new DomainError('NOT_FOUND', `There is no message ${messageId}.`);
  if (message.channel !== 'letter') {
    throw new DomainError(
      'CONFLICT',
      `Message ${messageId} is ${message.channel === 'email' ? 'an' : 'a'} ${message.channel} message; only letters come back by post.`,
    );
  }
  const returned = `returned by post: ${reason}`;
  if (message.status === 'sent') {
    const { recorded } = await recordDeliveryReports(pool, workspaceId, message.connector, [
      { messageId, outcome: 'failed', reason: returned, details: { returned: true } },
    ]);
    if (recorded === 1) return { messageId, caseId: message.case_id, status: 'failed', alreadyRecorded: false };
  }
  const { rows: now } = await pool.query<{ status: string; failure_reason: string | null }>(
    'select status, failure_reason from messages where workspace_id = $1 and id = $2',
    [workspaceId, messageId],
  );
  if (now[0]?.status === 'failed' && now[0].failure_reason?.startsWith('returned by post: ')) {
    return { messageId, caseId: message.case_id, status: 'failed', alreadyRecorded: true };
  }
  throw new DomainError(
    'CONFLICT',
    `Letter ${messageId} is ${now[0]?.status ?? message.status}, not sent: only a letter that went out can come back.`,
  );
}
