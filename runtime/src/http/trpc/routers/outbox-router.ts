/** The Outbox page: every member reads the workspace's messages, each as its recipient sees it. */
import { OutboxQuery, roleGroups } from '@collectflow/shared';
import { z } from 'zod';
import { listOutbox, outboxLetterPdf, showOutboxMessage } from '../../../outbox/outbox-view.ts';
import { authedProcedure, router } from '../trpc.ts';

export const outboxRouter = router({
  list: authedProcedure(roleGroups.everyone)
    .input(OutboxQuery)
    .query(({ ctx, input }) => listOutbox(ctx.pool, ctx.workspaceId, input)),
  show: authedProcedure(roleGroups.everyone)
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => showOutboxMessage(ctx.pool, ctx.workspaceId, input.id, ctx)),
  /** A printed letter's PDF from the print folder (base64). */
  letterPdf: authedProcedure(roleGroups.everyone)
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => outboxLetterPdf(ctx.pool, ctx.workspaceId, input.id)),
});
