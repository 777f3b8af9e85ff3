/** Sign-in, sign-out and "who am I". */
import { roleGroups, type SignedInUser, SignInInput } from '@collectflow/shared';
import type { Session } from '../../../auth/session-queries.ts';
import { deleteSession, findSession } from '../../../auth/session-queries.ts';
import { hashSessionToken } from '../../../auth/session-token.ts';
import { signIn } from '../../../auth/sign-in.ts';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';

function toSignedInUser(session: Session): SignedInUser {
  return {
    id: session.userId,
    email: session.email,
    name: session.name,
    role: session.role,
    workspace: { id: session.workspaceId, name: session.workspaceName },
  };
}

export const authRouter = router({
  signIn: publicProcedure.input(SignInInput).mutation(async ({ ctx, input }) => {
    const signedIn = await signIn(
      ctx.pool,
      { ...input, ip: ctx.ip, userAgent: ctx.userAgent },
      { idleHours: ctx.idleHours, limits: ctx.signInLimits },
    );
    ctx.sessionCookie.set(signedIn.token, signedIn.expiresAt);
    const session = await findSession(ctx.pool, hashSessionToken(signedIn.token));
    return toSignedInUser(session!);
  }),

  signOut: authedProcedure(roleGroups.everyone).mutation(async ({ ctx }) => {
    await deleteSession(ctx.pool, ctx.workspaceId, ctx.session.sessionId);
    ctx.sessionCookie.clear();
    return { signedOut: true };
  }),

  /** The signed-in member, or null: the designer asks this to decide whether to show sign-in. */
  me: publicProcedure.query(({ ctx }): SignedInUser | null => (ctx.session ? toSignedInUser(ctx.session) : null)),
});
