/**
 * An agent records a payment the customer made outside Collectflow (at the counter, by bank
 * transfer the ERP has not reported yet). It is applied like a paylink payment — to the open
 * invoices by due date, then to the fees — and settles the case when nothing is left open.
 */

import { randomUUID } from 'node:crypto';
import { type CaseActionResult, formatMoney, type MarkPaidInput } from '@collectflow/shared';
import { inTransaction, type Pool } from '../../db/pool.ts';
import { recordCasePayment } from '../../payments/record-payment.ts';
import { lockOpenCase } from './lock-open-case.ts';

export async function markPaidByAgent(
  pool: Pool,
  workspaceId: string,
  userId: string,
  input: MarkPaidInput,
): Promise<CaseActionResult> {
  return inTransaction(pool, async (client) => {
    await lockOpenCase(client, workspaceId, input.caseId);
    const { rows } = await client.query<{ currency: string }>(
      'select currency::text from cases where workspace_id = $1 and id = $2',
      [workspaceId, input.caseId],
    );
    const currency = rows[0]!.currency;
    const recorded = await recordCasePayment(client, workspaceId, {
      caseId: input.caseId,
      amountMinor: input.amountMinor,
      currency,
      paidAt: input.paidOn ? new Date(`${input.paidOn}T12:00:00Z`) : null,
      externalId: `agent:${randomUUID()}`,
      source: 'user',
      actorUserId: userId,
      note: input.reason,
    });
    const amount = (minor: number) => formatMoney({ amountMinor: minor, currency }, 'en-GB');
    if (recorded.caseSettled)
      return { outcome: `Recorded ${amount(input.amountMinor)}. The case is paid; every reminder stopped.` };
    const { rows: open } = await client.query<{ open: string }>(
      'select open_amount_minor as open from cases where workspace_id = $1 and id = $2',
      [workspaceId, input.caseId],
    );
    const extra = recorded.unappliedMinor > 0 ? ` ${amount(recorded.unappliedMinor)} could not be applied.` : '';
    return {
      outcome: `Recorded ${amount(input.amountMinor)}. ${amount(Number(open[0]!.open))} is still open.${extra}`,
    };
  });
}
