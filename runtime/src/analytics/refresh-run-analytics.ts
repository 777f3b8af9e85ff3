/**
 * Keeps `run_analytics` (one row per run, see migration 0018) current. A payment counts for the
 * case's newest run that entered before it (also after that run ended: a debtor often pays
 * days after the last reminder), never for two runs.
 *
 * Every change to a run's figures also writes a timeline event for its case, so a refresh
 * recomputes the runs of the cases with events since the last refresh — an upsert per run, idempotent, so looking at an
 * event twice is harmless. The watermark stays five minutes behind: an event id is taken at
 * insert time but becomes visible at commit, so a transaction still open could commit ids
 * below ones already seen; events of the last five minutes are looked at again next time.
 * (A transaction open for longer than that is caught by the nightly full refresh.)
 */
import type { Pool, Queryable } from '../db/pool.ts';
import { rollUpDays, type TouchedDay } from './roll-up-days.ts';

const refreshName = 'run_analytics';
/** Cases per statement. */
const batchSize = 5_000;
/** Events read per round when looking for changed cases. */
const eventChunk = 50_000;

/**
 * Recomputes the rows of every run of the given cases (`cases` and `workspaces` are paired by
 * position) and returns the days of entry (UTC) of the runs written, whose rollups are due.
 */
export async function refreshRunsOfCases(db: Queryable, workspaces: string[], cases: string[]): Promise<TouchedDay[]> {
  if (cases.length === 0) return [];
  const { rows } = await db.query<TouchedDay>(
    `with k as (
       select distinct w, c from unnest($1::uuid[], $2::uuid[]) as k (w, c)
     ), target as (
       select r.*,
              case when c.status = 'paid' and c.closed_at >= r.entered_at
                        and c.closed_at < coalesce(r.next_entered_at, 'infinity') then c.closed_at end as paid_at
         from (select r.id, r.workspace_id, r.case_id, r.flow_id, r.flow_version, r.entered_at, r.finished_at,
                      r.status, r.node_id, r.exit_reason, c.currency,
                      (select min(later.entered_at) from runs later
                        where later.workspace_id = r.workspace_id and later.case_id = r.case_id
                          and later.entered_at > r.entered_at) as next_entered_at
                 from k join runs r on r.workspace_id = k.w and r.case_id = k.c
                 join cases c on c.workspace_id = r.workspace_id and c.id = r.case_id) r
         join cases c on c.workspace_id = r.workspace_id and c.id = r.case_id
     ), sent as (
       select m.run_id, m.channel, m.connector, m.template, m.subject, m.sent_at
         from k join messages m on m.workspace_id = k.w and m.case_id = k.c
        where m.run_id is not null and m.sent_at is not null
     ), by_connector as (
       select run_id, jsonb_object_agg(channel || ':' || connector, n) as counts, sum(n)::int as total,
              min(first_at) as first_at
         from (select run_id, channel, connector, count(*) as n, min(sent_at) as first_at
                 from sent group by run_id, channel, connector) g
        group by run_id
     ), subjects as (
       select run_id, jsonb_object_agg(template, subject) as subjects
         from (select distinct on (run_id, template) run_id, template, subject
                 from sent where channel = 'email' and subject is not null
                order by run_id, template, sent_at) f
        group by run_id
     ), first_brand as (
       select distinct on (s.run_id) s.run_id, t.brand_id
         from sent s
         join target r on r.id = s.run_id
         join templates t on t.workspace_id = r.workspace_id and t.key = s.template
        order by s.run_id, s.sent_at
     ), last_before_paid as (
       select distinct on (s.run_id) s.run_id, s.channel, s.sent_at
         from sent s join target r on r.id = s.run_id
        where r.paid_at is not null and s.sent_at <= r.paid_at
        order by s.run_id, s.sent_at desc
     ), collected as (
       select r.id as run_id, sum(p.amount_minor) as collected
         from target r
         join payments p on p.workspace_id = r.workspace_id and p.case_id = r.case_id
        where p.created_at >= r.entered_at and p.created_at < coalesce(r.next_entered_at, 'infinity')
        group by r.id
     ), steps as (
       select (e.payload ->> 'runId')::uuid as run_id,
              coalesce(jsonb_object_agg(e.payload ->> 'nodeId', e.payload ->> 'handle')
                         filter (where e.payload ->> 'nodeType' = 'abSplit'), '{}') as variants,
              array_agg(distinct (e.payload ->> 'nodeId') || ':' || (e.payload ->> 'handle')) as path
         from k join events e on e.workspace_id = k.w and e.case_id = k.c
        where e.type = 'flow.step'
        group by 1
     )
     insert into run_analytics as a (
       run_id, workspace_id, case_id, flow_id, flow_version, entered_at, finished_at, status, node_id, exit_reason, brand_id,
       currency, first_message_at, messages_sent, sent_by_connector, paid_at, collected_minor, paid_after_channel,
       paid_hours_after_message, variants, subjects, path, refreshed_at)
     select r.id, r.workspace_id, r.case_id, r.flow_id, r.flow_version, r.entered_at, r.finished_at, r.status,
            r.node_id, r.exit_reason, fb.brand_id, r.currency, bc.first_at, coalesce(bc.total, 0), coalesce(bc.counts, '{}'),
            r.paid_at, coalesce(co.collected, 0), lp.channel,
            extract(epoch from r.paid_at - lp.sent_at) / 3600, coalesce(st.variants, '{}'),
            coalesce(su.subjects, '{}'), coalesce(st.path, '{}'), now()
       from target r
       left join by_connector bc on bc.run_id = r.id
       left join subjects su on su.run_id = r.id
       left join first_brand fb on fb.run_id = r.id
       left join last_before_paid lp on lp.run_id = r.id
       left join collected co on co.run_id = r.id
       left join steps st on st.run_id = r.id
     on conflict (run_id) do update set
       finished_at = excluded.finished_at, status = excluded.status, node_id = excluded.node_id,
       exit_reason = excluded.exit_reason,
       brand_id = excluded.brand_id, first_message_at = excluded.first_message_at,
       messages_sent = excluded.messages_sent, sent_by_connector = excluded.sent_by_connector,
       paid_at = excluded.paid_at, collected_minor = excluded.collected_minor,
       paid_after_channel = excluded.paid_after_channel, paid_hours_after_message = excluded.paid_hours_after_message,
       variants = excluded.variants, subjects = excluded.subjects, path = excluded.path,
       refreshed_at = excluded.refreshed_at
     returning workspace_id as "workspaceId", flow_id as "flowId",
               to_char(entered_at at time zone 'UTC', 'YYYY-MM-DD') as day`,
    [workspaces, cases],
  );
  return rows;
}

