/** The managers' figures: dashboard, funnel and canvas overlay, A/B results, promoting a winner. */
import { AbResultsInput, AnalyticsPeriod, FlowFunnelInput, PromoteWinnerInput, roleGroups } from '@collectflow/shared';
import { abResultsFor } from '../../../analytics/ab-results-query.ts';
import { dashboardFor } from '../../../analytics/dashboard-query.ts';
import { flowFunnelFor } from '../../../analytics/flow-funnel-query.ts';
import { promoteWinner } from '../../../analytics/promote-winner.ts';
import { authedProcedure, router } from '../trpc.ts';

const readers = authedProcedure(roleGroups.everyone);
const flowEditors = authedProcedure(roleGroups.flowEditors);

export const analyticsRouter = router({
  dashboard: readers.input(AnalyticsPeriod).query(({ ctx, input }) => dashboardFor(ctx.pool, ctx.workspaceId, input)),
  funnel: readers.input(FlowFunnelInput).query(({ ctx, input }) => flowFunnelFor(ctx.pool, ctx.workspaceId, input)),
  abResults: readers.input(AbResultsInput).query(({ ctx, input }) => abResultsFor(ctx.pool, ctx.workspaceId, input)),
  /** Publishes a new version in which the split sends every case down the winning variant. */
  promoteWinner: flowEditors
    .input(PromoteWinnerInput)
    .mutation(({ ctx, input }) => promoteWinner(ctx.pool, ctx.workspaceId, input, ctx.session.userId)),
});
