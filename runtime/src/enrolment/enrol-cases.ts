/**
 * Enrolment: open cases whose facts match a flow's entry segment start a run of its published
 * version. One statement does it for any number of cases — the segment compiled to SQL selects
 * the cases, the runs are inserted, and their jobs added with `add_jobs` — so a segment of a
 * million cases is enrolled set-based, never row by row. The re-entry policy is part of the
 * statement, and a unique index keeps a case from being in one flow twice at a time.
 */
import { compileSegmentRule, type EntryNodeData, todayIn } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import { runJobSpecsSql } from '../jobs/run-jobs.ts';

export interface EnrolmentTarget {
  workspaceId: string;
  flowId: string;
  version: number;
  entry: EntryNodeData;
  /** The flow's time zone (for date fields such as days overdue). */
  timezone: string;
}

export interface EnrolOptions {
  /** Only these cases (a case that opened or changed); default: every open case of the workspace. */
  caseIds?: readonly string[];
  now: Date;
}

/** Enrols the matching open cases; returns how many runs started. */
export async function enrolMatchingCases(
  db: Queryable,
  target: EnrolmentTarget,
  options: EnrolOptions,
): Promise<number> {
  if (options.caseIds?.length === 0) return 0;
  const fixed: unknown[] = [target.workspaceId, target.flowId, target.version, target.entry.reEntry === 'never'];
  const caseFilter = options.caseIds ? `and f.case_id = any($${fixed.push(options.caseIds)}::uuid[])` : '';
  let segment = { sql: 'true', params: [] as unknown[] };
  if (target.entry.segment !== null) {
    const compiled = compileSegmentRule(target.entry.segment, {
      today: todayIn(target.timezone, options.now),
      firstParam: fixed.length + 1,
    });
    if (!compiled.ok) {
      // Published versions are validated; this is a bug, not bad input.
      throw new Error(
        `The entry segment of flow ${target.flowId} v${target.version} does not compile: ${compiled.problems[0]?.message}`,
      );
    }
    segment = compiled;
  }
  const { rows } = await db.query<{ count: number }>(
    // Candidates minus the cases the re-entry policy keeps out, as a set difference: EXCEPT is
    // hashed or sorted, never a nested loop, so it stays linear even when statistics are missing
    // (right after a bulk load the planner would expect one row and nest the loops: quadratic).
    // The unique index on active runs guards against a concurrent enrolment.
    `with candidates as (
       select f.case_id from case_segment_facts f
        where f.workspace_id = $1 and f.case_state = 'open' ${caseFilter} and ${segment.sql}
     ), eligible as (
       select case_id from candidates
       except
       select case_id from runs where workspace_id = $1 and flow_id = $2 and (status = 'active' or $4::boolean)
     ), inserted as (
       insert into runs (workspace_id, case_id, flow_id, flow_version)
       select $1, case_id, $2, $3 from eligible
       on conflict (flow_id, case_id) where status = 'active' do nothing
       returning id
     )
     select count(*)::int as count from graphile_worker.add_jobs(${runJobSpecsSql('select id, null::timestamptz from inserted')})`,
    [...fixed, ...segment.params],
  );
  const enrolled = rows[0]!.count;
  // A large enrolment changes the tables' shape at once; fresh statistics keep the planner right
  // from the first step instead of after autovacuum's next round.
  if (enrolled >= analyzeAfter) await db.query('analyze runs, graphile_worker._private_jobs');
  return enrolled;
}

/** Runs enrolled at once after which the tables are analysed. */
const analyzeAfter = 10_000;
