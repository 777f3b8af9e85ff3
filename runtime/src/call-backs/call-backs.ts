/**
 * Call-back requests: a debtor pressed "call me back" in a reminder call's menu, and the call
 * promised it. The request becomes an agent task (one open per case); the agent calls and
 * says what came of it, which goes on the case's timeline.
 */
import type { CompleteCallBackInput } from '@collectflow/shared';
import { recordCaseEvent } from '../cases/case-events.ts';
import { inTransaction, type Pool, type Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';

/** Opens a call-back task for each message's case that has none open; returns how many were opened. */
export async function requestCallBacks(
  db: Queryable,
  workspaceId: string,
  messageIds: readonly string[],
): Promise<number> {
  if (messageIds.length === 0) return 0;
  const { rowCount } = await db.query(
    `insert into agent_tasks (workspace_id, case_id, kind, note)
     select distinct m.workspace_id, m.case_id, 'call_back',
            'Asked to be called back in the ' || to_char(m.created_at, 'DD Mon') || ' reminder call'
       from messages m where m.workspace_id = $1 and m.id = any($2::uuid[])
     on conflict (workspace_id, case_id) where kind = 'call_back' and status = 'open' do nothing`,
    [workspaceId, messageIds],
  );
  return rowCount ?? 0;
}

export async function completeCallBack(
  pool: Pool,
  workspaceId: string,
  userId: string,
  input: CompleteCallBackInput,
): Promise<void> {
  await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ case_id: string }>(
      `update agent_tasks set status = 'done', done_at = now(), done_by = $3
        where workspace_id = $1 and id = $2 and kind = 'call_back' and status = 'open'
        returning case_id`,
      [workspaceId, input.taskId, userId],
    );
    if (!rows[0]) throw new DomainError('NOT_FOUND', 'This task is done already or does not exist.');
    await recordCaseEvent(client, {
      workspaceId,
      caseId: rows[0].case_id,
      type: 'case.called_back',
      source: 'user',
      actorUserId: userId,
      payload: { taskId: input.taskId, note: input.note },
    });
  });
}
