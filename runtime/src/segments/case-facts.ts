/** Loading the segment facts of cases from the `case_segment_facts` view. */
import { SegmentFactsRow } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';

/** The columns of the view that segment rules read, in the catalog's order. */
export const segmentFactsColumns = Object.keys(SegmentFactsRow.shape)
  .map((column) => `f.${column}`)
  .join(', ');

export async function loadSegmentFacts(
  db: Queryable,
  workspaceId: string,
  caseId: string,
): Promise<SegmentFactsRow | null> {
  const { rows } = await db.query<SegmentFactsRow>({
    name: 'collectflow.segment-facts',
    text: `select ${segmentFactsColumns} from case_segment_facts f where f.workspace_id = $1 and f.case_id = $2`,
    values: [workspaceId, caseId],
  });
  return rows[0] ?? null;
}
