/**
 * For tests: a new debtor with one case (debtor and invoice ids made unique from `externalId`)
 * and its paylink; with `enrol`, the case is entered into the workspace's active flows and each
 * run taken one step (a channel step then leaves its message queued).
 */
import type { Pool } from '../../db/pool.ts';
import type { SyntheticDebtor } from '../../demo/synthetic-debtors.ts';
import { enrolIntoActiveFlows } from '../../enrolment/enrol-into-active-flows.ts';
import { advanceRun } from '../../flows/advance-run.ts';
import type { FlowDefinitions } from '../../flows/flow-definitions.ts';
import { runsOfCase, seedDebtors } from '../../flows/testing/flow-test-kit.ts';
import type { Paylinks } from '../paylinks.ts';

export interface PaylinkCaseOptions {
  externalId: string;
  adjust?: (debtor: SyntheticDebtor) => void;
  /** Enter the case into the active flows and take each run one step. */
  enrol?: FlowDefinitions;
}

export async function newPaylinkCase(
  pool: Pool,
  workspaceId: string,
  paylinks: Paylinks,
  options: PaylinkCaseOptions,
): Promise<{ caseId: string; token: string }> {
  const { externalId } = options;
  await seedDebtors(pool, workspaceId, 1, {
    adjust: (debtor) => {
      debtor.externalId = externalId;
      debtor.invoices.forEach((invoice, index) => {
        invoice.externalId = `${externalId}-${index}`;
      });
      options.adjust?.(debtor);
    },
  });
  const { rows } = await pool.query<{ id: string }>(
    'select c.id from cases c join debtors d on d.id = c.debtor_id where d.workspace_id = $1 and d.external_id = $2',
    [workspaceId, externalId],
  );
  const caseId = rows[0]!.id;
  await paylinks.register(pool, [{ workspaceId, caseId }]);
  if (options.enrol) {
    const definitions = options.enrol;
    await enrolIntoActiveFlows(pool, definitions, workspaceId, [caseId], new Date());
    for (const run of await runsOfCase(pool, caseId)) {
      await advanceRun({ pool, clock: () => new Date(), definitions }, run.id);
    }
  }
  return { caseId, token: paylinks.tokenFor(caseId) };
}
