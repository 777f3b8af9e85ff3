/** Reading cases for the REST API: one case with its debtor, invoices, totals and runs; its timeline. */
import type { CaseView, Timeline } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';

/** A case as stored; the API adds its paylink. */
export type StoredCaseView = Omit<CaseView, 'paylinkUrl'>;

const caseViewSql = (where: string) => `
  select c.id, c.status, c.currency::text as currency, c.dunning_level as "dunningLevel",
         to_json(c.opened_at) #>> '{}' as "openedAt", to_json(c.closed_at) #>> '{}' as "closedAt",
         json_build_object('id', d.id, 'externalId', d.external_id,
                           'name', coalesce(d.company_name, concat_ws(' ', d.first_name, d.last_name))) as debtor,
         coalesce((select json_agg(json_build_object('id', i.id, 'externalId', i.external_id, 'amountMinor', i.amount_minor,
                                                     'openAmountMinor', i.open_amount_minor, 'dueDate', i.due_date,
                                                     'status', i.status) order by i.due_date, i.external_id)
                     from invoices i where i.workspace_id = c.workspace_id and i.case_id = c.id), '[]') as invoices,
         json_build_object(
           'openMinor', (select coalesce(sum(i.open_amount_minor), 0) from invoices i
                          where i.workspace_id = c.workspace_id and i.case_id = c.id and i.status = 'open'),
           'amountMinor', (select coalesce(sum(i.amount_minor), 0) from invoices i
                            where i.workspace_id = c.workspace_id and i.case_id = c.id),
           'feesMinor', (select coalesce(sum(f.amount_minor), 0) from case_charges f
                          where f.workspace_id = c.workspace_id and f.case_id = c.id)) as totals,
         coalesce((select json_agg(json_build_object('id', r.id, 'flowId', r.flow_id, 'flowName', fl.name,
                                                     'version', r.flow_version, 'status', r.status, 'nodeId', r.node_id,
                                                     'enteredAt', r.entered_at, 'finishedAt', r.finished_at,
                                                     'exitReason', r.exit_reason) order by r.entered_at)
                     from runs r join flows fl on fl.workspace_id = r.workspace_id and fl.id = r.flow_id
                    where r.workspace_id = c.workspace_id and r.case_id = c.id), '[]') as runs
    from cases c
    join debtors d on d.workspace_id = c.workspace_id and d.id = c.debtor_id
   where c.workspace_id = $1 and ${where}`;

export function caseNotFound(caseId: string): DomainError {
  return new DomainError('NOT_FOUND', `There is no case ${caseId} in this workspace.`, { field: 'id' });
}

export async function getCaseView(db: Queryable, workspaceId: string, caseId: string): Promise<StoredCaseView> {
  const { rows } = await db.query<StoredCaseView>(caseViewSql('c.id = $2'), [workspaceId, caseId]);
  if (!rows[0]) throw caseNotFound(caseId);
  return rows[0];
}

export async function findCasesOfDebtor(
  db: Queryable,
  workspaceId: string,
  debtorExternalId: string,
): Promise<StoredCaseView[]> {
  const { rows } = await db.query<StoredCaseView>(`${caseViewSql('d.external_id = $2')} order by c.opened_at desc`, [
    workspaceId,
    debtorExternalId,
  ]);
  return rows;
}

/** A page of a case's events, and the cursor after its last one (null: the page is empty). */
export interface TimelineRead {
  items: Timeline['items'];
  cursor: string | null;
  more: boolean;
}

/**
 * A case's events in the order they happened (then as recorded), `limit` at a time, after the
 * cursor `after`: `<microseconds since 1970>-<event id>` of the last event read before.
 */
export async function readTimeline(
  db: Queryable,
  workspaceId: string,
  caseId: string,
  page: { after?: string | undefined; limit: number },
): Promise<TimelineRead> {
  const [micros, id] = (page.after ?? '-1-0').split(/-(?=\d+$)/);
  const { rows } = await db.query<Timeline['items'][number] & { micros: string }>(
    `select id, type, to_json(occurred_at) #>> '{}' as "occurredAt", source, actor_user_id as "actorUserId", payload,
            (extract(epoch from occurred_at) * 1000000)::bigint::text as micros
       from events
      where workspace_id = $1 and case_id = $2
        and (occurred_at, id) > (timestamptz 'epoch' + $3::bigint * interval '1 microsecond', $4::bigint)
      order by occurred_at, id
      limit $5`,
    [workspaceId, caseId, micros, id, page.limit + 1],
  );
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map(({ micros: _, ...event }) => event),
    cursor: last ? `${last.micros}-${last.id}` : (page.after ?? null),
    more: rows.length > page.limit,
  };
}

/** The REST API's timeline: a page and the cursor of the next one (null when there is none). */
export async function getTimeline(
  db: Queryable,
  workspaceId: string,
  caseId: string,
  page: { after?: string | undefined; limit: number },
): Promise<Timeline> {
  const exists = await db.query('select 1 from cases where workspace_id = $1 and id = $2', [workspaceId, caseId]);
  if (exists.rowCount === 0) throw caseNotFound(caseId);
  const read = await readTimeline(db, workspaceId, caseId, page);
  return { items: read.items, next: read.more ? read.cursor : null };
}
