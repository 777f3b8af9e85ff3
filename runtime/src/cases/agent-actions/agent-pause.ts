/**
 * An agent pauses a case ("the customer called, we wait for their document") or resumes it.
 * The agent's pause holds the case until an agent resumes it: a kept promise or a resolved
 * dispute does not lift it. Resuming lifts only the agent's hold — an open promise, a running
 * installment plan or an open dispute still holds the case, and the outcome says so.
 */
import type { CaseActionResult, PauseCaseInput, ResumeCaseInput } from '@collectflow/shared';
import { inTransaction, type Pool } from '../../db/pool.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { recordCaseEvent } from '../case-events.ts';
import { type CaseHolds, pauseCase, resumeCase } from '../case-pause.ts';
import { lockOpenCase } from './lock-open-case.ts';

export async function pauseCaseByAgent(
  pool: Pool,
  workspaceId: string,
  userId: string,
  input: PauseCaseInput,
): Promise<CaseActionResult> {
  return inTransaction(pool, async (client) => {
    const holds = await lockOpenCase(client, workspaceId, input.caseId);
    if (holds.pausedByAgent) throw new DomainError('CONFLICT', 'This case is paused by an agent already.');
    await pauseCase(client, workspaceId, input.caseId);
    await client.query('update cases set paused_by_agent = true where workspace_id = $1 and id = $2', [
      workspaceId,
      input.caseId,
    ]);
    await recordCaseEvent(client, {
      workspaceId,
      caseId: input.caseId,
      type: 'case.paused',
      source: 'user',
      actorUserId: userId,
      payload: { reason: input.reason, byAgent: true, wasPaused: holds.status === 'paused' },
    });
    return { outcome: 'Paused. No reminder goes out until you resume the case.' };
  });
}

export async function resumeCaseByAgent(
  pool: Pool,
  workspaceId: string,
  userId: string,
  input: ResumeCaseInput,
): Promise<CaseActionResult> {
  return inTransaction(pool, async (client) => {
    const holds = await lockOpenCase(client, workspaceId, input.caseId);
    if (holds.status !== 'paused') throw new DomainError('CONFLICT', 'This case is not paused.');
    await client.query('update cases set paused_by_agent = false where workspace_id = $1 and id = $2', [
      workspaceId,
      input.caseId,
    ]);
    const resumed = await resumeCase(client, workspaceId, input.caseId);
    const still = resumed ? [] : stillHolding(holds);
    await recordCaseEvent(client, {
      workspaceId,
      caseId: input.caseId,
      type: 'case.resumed',
      source: 'user',
      actorUserId: userId,
      payload: { reason: input.reason, byAgent: true, resumed, still },
    });
    return {
      outcome: resumed
        ? 'Resumed. The case’s flows go on from where they stood.'
        : `Your pause is lifted, but the case stays paused: ${still.join(', ')}.`,
    };
  });
}

/** What keeps a case paused besides an agent, in words. */
function stillHolding(holds: CaseHolds): string[] {
  return [
    ...(holds.promised ? [`the customer promised to pay by ${holds.promised}`] : []),
    ...(holds.planned ? ['an installment plan is running'] : []),
    ...(holds.disputed ? ['a dispute waits in the task inbox'] : []),
  ];
}
