/**
 * What the best-channel policy knows about a case at a moment ({@link DecisionContext}), read
 * from the database for any number of (case, moment) pairs in one statement. Deciding reads it
 * for the case at hand now; training reads it for every message of the training window at the
 * moment the message went out — the same SQL, so what a model learnt from and what it is asked
 * about cannot drift apart. Only what happened before the moment counts.
 */
import { DecisionContext } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';

/**
 * The contexts of the items an `items` query yields — columns `ord` (bigint), `case_id`, `at` —
 * in workspace `$1`, with the reward window in days as `$2`. Returns the items' columns and `context`.
 */
export function decisionContextsSql(items: string): string {
  return `with items as (${items})
  select i.*, json_build_object(
           'amountMinor', inv.amount_minor,
           'daysOverdue', case when inv.oldest_due is null then null
                               else (i.at at time zone 'UTC')::date - inv.oldest_due end,
           'language', d.language,
           'attributes', d.attributes,
           'history', coalesce(h.history, '{}'::json),
           'hoursSinceLastContact', extract(epoch from i.at - h.last_contact) / 3600,
           'lastPaylinkDevice', dev.device) as context
    from items i
    join cases c on c.workspace_id = $1 and c.id = i.case_id
    join debtors d on d.workspace_id = $1 and d.id = c.debtor_id
   cross join lateral (
     select coalesce(sum(v.amount_minor), 0)::float8 as amount_minor, min(v.due_date) as oldest_due
       from invoices v where v.workspace_id = $1 and v.case_id = c.id) inv
   cross join lateral (
     select json_object_agg(per.channel, json_build_object('sent', true, 'opened', per.opened, 'clicked', per.clicked,
                                                           'paidAfter', per.paid_after)) as history,
            max(per.last_at) as last_contact
       from (select m.channel,
                    coalesce(bool_or(m.opened_at < i.at), false) as opened,
                    coalesce(bool_or(m.clicked_at < i.at), false) as clicked,
                    bool_or(exists (select 1 from payments p
                                     where p.workspace_id = $1 and p.case_id = m.case_id and p.paid_at > m.sent_at
                                       and p.paid_at <= least(i.at, m.sent_at + $2 * interval '1 day'))) as paid_after,
                    max(m.sent_at) as last_at
               from messages m
              -- By the index on (workspace, debtor, created_at): a message is created before it is sent.
              where m.workspace_id = $1 and m.debtor_id = c.debtor_id and m.created_at < i.at and m.sent_at < i.at
              group by m.channel) per) h
    left join lateral (
     select e.payload ->> 'device' as device
       from cases dc
       join events e on e.workspace_id = dc.workspace_id and e.case_id = dc.id
      where dc.workspace_id = $1 and dc.debtor_id = c.debtor_id
        and e.type = 'paylink.opened' and e.occurred_at < i.at and e.payload ? 'device'
      order by e.occurred_at desc limit 1) dev on true
   order by i.ord`;
}

const byPairsSql = decisionContextsSql(
  'select p.ord, p.case_id, p.at from unnest($3::uuid[], $4::timestamptz[]) with ordinality as p(case_id, at, ord)',
);

/** The contexts of cases at moments, in the order given. */
export async function readDecisionContexts(
  db: Queryable,
  workspaceId: string,
  rewardWindowDays: number,
  pairs: readonly { caseId: string; at: Date }[],
): Promise<DecisionContext[]> {
  if (pairs.length === 0) return [];
  const { rows } = await db.query<{ ord: string; context: unknown }>(byPairsSql, [
    workspaceId,
    rewardWindowDays,
    pairs.map((pair) => pair.caseId),
    pairs.map((pair) => pair.at.toISOString()),
  ]);
  const contexts = new Array<DecisionContext>(pairs.length);
  for (const row of rows) contexts[Number(row.ord) - 1] = DecisionContext.parse(row.context);
  return contexts;
}
