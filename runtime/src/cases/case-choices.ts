/** Open cases to choose from by debtor name or number (the designer's test-run picker). */
import type { CaseChoice, CaseChoiceInput } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';

export async function listCaseChoices(
  db: Queryable,
  workspaceId: string,
  input: CaseChoiceInput,
): Promise<CaseChoice[]> {
  const pattern = `%${input.search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  const { rows } = await db.query<CaseChoice>(
    `select c.id, coalesce(d.company_name, concat_ws(' ', d.first_name, d.last_name)) as "debtorName",
            d.external_id as "debtorExternalId", d.language, c.status, c.currency::text as currency,
            coalesce(open.minor, 0)::float8 as "openMinor",
            greatest(current_date - open.oldest_due, 0) as "daysOverdue"
       from cases c
       join debtors d on d.workspace_id = c.workspace_id and d.id = c.debtor_id
       cross join lateral (select sum(i.open_amount_minor) as minor, min(i.due_date) as oldest_due from invoices i
                            where i.workspace_id = c.workspace_id and i.case_id = c.id and i.status = 'open') open
      where c.workspace_id = $1 and c.status = 'open'
        and ($2 = '%%' or d.external_id ilike $2
             or coalesce(d.company_name, concat_ws(' ', d.first_name, d.last_name)) ilike $2)
      order by d.external_id
      limit $3`,
    [workspaceId, pattern, input.limit],
  );
  return rows.map((row) => ({ ...row, daysOverdue: row.daysOverdue ?? 0 }));
}
