/** The agents' task inbox: disputes to look at and resolve, debtors to call back. */
import { CompleteCallBackInput, ResolveDisputeInput, roleGroups } from '@collectflow/shared';
import { z } from 'zod';
import { completeCallBack } from '../../../call-backs/call-backs.ts';
import { disputeAttachment, listOpenTasks, resolveDispute } from '../../../disputes/disputes.ts';
import { authedProcedure, router } from '../trpc.ts';

const caseWorkers = authedProcedure(roleGroups.caseWorkers);

export const tasksRouter = router({
  /** Open tasks, oldest first. */
  list: caseWorkers.query(({ ctx }) => listOpenTasks(ctx.pool, ctx.workspaceId)),
  /** A dispute's attachment (base64), to open in the browser. */
  attachment: caseWorkers
    .input(z.object({ disputeId: z.uuid() }))
    .query(({ ctx, input }) => disputeAttachment(ctx.pool, ctx.workspaceId, input.disputeId)),
  /** Resumes the reminders or closes the case, with the agent's reason on the timeline. */
  resolve: caseWorkers
    .input(ResolveDisputeInput)
    .mutation(({ ctx, input }) => resolveDispute(ctx.pool, ctx.workspaceId, ctx.session.userId, input)),
  /** A debtor who asked for it was called back: what came of it goes on the timeline. */
  completeCallBack: caseWorkers
    .input(CompleteCallBackInput)
    .mutation(({ ctx, input }) => completeCallBack(ctx.pool, ctx.workspaceId, ctx.session.userId, input)),
});
