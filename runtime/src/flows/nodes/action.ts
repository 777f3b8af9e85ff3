/** The action step: changes the case (dunning level, fees), notifies the ERP or hands the case over; records what it did. */
import type { FlowNodeOf } from '@collectflow/shared';
import { endActiveRuns } from '../end-runs.ts';
import type { NodeHandler, NodeOutcome } from '../node-handler.ts';

export const actionStep: NodeHandler<FlowNodeOf<'action'>> = async (node, context): Promise<NodeOutcome> => {
  const client = context.lock();
  const { run } = context;
  const action = node.data;
  switch (action.kind) {
    case 'setDunningLevel': {
      const { rows } = await client.query<{ previous: number }>(
        `update cases c set dunning_level = $3, updated_at = now()
           from (select dunning_level from cases where workspace_id = $1 and id = $2 for no key update) previous
          where c.workspace_id = $1 and c.id = $2
          returning previous.dunning_level as previous`,
        [run.workspaceId, run.caseId, action.level],
      );
      context.record('case.dunning_level_changed', {
        runId: run.id,
        from: rows[0]?.previous ?? null,
        to: action.level,
      });
      break;
    }
    case 'addFee':
      await client.query(
        `insert into case_charges (workspace_id, case_id, run_id, kind, amount_minor, currency, description)
         values ($1, $2, $3, 'fee', $4, $5, $6)`,
        [run.workspaceId, run.caseId, run.id, action.amountMinor, run.caseCurrency, action.description],
      );
      context.record('case.fee_added', {
        runId: run.id,
        amountMinor: action.amountMinor,
        currency: run.caseCurrency,
        description: action.description,
      });
      break;
    case 'notifyErp':
      context.record('erp.notified', { runId: run.id, nodeId: node.id, topic: action.topic, note: action.note });
      return { kind: 'next', handle: 'out', detail: { action: action.kind, topic: action.topic } };
    case 'handOver': {
      // The case leaves the creditor's own dunning: closed, every other run of it ended and its
      // queued messages cancelled; this run ends here. The event's webhook carries the case file.
      // Only an open case is handed over (a paused or settled one is not this step's to close:
      // the step is then refused as any step of such a case is).
      const { rowCount } = await client.query(
        `update cases set status = 'closed', closed_at = now(), updated_at = now()
          where workspace_id = $1 and id = $2 and status = 'open'`,
        [run.workspaceId, run.caseId],
      );
      if (!rowCount) return { kind: 'exit', reason: 'handed_over' };
      await endActiveRuns(client, run.workspaceId, { caseId: run.caseId, exceptRunId: run.id }, 'handed_over');
      context.record('case.handed_over', { runId: run.id, nodeId: node.id, agency: action.agency, note: action.note });
      return { kind: 'exit', reason: 'handed_over', closedCase: true };
    }
  }
  context.invalidateFacts();
  return { kind: 'next', handle: 'out', detail: { action: action.kind } };
};
