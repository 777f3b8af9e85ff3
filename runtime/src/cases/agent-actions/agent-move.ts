/**
 * An agent moves a case into another flow ("a business customer: take them to the B2B flow").
 * The case leaves the flows it runs in (their queued messages are cancelled) and starts the
 * chosen flow's published version at its entry, whatever its entry segment says: the agent's
 * choice overrides it. A paused case starts there too, and waits until it is resumed.
 */
import type { CaseActionResult, MoveToFlowInput } from '@collectflow/shared';
import { inTransaction, type Pool } from '../../db/pool.ts';
import { DomainError } from '../../errors/domain-error.ts';
import { endActiveRuns } from '../../flows/end-runs.ts';
import { scheduleRuns } from '../../jobs/run-jobs.ts';
import { recordCaseEvent } from '../case-events.ts';
import { lockOpenCase } from './lock-open-case.ts';

export async function moveCaseByAgent(
  pool: Pool,
  workspaceId: string,
  userId: string,
  input: MoveToFlowInput,
): Promise<CaseActionResult> {
  return inTransaction(pool, async (client) => {
    await lockOpenCase(client, workspaceId, input.caseId);
    const { rows: flows } = await client.query<{ name: string; status: string; current_version: number | null }>(
      `select name, status::text, current_version from flows where workspace_id = $1 and id = $2`,
      [workspaceId, input.flowId],
    );
    const flow = flows[0];
    if (!flow) throw new DomainError('NOT_FOUND', 'There is no such flow.', { field: 'flowId' });
    if (flow.status !== 'active' || flow.current_version === null) {
      throw new DomainError('BAD_REQUEST', `“${flow.name}” is not running; publish it or resume it first.`, {
        field: 'flowId',
      });
    }
    const { rows: left } = await client.query<{ name: string }>(
      `select f.name from runs r join flows f on f.workspace_id = r.workspace_id and f.id = r.flow_id
        where r.workspace_id = $1 and r.case_id = $2 and r.status = 'active' order by r.entered_at`,
      [workspaceId, input.caseId],
    );
    await endActiveRuns(client, workspaceId, { caseId: input.caseId }, 'moved');
    const { rows: started } = await client.query<{ id: string }>(
      `insert into runs (workspace_id, case_id, flow_id, flow_version) values ($1, $2, $3, $4) returning id`,
      [workspaceId, input.caseId, input.flowId, flow.current_version],
    );
    const runId = started[0]!.id;
    await scheduleRuns(client, [runId]);
    await recordCaseEvent(client, {
      workspaceId,
      caseId: input.caseId,
      type: 'case.moved',
      source: 'user',
      actorUserId: userId,
      payload: {
        flowId: input.flowId,
        flowName: flow.name,
        version: flow.current_version,
        runId,
        left: left.map((run) => run.name),
        reason: input.reason,
      },
    });
    return { outcome: `Moved into “${flow.name}” (version ${flow.current_version}); it starts at its first step now.` };
  });
}
