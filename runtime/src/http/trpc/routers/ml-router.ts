/** The model page: what the learned policies do and how well, and the switch back to a fixed rule. */
import { roleGroups, SetPolicyModeInput } from '@collectflow/shared';
import { modelOverview, setPolicyMode } from '../../../ml/model-overview.ts';
import { authedProcedure, router } from '../trpc.ts';

const readers = authedProcedure(roleGroups.everyone);
const flowEditors = authedProcedure(roleGroups.flowEditors);

export const mlRouter = router({
  overview: readers.query(({ ctx }) => modelOverview(ctx.pool, ctx.workspaceId)),
  setMode: flowEditors
    .input(SetPolicyModeInput)
    .mutation(({ ctx, input }) => setPolicyMode(ctx.pool, ctx.workspaceId, input, ctx.session.userId)),
});
