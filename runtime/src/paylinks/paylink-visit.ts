/**
 * A debtor opens their paylink: what the page shows (what is open, or only that the case is
 * settled), and the visit on the case's timeline (`paylink.opened`, at most one per case every
 * ten minutes, so reloading the page does not flood the timeline). The visit wakes flows
 * waiting for it.
 */
import type { CurrencyCode, PaylinkView } from '@collectflow/shared';
import { recordCaseEvent } from '../cases/case-events.ts';
import type { Queryable } from '../db/pool.ts';
import { caseReference } from '../templates/message-data.ts';
import { findPaylinkCase } from './paylinks.ts';

export async function visitPaylink(db: Queryable, token: string): Promise<PaylinkView | null> {
  const found = await findPaylinkCase(db, token);
  if (!found) return null;
  const { rows } = await db.query<{
    status: string;
    currency: CurrencyCode;
    language: string;
    invoices: { number: string; dueDate: string; openAmountMinor: number }[] | null;
    recent_visit: boolean;
  }>(
    `select c.status::text, c.currency, d.language,
            (select json_agg(json_build_object('number', i.external_id, 'dueDate', i.due_date,
                                               'openAmountMinor', i.open_amount_minor) order by i.due_date, i.external_id)
               from invoices i where i.workspace_id = c.workspace_id and i.case_id = c.id and i.status = 'open') as invoices,
            exists (select 1 from events e where e.workspace_id = c.workspace_id and e.case_id = c.id
                      and e.type = 'paylink.opened' and e.occurred_at > now() - interval '10 minutes') as recent_visit
       from cases c join debtors d on d.workspace_id = c.workspace_id and d.id = c.debtor_id
      where c.workspace_id = $1 and c.id = $2`,
    [found.workspaceId, found.caseId],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.status !== 'open') return { status: 'settled' };
  if (!row.recent_visit) {
    await recordCaseEvent(db, {
      workspaceId: found.workspaceId,
      caseId: found.caseId,
      type: 'paylink.opened',
      source: 'debtor',
    });
  }
  const invoices = row.invoices ?? [];
  return {
    status: 'open',
    reference: caseReference(found.caseId),
    language: row.language,
    currency: row.currency,
    invoices,
    totalMinor: invoices.reduce((sum, invoice) => sum + invoice.openAmountMinor, 0),
  };
}
