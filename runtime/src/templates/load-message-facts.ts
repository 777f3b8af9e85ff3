/**
 * What a message needs from the database: per case, the debtor and the open invoices (one query
 * for a whole batch of messages), and the brand of the template.
 */
import type { CurrencyCode } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import type { MessageFacts } from './message-data.ts';

export type CaseFacts = Omit<MessageFacts, 'language' | 'channel' | 'brand' | 'paylinkUrl' | 'today'> & {
  debtorLanguage: string;
  debtorLabel: string;
};

interface CaseRow {
  case_id: string;
  currency: CurrencyCode;
  debtor: CaseFacts['debtor'] & { language: string };
  invoices: CaseFacts['invoices'] | null;
  costs_minor: number;
  installment: CaseFacts['installment'];
}

/** What the debtor owes now: the open invoices, plus costs and interest charged. */
export function amountDueMinor(facts: Pick<CaseFacts, 'invoices' | 'costsMinor' | 'interestMinor'>): number {
  return (
    facts.invoices.reduce((sum, invoice) => sum + invoice.openAmountMinor, 0) + facts.costsMinor + facts.interestMinor
  );
}

export async function loadCaseFacts(
  db: Queryable,
  workspaceId: string,
  caseIds: string[],
): Promise<Map<string, CaseFacts>> {
  const { rows } = await db.query<CaseRow>({
    name: 'collectflow.message-case-facts',
    text: `select c.id as case_id, c.currency,
                  json_build_object('kind', d.kind, 'externalId', d.external_id, 'firstName', d.first_name,
                    'lastName', d.last_name, 'companyName', d.company_name, 'email', d.email, 'phone', d.phone,
                    'language', d.language,
                    'address', case when d.address_line1 is null then null else json_build_object(
                      'line1', d.address_line1, 'line2', d.address_line2, 'postalCode', d.postal_code,
                      'city', d.city, 'country', d.country_code) end) as debtor,
                  (select json_agg(json_build_object('externalId', i.external_id, 'issueDate', i.issue_date,
                            'dueDate', i.due_date, 'amountMinor', i.amount_minor, 'openAmountMinor', i.open_amount_minor)
                            order by i.due_date, i.external_id)
                     from invoices i where i.workspace_id = c.workspace_id and i.case_id = c.id and i.status = 'open') as invoices,
                  (select coalesce(sum(f.amount_minor - f.paid_minor), 0) from case_charges f
                    where f.workspace_id = c.workspace_id and f.case_id = c.id) as costs_minor,
                  -- The next installment of an active plan: the first not covered by what was paid since.
                  (select json_build_object('planId', p.id, 'seq', i.seq, 'count', i.count, 'dueDate', i.due_date,
                                            'openMinor', least(i.amount_minor, i.covered - p.paid))
                     from (select pl.id,
                                  (select coalesce(sum(pay.amount_minor - pay.unapplied_minor), 0) from payments pay
                                    where pay.workspace_id = pl.workspace_id and pay.case_id = pl.case_id
                                      and pay.created_at >= pl.created_at) as paid
                             from installment_plans pl
                            where pl.workspace_id = c.workspace_id and pl.case_id = c.id and pl.status = 'active') p
                     cross join lateral (select seq, due_date, amount_minor, count(*) over () as count,
                                                sum(amount_minor) over (order by seq) as covered
                                           from installments where plan_id = p.id) i
                    where i.covered > p.paid order by i.seq limit 1) as installment
             from cases c join debtors d on d.workspace_id = c.workspace_id and d.id = c.debtor_id
            where c.workspace_id = $1 and c.id = any($2::uuid[])`,
    values: [workspaceId, caseIds],
  });
  return new Map(
    rows.map((row) => {
      const { language, ...debtor } = row.debtor;
      const name = debtor.companyName ?? [debtor.firstName, debtor.lastName].filter(Boolean).join(' ');
      return [
        row.case_id,
        {
          caseId: row.case_id,
          currency: row.currency,
          debtor,
          debtorLanguage: language,
          debtorLabel: `${name} (${debtor.externalId})`,
          invoices: (row.invoices ?? []).map((invoice) => ({
            ...invoice,
            amountMinor: Number(invoice.amountMinor),
            openAmountMinor: Number(invoice.openAmountMinor),
          })),
          costsMinor: Number(row.costs_minor),
          installment: row.installment
            ? { ...row.installment, openMinor: Number(row.installment.openMinor), count: Number(row.installment.count) }
            : null,
          interestMinor: 0,
        },
      ];
    }),
  );
}
