/** What the workspace holds, for every member. */
import { roleGroups } from '@collectflow/shared';
import { getWorkspaceOverview } from '../../../workspaces/workspace-queries.ts';
import { authedProcedure, router } from '../trpc.ts';

export const workspaceRouter = router({
  overview: authedProcedure(roleGroups.everyone).query(({ ctx }) => getWorkspaceOverview(ctx.pool, ctx.workspaceId)),
});
