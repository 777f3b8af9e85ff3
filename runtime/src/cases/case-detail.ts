/** One case with everything an agent needs beside its timeline, in one query. */
import type { CaseDetail } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import { caseNotFound } from './case-queries.ts';

export async function getCaseDetail(db: Queryable, workspaceId: string, caseId: string): Promise<CaseDetail> {
  const { rows } = await db.query<CaseDetail>(
    `select c.id, c.status::text as status, c.paused_by_agent as "pausedByAgent", c.currency::text as currency,
            c.dunning_level as "dunningLevel",
            to_json(c.opened_at) #>> '{}' as "openedAt", to_json(c.closed_at) #>> '{}' as "closedAt",
            json_build_object(
              'id', d.id, 'externalId', d.external_id, 'kind', d.kind,
              'name', coalesce(d.company_name, concat_ws(' ', d.first_name, d.last_name)),
              'firstName', d.first_name, 'lastName', d.last_name, 'companyName', d.company_name,
              'language', d.language, 'email', d.email, 'phone', d.phone,
              'addressLine1', d.address_line1, 'addressLine2', d.address_line2, 'postalCode', d.postal_code,
              'city', d.city, 'countryCode', d.country_code, 'preferredChannel', d.preferred_channel,
              'consents', d.consents) as debtor,
            json_build_object(
              'openMinor', c.open_amount_minor,
              'amountMinor', (select coalesce(sum(i.amount_minor), 0) from invoices i
                               where i.workspace_id = c.workspace_id and i.case_id = c.id),
              'feesMinor', (select coalesce(sum(f.amount_minor), 0) from case_charges f
                             where f.workspace_id = c.workspace_id and f.case_id = c.id)) as totals,
            coalesce((select json_agg(json_build_object(
                        'id', i.id, 'externalId', i.external_id, 'amountMinor', i.amount_minor,
                        'openAmountMinor', i.open_amount_minor, 'issueDate', i.issue_date, 'dueDate', i.due_date,
                        'status', i.status) order by i.due_date, i.external_id)
                        from invoices i where i.workspace_id = c.workspace_id and i.case_id = c.id), '[]') as invoices,
            coalesce((select json_agg(json_build_object(
                        'id', p.id, 'externalId', p.external_id, 'amountMinor', p.amount_minor,
                        'paidAt', to_json(p.paid_at) #>> '{}', 'source', p.source, 'flag', p.flag) order by p.paid_at)
                        from payments p where p.workspace_id = c.workspace_id and p.case_id = c.id), '[]') as payments,
            coalesce((select json_agg(json_build_object(
                        'id', p.id, 'promisedDate', p.promised_date, 'status', p.status,
                        'createdAt', to_json(p.created_at) #>> '{}') order by p.created_at)
                        from promises p where p.workspace_id = c.workspace_id and p.case_id = c.id), '[]') as promises,
            coalesce((select json_agg(json_build_object(
                        'id', p.id, 'status', p.status, 'totalMinor', p.total_minor,
                        'installments', (select json_agg(json_build_object('seq', s.seq, 'dueDate', s.due_date,
                                                           'amountMinor', s.amount_minor, 'status', s.status) order by s.seq)
                                           from installments s where s.plan_id = p.id)) order by p.created_at)
                        from installment_plans p
                       where p.workspace_id = c.workspace_id and p.case_id = c.id), '[]') as plans,
            coalesce((select json_agg(json_build_object(
                        'id', s.id, 'kind', s.kind, 'message', s.message, 'status', s.status,
                        'createdAt', to_json(s.created_at) #>> '{}') order by s.created_at)
                        from disputes s where s.workspace_id = c.workspace_id and s.case_id = c.id), '[]') as disputes,
            coalesce((select json_agg(json_build_object(
                        'id', r.id, 'flowId', r.flow_id, 'flowName', fl.name, 'version', r.flow_version,
                        'status', r.status, 'nodeId', r.node_id, 'enteredAt', to_json(r.entered_at) #>> '{}',
                        'finishedAt', to_json(r.finished_at) #>> '{}', 'exitReason', r.exit_reason) order by r.entered_at)
                        from runs r join flows fl on fl.workspace_id = r.workspace_id and fl.id = r.flow_id
                       where r.workspace_id = c.workspace_id and r.case_id = c.id), '[]') as runs
       from cases c
       join debtors d on d.workspace_id = c.workspace_id and d.id = c.debtor_id
      where c.workspace_id = $1 and c.id = $2`,
    [workspaceId, caseId],
  );
  if (!rows[0]) throw caseNotFound(caseId);
  return rows[0];
}
