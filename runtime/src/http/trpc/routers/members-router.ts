/** Workspace members, managed by admins. */
import { CreateUserInput, roleGroups, SetUserDisabledInput, SetUserRoleInput } from '@collectflow/shared';
import { TRPCError } from '@trpc/server';
import { createMember, listMembers, setMemberDisabled, setMemberRole } from '../../../users/member-queries.ts';
import { authedProcedure, router } from '../trpc.ts';

const adminProcedure = authedProcedure(roleGroups.admins);

export const membersRouter = router({
  list: adminProcedure.query(({ ctx }) => listMembers(ctx.pool, ctx.workspaceId)),

  create: adminProcedure
    .input(CreateUserInput)
    .mutation(({ ctx, input }) => createMember(ctx.pool, ctx.workspaceId, input)),

  setRole: adminProcedure
    .input(SetUserRoleInput)
    .mutation(({ ctx, input }) => setMemberRole(ctx.pool, ctx.workspaceId, input.userId, input.role)),

  setDisabled: adminProcedure.input(SetUserDisabledInput).mutation(({ ctx, input }) => {
    if (input.disabled && input.userId === ctx.session.userId) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'You cannot disable your own account.' });
    }
    return setMemberDisabled(ctx.pool, ctx.workspaceId, input.userId, input.disabled);
  }),
});
