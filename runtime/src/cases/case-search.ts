/**
 * The agents' case list. Every filter is a condition on an indexed column of `cases` (its open
 * amount and oldest open due date are kept there by triggers, migration 0017), a trigram index
 * over the debtor's names, number, e-mail and phone, the invoices' unique number, or an
 * `exists` on a case's own runs and disputes. Pages are keyset: the sort value and case id of
 * the last row, so every page reads only its rows from the sort's index.
 */
import { CaseSearch, type CaseSearchPage, type CaseSort } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';

/** Counting stops here: "more than 10,000 cases" is all a list needs to say. */
export const caseCountCap = 10_000;

interface SortSpec {
  /** The sort value as SQL, equal to its index's expression. */
  key: string;
  direction: 'asc' | 'desc';
  /** The sort value as the cursor's text. */
  cursorText: string;
  /** The cursor's text back into the sort value. */
  fromCursor: string;
}

/** A case's oldest open due date; 9999-12-31 when nothing is open (the overdue index's expression). */
const oldestDue = `coalesce(c.oldest_open_due_date, date '9999-12-31')`;

const sorts: Record<CaseSort, SortSpec> = {
  most_overdue: {
    key: oldestDue,
    direction: 'asc',
    cursorText: `${oldestDue}::text`,
    fromCursor: '::date',
  },
  largest: {
    key: 'c.open_amount_minor',
    direction: 'desc',
    cursorText: 'c.open_amount_minor::text',
    fromCursor: '::bigint',
  },
  newest: {
    key: 'c.opened_at',
    direction: 'desc',
    cursorText: `(extract(epoch from c.opened_at) * 1000000)::bigint::text`,
    fromCursor: `::bigint * interval '1 microsecond' + timestamptz 'epoch'`,
  },
};

/** Escapes `%`, `_` and `\` for a LIKE pattern. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

export async function searchCases(db: Queryable, workspaceId: string, input: CaseSearch): Promise<CaseSearchPage> {
  const query = CaseSearch.parse(input);
  const params: unknown[] = [workspaceId];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = ['c.workspace_id = $1'];

  if (query.search !== '') {
    const pattern = param(`%${likeLiteral(query.search.toLowerCase())}%`);
    const exact = param(query.search);
    // One IN over a union: the planner starts from the few matching debtors and invoices
    // (trigram and unique indexes) instead of testing every case of the workspace.
    where.push(`c.id in (select m.id from cases m join debtors md on md.workspace_id = m.workspace_id and md.id = m.debtor_id
                          where m.workspace_id = $1
                            and debtor_search_text(md.external_id, md.first_name, md.last_name, md.company_name,
                                                   md.email, md.phone) like ${pattern}
                         union all
                         select i.case_id from invoices i
                          where i.workspace_id = $1 and i.external_id in (${exact}, upper(${exact})))`);
  }
  if (query.status.length > 0) where.push(`c.status = any(${param(query.status)}::case_status[])`);
  if (query.flowId) {
    const node = query.nodeId ? ` and r.node_id = ${param(query.nodeId)}` : '';
    where.push(`exists (select 1 from runs r where r.flow_id = ${param(query.flowId)} and r.case_id = c.id
                          and r.status = 'active' and r.workspace_id = c.workspace_id${node})`);
  }
  if (query.minOpenMinor !== undefined) where.push(`c.open_amount_minor >= ${param(query.minOpenMinor)}`);
  if (query.maxOpenMinor !== undefined) where.push(`c.open_amount_minor <= ${param(query.maxOpenMinor)}`);
  // Days overdue on the expression of the overdue index (nothing open counts as 9999-12-31), so
  // the range is an index range, also when the list is sorted most overdue first.
  if (query.minDaysOverdue !== undefined) {
    where.push(`${oldestDue} <= current_date - ${param(query.minDaysOverdue)}::integer`);
  }
  if (query.maxDaysOverdue !== undefined) {
    where.push(`${oldestDue} between current_date - ${param(query.maxDaysOverdue)}::integer and date '9999-12-30'`);
  }
  // The only filter on the debtor's own row: the count joins debtors only for it.
  const byDebtor = query.preferredChannel !== undefined;
  if (query.preferredChannel === 'none') where.push('d.preferred_channel is null');
  else if (query.preferredChannel) where.push(`d.preferred_channel = ${param(query.preferredChannel)}::channel`);
  if (query.hasDispute !== undefined) {
    where.push(`c.id ${query.hasDispute ? '' : 'not '}in (select s.case_id from disputes s
                 where s.workspace_id = $1 and s.status = 'open')`);
  }

  const filters = where.join('\n     and ');
  const from = `from cases c join debtors d on d.workspace_id = c.workspace_id and d.id = c.debtor_id`;
  const counted = db.query<{ total: number }>(
    `select count(*)::integer as total
       from (select 1 ${byDebtor ? from : 'from cases c'} where ${filters} limit ${caseCountCap + 1}) matching`,
    params,
  );

  const sort = sorts[query.sort];
  const pageParams = [...params];
  let keyset = '';
  if (query.after) {
    const [value, id] = query.after.split('_') as [string, string];
    pageParams.push(value, id);
    const comparison = sort.direction === 'asc' ? '>' : '<';
    keyset = `and (${sort.key}, c.id) ${comparison} ($${pageParams.length - 1}${sort.fromCursor}, $${pageParams.length}::uuid)`;
  }
  pageParams.push(query.limit + 1);
  const page = db.query<CaseSearchPage['items'][number] & { cursor: string }>(
    `select c.id, c.status::text as status,
            json_build_object('externalId', d.external_id, 'email', d.email,
                              'name', coalesce(d.company_name, concat_ws(' ', d.first_name, d.last_name))) as debtor,
            c.open_amount_minor::float8 as "openMinor", c.currency::text as currency,
            greatest(current_date - c.oldest_open_due_date, 0) as "daysOverdue",
            (select json_build_object('id', r.flow_id, 'name', f.name, 'nodeId', r.node_id)
               from runs r join flows f on f.workspace_id = r.workspace_id and f.id = r.flow_id
              where r.workspace_id = c.workspace_id and r.case_id = c.id and r.status = 'active'
              order by r.entered_at desc limit 1) as flow,
            exists (select 1 from disputes s
                     where s.workspace_id = c.workspace_id and s.case_id = c.id and s.status = 'open') as disputed,
            to_json(c.opened_at) #>> '{}' as "openedAt",
            ${sort.cursorText} || '_' || c.id as cursor
       ${from}
      where ${filters} ${keyset}
      order by ${sort.key} ${sort.direction}, c.id ${sort.direction}
      limit $${pageParams.length}`,
    pageParams,
  );
  const [{ rows: countRows }, { rows }] = await Promise.all([counted, page]);
  const items = rows.slice(0, query.limit);
  return {
    items: items.map(({ cursor: _, ...item }) => item),
    next: rows.length > query.limit ? (items.at(-1)?.cursor ?? null) : null,
    total: countRows[0]!.total,
    totalCap: caseCountCap,
  };
}
