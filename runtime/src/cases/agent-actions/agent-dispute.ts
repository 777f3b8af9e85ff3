/**
 * An agent records a dispute the customer raised by phone or letter: like one from the paylink
 * page, it pauses the case and puts a task in the inbox, where it is resolved.
 */
import { type CaseActionResult, disputeKindLabels, type RecordDisputeInput } from '@collectflow/shared';
import { inTransaction, type Pool } from '../../db/pool.ts';
import { insertDispute } from '../../disputes/disputes.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { lockOpenCase } from './lock-open-case.ts';

export async function recordDisputeByAgent(
  pool: Pool,
  workspaceId: string,
  userId: string,
  input: RecordDisputeInput,
): Promise<CaseActionResult> {
  return inTransaction(pool, async (client) => {
    const holds = await lockOpenCase(client, workspaceId, input.caseId);
    if (holds.disputed) throw new DomainError('CONFLICT', 'This case has an open dispute already; see Tasks.');
    await insertDispute(client, {
      workspaceId,
      caseId: input.caseId,
      kind: input.kind,
      message: input.reason,
      attachment: null,
      actorUserId: userId,
    });
    return {
      outcome: `Dispute recorded (${disputeKindLabels[input.kind].toLowerCase()}). The case is paused until the dispute is resolved in Tasks.`,
    };
  });
}
