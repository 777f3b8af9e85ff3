/** The first step of every agent action on a case: lock it, and refuse when it is settled. */
import type { Queryable } from '../../db/pool.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { type CaseHolds, lockCaseHolds } from '../case-pause.ts';
import { caseNotFound } from '../case-queries.ts';

export async function lockOpenCase(db: Queryable, workspaceId: string, caseId: string): Promise<CaseHolds> {
  const holds = await lockCaseHolds(db, workspaceId, caseId);
  if (!holds) throw caseNotFound(caseId);
  if (holds.status !== 'open' && holds.status !== 'paused') {
    throw new DomainError(
      'CONFLICT',
      `This case is ${holds.status === 'paid' ? 'paid' : 'closed'}; nothing can be changed on it.`,
    );
  }
  return holds;
}
