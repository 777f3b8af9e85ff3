/** Segments: the live count of open cases a rule matches, for the condition builder. */
import { roleGroups, SegmentRule, TimeZone } from '@collectflow/shared';
import { z } from 'zod';
import { countSegment } from '../../../segments/count-segment.ts';
import { authedProcedure, router } from '../trpc.ts';

export const segmentsRouter = router({
  count: authedProcedure(roleGroups.everyone)
    .input(z.object({ rule: SegmentRule.nullable(), timezone: TimeZone.default('Europe/Amsterdam') }))
    .query(({ ctx, input }) =>
      countSegment(ctx.pool, ctx.workspaceId, input.rule, { timezone: input.timezone, now: new Date() }),
    ),
});
