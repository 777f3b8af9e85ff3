/**
 * Enrolling a million cases by a segment: the rule compiled to SQL (one statement inserting the
 * runs and their jobs), against evaluating the same rule in JavaScript row by row over the same
 * facts and inserting the same runs. Both enrol into a flow of their own, so they do the same
 * writes; only where the rule is evaluated differs.
 */
import {
  evaluateSegment,
  type FlowDraft,
  type SegmentFactsRow,
  type SegmentRule,
  segmentFactsFromRow,
  todayIn,
} from '@collectflow/shared';
import { inTransaction, type Pool } from '../src/db/pool.ts';
import { insertBulkCases } from '../src/demo/bulk-cases.ts';
import { enrolMatchingCases } from '../src/enrolment/enrol-cases.ts';
import { createFlow } from '../src/flows/flow-queries.ts';
import { publishFlow } from '../src/flows/publish-flow.ts';
import { runJobSpecsSql } from '../src/jobs/run-jobs.ts';
import { segmentFactsColumns } from '../src/segments/case-facts.ts';
import { createWorkspace } from '../src/workspaces/workspace-queries.ts';

export const benchmarkSegment: SegmentRule = {
  and: [
    { '>=': [{ var: 'case.days_overdue' }, 14] },
    { in: [{ var: 'debtor.language' }, ['nl', 'de']] },
    { '>=': [{ var: 'case.total_open_amount' }, 2000] },
  ],
};

export interface EnrolmentResult {
  /** The workspace of the cases (the case-search benchmark reads them next). */
  workspaceId: string;
  /** The flow the SQL enrolment put the matching cases in. */
  flowId: string;
  cases: number;
  matched: number;
  sqlSeconds: number;
  jsSeconds: number;
  seedSeconds: number;
}

function segmentFlow(name: string): FlowDraft {
  return {
    schemaVersion: 1,
    name,
    description: '',
    settings: {},
    nodes: [
      { id: 'start', type: 'entry', position: { x: 0, y: 0 }, data: { segment: benchmarkSegment, reEntry: 'never' } },
      { id: 'end', type: 'exit', position: { x: 0, y: 100 }, data: {} },
    ],
    edges: [{ id: 'e1', source: 'start', sourceHandle: 'out', target: 'end' }],
  };
}

export async function measureEnrolment(pool: Pool, cases: number): Promise<EnrolmentResult> {
  const { id: workspaceId } = await createWorkspace(pool, 'Benchmark enrolment');
  let started = performance.now();
  await insertBulkCases(pool, workspaceId, { count: cases, chunk: 100_000 });
  const seedSeconds = (performance.now() - started) / 1000;
  const flowIds: string[] = [];
  for (const name of ['By SQL', 'By JavaScript']) {
    const flow = await createFlow(pool, workspaceId, { name, draft: segmentFlow(name), userId: null });
    await publishFlow(pool, workspaceId, flow.id, { note: 'benchmark', userId: null });
    flowIds.push(flow.id);
  }
  const now = new Date();
  const timezone = 'Europe/Amsterdam';

  started = performance.now();
  const matched = await inTransaction(pool, (client) =>
    enrolMatchingCases(
      client,
      {
        workspaceId,
        flowId: flowIds[0]!,
        version: 1,
        entry: { segment: benchmarkSegment, reEntry: 'never' },
        timezone,
      },
      { now },
    ),
  );
  const sqlSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const today = todayIn(timezone, now);
  const jsMatched = await inTransaction(pool, async (client) => {
    await client.query(
      `declare facts no scroll cursor for
         select ${segmentFactsColumns} from case_segment_facts f where f.workspace_id = $1 and f.case_status = 'open'`,
      [workspaceId],
    );
    const ids: string[] = [];
    for (;;) {
      const { rows } = await client.query<SegmentFactsRow>('fetch 10000 from facts');
      if (rows.length === 0) break;
      for (const row of rows) {
        if (evaluateSegment(benchmarkSegment, segmentFactsFromRow(row, today))) ids.push(row.case_id);
      }
    }
    await client.query('close facts');
    for (let from = 0; from < ids.length; from += 100_000) {
      await client.query(
        `with inserted as (
           insert into runs (workspace_id, case_id, flow_id, flow_version)
           select $1, id, $2, 1 from unnest($3::uuid[]) as id
           returning id
         )
         select count(*) from graphile_worker.add_jobs(${runJobSpecsSql('select id, null::timestamptz from inserted')})`,
        [workspaceId, flowIds[1], ids.slice(from, from + 100_000)],
      );
    }
    return ids.length;
  });
  const jsSeconds = (performance.now() - started) / 1000;
  if (jsMatched !== matched) throw new Error(`SQL enrolled ${matched} cases, JavaScript ${jsMatched}`);
  return { workspaceId, flowId: flowIds[0]!, cases, matched, sqlSeconds, jsSeconds, seedSeconds };
}
