/** The action step: changes the case (dunning level, fees) and records what changed. */
import type { FlowNodeOf } from '@collectflow/shared';
import type { NodeHandler } from '../node-handler.ts';

export const actionStep: NodeHandler<FlowNodeOf<'action'>> = async (node, context) => {
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
  }
  context.invalidateFacts();
  return { kind: 'next', handle: 'out', detail: { action: action.kind } };
};