/** Collects the days a refresh touched, once each. */
class TouchedDays {
  private readonly days = new Map<string, TouchedDay>();
  runs = 0;
  add(touched: TouchedDay[]): void {
    this.runs += touched.length;
    for (const day of touched) this.days.set(`${day.workspaceId}/${day.flowId}/${day.day}`, day);
  }
  values(): Iterable<TouchedDay> {
    return this.days.values();
  }
}

export interface RefreshResult {
  /** Runs written. */
  runs: number;
  /** The event id the next refresh starts after. */
  eventId: number;
}

/** Refreshes the runs of cases with events since the last refresh (all of them, the first time). */
export async function refreshChangedRunAnalytics(pool: Pool): Promise<RefreshResult> {
  const { rows: state } = await pool.query<{ event_id: number }>(
    'select event_id from analytics_refreshes where name = $1',
    [refreshName],
  );
  const since = Number(state[0]?.event_id ?? 0);
  const { rows: bounds } = await pool.query<{ last: number | null; settled: number | null }>(
    `select (select max(id) from events) as last,
            (select max(id) from events where id > $1 and recorded_at < now() - interval '5 minutes') as settled`,
    [since],
  );
  const last = Number(bounds[0]?.last ?? since);
  const touched = new TouchedDays();
  for (let from = since; from < last; from += eventChunk) {
    const { rows } = await pool.query<{ workspaces: string[] | null; cases: string[] | null }>(
      `select array_agg(workspace_id) as workspaces, array_agg(case_id) as cases
         from (select distinct workspace_id, case_id from events where id > $1 and id <= $2) changed`,
      [from, Math.min(last, from + eventChunk)],
    );
    await refreshInBatches(pool, rows[0]?.workspaces ?? [], rows[0]?.cases ?? [], touched);
  }
  await rollUpDays(pool, touched.values());
  const eventId = Math.max(since, Number(bounds[0]?.settled ?? since));
  await pool.query(
    `insert into analytics_refreshes (name, event_id) values ($1, $2)
     on conflict (name) do update set event_id = excluded.event_id, refreshed_at = now()`,
    [refreshName, eventId],
  );
  return { runs: touched.runs, eventId };
}

/** Recomputes every run (the nightly refresh, and after a bulk load). */
export async function refreshAllRunAnalytics(pool: Pool): Promise<number> {
  const touched = new TouchedDays();
  let after: [string, string] = ['00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000'];
  for (;;) {
    const { rows } = await pool.query<{ workspaces: string[] | null; cases: string[] | null }>(
      `select array_agg(workspace_id order by workspace_id, case_id) as workspaces,
              array_agg(case_id order by workspace_id, case_id) as cases
         from (select distinct workspace_id, case_id from runs
                where (workspace_id, case_id) > ($1::uuid, $2::uuid)
                order by workspace_id, case_id limit $3) next`,
      [after[0], after[1], batchSize],
    );
    const workspaces = rows[0]?.workspaces ?? [];
    const cases = rows[0]?.cases ?? [];
    if (cases.length === 0) break;
    touched.add(await refreshRunsOfCases(pool, workspaces, cases));
    after = [workspaces.at(-1)!, cases.at(-1)!];
  }
  await rollUpDays(pool, touched.values());
  // Days none of whose runs are left (their cases were erased) lose their rollups.
  for (const table of ['analytics_days', 'analytics_day_counts']) {
    await pool.query(
      `delete from ${table} d
        where not exists (select 1 from run_analytics a
                           where a.workspace_id = d.workspace_id and a.flow_id = d.flow_id
                             and a.entered_at >= d.day::timestamp at time zone 'UTC'
                             and a.entered_at < (d.day + 1)::timestamp at time zone 'UTC')`,
    );
  }
  // Up to date now; the watermark stays where it was (the minutely refresh goes on from it).
  await pool.query(
    `insert into analytics_refreshes (name, event_id) values ($1, 0)
     on conflict (name) do update set refreshed_at = now()`,
    [refreshName],
  );
  return touched.runs;
}

async function refreshInBatches(pool: Pool, workspaces: string[], cases: string[], touched: TouchedDays) {
  for (let from = 0; from < cases.length; from += batchSize) {
    touched.add(
      await refreshRunsOfCases(pool, workspaces.slice(from, from + batchSize), cases.slice(from, from + batchSize)),
    );
  }
}

/** When the figures were last brought up to date (null: never). */
export async function analyticsRefreshedAt(db: Queryable): Promise<string | null> {
  const { rows } = await db.query<{ at: string }>(
    `select to_json(refreshed_at) #>> '{}' as at from analytics_refreshes where name = $1`,
    [refreshName],
  );
  return rows[0]?.at ?? null;
}
