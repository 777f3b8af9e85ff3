/** How many open cases a segment rule matches right now (the designer's live count). */
import { compileSegmentRule, todayIn } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';

export async function countSegment(
  db: Queryable,
  workspaceId: string,
  rule: unknown,
  options: { timezone: string; now: Date },
): Promise<{ matching: number; open: number }> {
  const compiled =
    rule === null
      ? { ok: true as const, sql: 'true', params: [] }
      : compileSegmentRule(rule, { today: todayIn(options.timezone, options.now), firstParam: 2 });
  if (!compiled.ok) {
    const problem = compiled.problems[0]!;
    throw new DomainError('BAD_REQUEST', `${problem.message}${problem.path ? ` (at ${problem.path})` : ''}`, {
      field: 'rule',
    });
  }
  const { rows } = await db.query<{ matching: number; open: number }>(
    `select count(*) filter (where ${compiled.sql})::int as matching, count(*)::int as open
       from case_segment_facts f where f.workspace_id = $1 and f.case_state = 'open'`,
    [workspaceId, ...compiled.params],
  );
  return rows[0]!;
}
