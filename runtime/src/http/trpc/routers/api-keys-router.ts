/** API keys for the REST API: admins create (the token is shown once), list and revoke them. */
import { CreateApiKeyInput, RevokeApiKeyInput, roleGroups } from '@collectflow/shared';
import { createApiKey, listApiKeys, revokeApiKey } from '../../../api-keys/api-key-queries.ts';
import { authedProcedure, router } from '../trpc.ts';

const admins = authedProcedure(roleGroups.admins);

export const apiKeysRouter = router({
  list: admins.query(({ ctx }) => listApiKeys(ctx.pool, ctx.workspaceId)),
  create: admins
    .input(CreateApiKeyInput)
    .mutation(({ ctx, input }) => createApiKey(ctx.pool, ctx.workspaceId, { ...input, createdBy: ctx.session.userId })),
  revoke: admins
    .input(RevokeApiKeyInput)
    .mutation(({ ctx, input }) => revokeApiKey(ctx.pool, ctx.workspaceId, input.id)),
});
