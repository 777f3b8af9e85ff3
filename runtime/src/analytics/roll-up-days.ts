/**
 * Recomputes the daily rollups (analytics_days, analytics_day_counts; see migration 0018) of
 * some days of one flow from run_analytics: deleted and rebuilt in one transaction, so readers
 * see the old day or the new one, never half of it.
 */
import { timeToPayBucketBounds } from '@collectflow/shared';
import { inTransaction, type Pool } from '../db/pool.ts';

/** A day of one flow whose runs changed. */
export interface TouchedDay {
  workspaceId: string;
  flowId: string;
  day: string;
}

const hours = `extract(epoch from a.paid_at - a.first_message_at) / 3600`;
const bucket = `width_bucket(${hours}, $6::float8[])`;
/** The UTC day `day` (a date expression) as the moment it starts and the moment the next one starts. */
const within = (day: string) =>
  `a.entered_at >= (${day})::timestamp at time zone 'UTC' and a.entered_at < ((${day}) + 1)::timestamp at time zone 'UTC'`;

/** The hours-to-pay histogram {bucket: runs} of a rollup group `g` (and `also`, a further condition). */
const histogramOf = (also = '') =>
  `coalesce((select jsonb_object_agg(h.b, h.n) from (
      select ${bucket} as b, count(*) as n from run_analytics a
       where a.workspace_id = g.workspace_id and a.flow_id = g.flow_id and a.flow_version = g.flow_version
         and a.brand_id is not distinct from g.brand_id
         and ${within('g.day')} and a.paid_at >= a.first_message_at ${also}
       group by 1) h), '{}')`;

export async function rollUpDays(pool: Pool, touched: Iterable<TouchedDay>): Promise<number> {
  const groups = new Map<string, { workspaceId: string; flowId: string; days: Set<string> }>();
  for (const day of touched) {
    const key = `${day.workspaceId}/${day.flowId}`;
    const group = groups.get(key) ?? { workspaceId: day.workspaceId, flowId: day.flowId, days: new Set() };
    group.days.add(day.day);
    groups.set(key, group);
  }
  let days = 0;
  for (const group of groups.values()) {
    const list = [...group.days].sort();
    for (let from = 0; from < list.length; from += 60) {
      const chunk = list.slice(from, from + 60);
      await rollUpChunk(pool, group.workspaceId, group.flowId, chunk);
      days += chunk.length;
    }
  }
  return days;
}

async function rollUpChunk(pool: Pool, workspaceId: string, flowId: string, days: string[]): Promise<void> {
  // The runs of the chunk's days (one index range from its first to its last day), grouped as the
  // rollups are. `$3` the days, `$4`/`$5` the first and last of them, `$6` the histogram's bounds.
  const parameters = [workspaceId, flowId, days, days[0], days.at(-1), timeToPayBucketBounds];
  const runs = `run_analytics a
    where a.workspace_id = $1 and a.flow_id = $2
      and a.entered_at >= $4::date::timestamp at time zone 'UTC'
      and a.entered_at < ($5::date + 1)::timestamp at time zone 'UTC'
      and (a.entered_at at time zone 'UTC')::date = any($3::date[])`;
  const day = `(a.entered_at at time zone 'UTC')::date`;
  const group = `a.workspace_id, ${day}, a.flow_id, a.flow_version, a.brand_id`;
  await inTransaction(pool, async (client) => {
    await client.query(
      'delete from analytics_days where workspace_id = $1 and flow_id = $2 and day = any($3::date[])',
      [workspaceId, flowId, days],
    );
    await client.query(
      'delete from analytics_day_counts where workspace_id = $1 and flow_id = $2 and day = any($3::date[])',
      [workspaceId, flowId, days],
    );
    await client.query(
      `insert into analytics_days (workspace_id, day, flow_id, flow_version, brand_id, currency, entered, paid,
                                   collected_minor, handed_over, messages, paid_within_24h, paid_after_message, hours)
       select g.workspace_id, g.day, g.flow_id, g.flow_version, g.brand_id, g.currency, g.entered, g.paid,
              g.collected, g.handed_over, g.messages, g.paid_24h, g.paid_after_message,
              ${histogramOf()}
         from (select a.workspace_id, ${day} as day, a.flow_id, a.flow_version, a.brand_id,
                      mode() within group (order by a.currency) as currency, count(*)::int as entered,
                      count(a.paid_at)::int as paid, sum(a.collected_minor) as collected,
                      count(*) filter (where a.exit_reason = 'handed_over')::int as handed_over,
                      sum(a.messages_sent)::int as messages,
                      count(*) filter (where a.paid_hours_after_message <= 24)::int as paid_24h,
                      count(a.paid_hours_after_message)::int as paid_after_message
                 from ${runs}
                group by ${group}) g`,
      parameters,
    );
    await client.query(
      `insert into analytics_day_counts (workspace_id, day, flow_id, flow_version, brand_id, dimension, key, detail,
                                         cases, paid, messages, collected_minor)
       select ${group}, 'connector', e.key, '', count(*), 0, sum(e.value::int), 0
         from ${runs.replace('run_analytics a', 'run_analytics a cross join lateral jsonb_each_text(a.sent_by_connector) e')}
        group by ${group}, e.key
       union all
       select ${group}, 'paid_after', a.paid_after_channel::text, '', count(*),
              count(*) filter (where a.paid_hours_after_message <= 24), 0, 0
         from ${runs} and a.paid_after_channel is not null
        group by ${group}, a.paid_after_channel
       union all
       select ${group}, 'node', split_part(s.step, ':', 1), '', count(distinct a.run_id),
              count(distinct a.run_id) filter (where a.paid_at is not null), 0, 0
         from ${runs.replace('run_analytics a', 'run_analytics a cross join lateral unnest(a.path) s (step)')}
        group by ${group}, split_part(s.step, ':', 1)
       union all
       select ${group}, 'step', split_part(s.step, ':', 1), split_part(s.step, ':', 2), count(*), 0, 0, 0
         from ${runs.replace('run_analytics a', 'run_analytics a cross join lateral unnest(a.path) s (step)')}
        group by ${group}, s.step
       union all
       select ${group}, 'stand', a.node_id, '', count(*), count(a.paid_at),
              count(*) filter (where a.status = 'active'), 0
         from ${runs} and a.node_id is not null
          and not exists (select 1 from unnest(a.path) p where split_part(p, ':', 1) = a.node_id)
        group by ${group}, a.node_id`,
      parameters.slice(0, 5),
    );
    // A/B variants and subject lines, with their time-to-pay histograms.
    for (const [dimension, column] of [
      ['variant', 'variants'],
      ['subject', 'subjects'],
    ] as const) {
      await client.query(
        `insert into analytics_day_counts (workspace_id, day, flow_id, flow_version, brand_id, dimension, key, detail,
                                           cases, paid, messages, collected_minor, hours)
         select g.workspace_id, g.day, g.flow_id, g.flow_version, g.brand_id, '${dimension}', g.key, g.detail, g.cases,
                g.paid, 0, g.collected,
                ${histogramOf(`and a.${column} ->> g.key = g.detail`)}
           from (select a.workspace_id, ${day} as day, a.flow_id, a.flow_version, a.brand_id, e.key,
                        e.value as detail, count(*)::int as cases, count(a.paid_at)::int as paid,
                        sum(a.collected_minor) as collected
                   from ${runs.replace('run_analytics a', `run_analytics a cross join lateral jsonb_each_text(a.${column}) e`)}
                  group by ${group}, e.key, e.value) g`,
        parameters,
      );
    }
  });
}
