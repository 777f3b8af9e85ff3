/**
 * A case's timeline for staff: pages of events with the name of the member behind each, and
 * a live follow that yields events as they are recorded while a case page is open.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import type { CaseTimelineEvent, CaseTimelinePage, CaseTimelineQuery, TimelineEvent } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import { caseNotFound, readTimeline } from './case-queries.ts';

const pageSize = 500;

async function withActorNames(
  db: Queryable,
  workspaceId: string,
  events: TimelineEvent[],
): Promise<CaseTimelineEvent[]> {
  const ids = [...new Set(events.map((event) => event.actorUserId).filter((id) => id !== null))];
  const names = new Map<string, string>();
  if (ids.length > 0) {
    const { rows } = await db.query<{ id: string; name: string }>(
      'select id, name from users where workspace_id = $1 and id = any($2::uuid[])',
      [workspaceId, ids],
    );
    for (const row of rows) names.set(row.id, row.name);
  }
  return events.map((event) => ({
    ...event,
    actorName: event.actorUserId ? (names.get(event.actorUserId) ?? 'A former member') : null,
  }));
}

export async function staffTimeline(
  db: Queryable,
  workspaceId: string,
  query: CaseTimelineQuery,
): Promise<CaseTimelinePage> {
  const exists = await db.query('select 1 from cases where workspace_id = $1 and id = $2', [workspaceId, query.caseId]);
  if (exists.rowCount === 0) throw caseNotFound(query.caseId);
  const read = await readTimeline(db, workspaceId, query.caseId, { after: query.after, limit: pageSize });
  return { items: await withActorNames(db, workspaceId, read.items), cursor: read.cursor, more: read.more };
}

export interface FollowOptions {
  /** Events with a higher id than this are new to the follower. */
  sinceId: number;
  signal: AbortSignal;
  /** Default: one second. */
  intervalMs?: number;
}

/**
 * New events of a case, as they are recorded. Polls by event id; events recorded in the last 30
 * seconds are read again (and skipped when already yielded), because ids are handed out when a
 * transaction inserts, not when it commits: a long transaction's event can appear after an
 * event with a higher id was already read.
 */
export async function* followTimeline(
  db: Queryable,
  workspaceId: string,
  caseId: string,
  options: FollowOptions,
): AsyncGenerator<CaseTimelineEvent> {
  const exists = await db.query('select 1 from cases where workspace_id = $1 and id = $2', [workspaceId, caseId]);
  if (exists.rowCount === 0) throw caseNotFound(caseId);
  let highest = options.sinceId;
  let yielded = new Set<number>();
  while (!options.signal.aborted) {
    const { rows } = await db.query<TimelineEvent & { recent: boolean }>(
      `select id::float8 as id, type, to_json(occurred_at) #>> '{}' as "occurredAt", source,
              actor_user_id as "actorUserId", payload, recorded_at > now() - interval '60 seconds' as recent
         from events
        where workspace_id = $1 and case_id = $2
          and (id > $3 or recorded_at > now() - interval '30 seconds')
        order by occurred_at, id`,
      [workspaceId, caseId, highest],
    );
    const fresh = rows.filter((row) => row.id > options.sinceId && !yielded.has(row.id));
    for (const event of await withActorNames(
      db,
      workspaceId,
      fresh.map(({ recent: _, ...event }) => event),
    )) {
      yield event;
    }
    // Remember what was yielded only while it can come again.
    yielded = new Set(
      rows.filter((row) => row.recent && (yielded.has(row.id) || fresh.includes(row))).map((row) => row.id),
    );
    highest = Math.max(highest, ...rows.map((row) => row.id));
    await sleep(options.intervalMs ?? 1000, undefined, { signal: options.signal }).catch(() => undefined);
  }
}
