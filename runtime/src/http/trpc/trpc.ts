/**
 * tRPC building blocks. Procedures are `publicProcedure` or `authedProcedure(roles)`: every
 * signed-in procedure names the roles that may call it and gets the caller's workspace id.
 * Expected failures ({@link DomainError}) become tRPC errors with their message; anything else
 * reaches the client only as a generic message (it is logged by the server).
 */
import { issueMessage, type Role } from '@collectflow/shared';
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { DomainError } from '../../errors/domain-error.ts';
import type { Context } from './context.ts';

const t = initTRPC.context<Context>().create({
  isDev: false,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    if (cause instanceof ZodError) {
      const issue = cause.issues[0];
      return {
        ...shape,
        message: issue ? issueMessage(issue) : 'The request is not valid.',
        data: { ...shape.data, field: issue?.path.join('.') || null },
      };
    }
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      return { ...shape, message: 'Something went wrong on our side. Please try again in a moment.' };
    }
    const details = cause instanceof DomainError ? cause.details : {};
    return {
      ...shape,
      data: {
        ...shape.data,
        field: details.field ?? null,
        problems: details.problems ?? null,
        templateProblems: details.templateProblems ?? null,
      },
    };
  },
});

const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(domainErrors);

/** A procedure for signed-in members whose role is one of `roles`. */
export function authedProcedure(roles: readonly Role[]) {
  return publicProcedure.use(({ ctx, next }) => {
    if (!ctx.session) {
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Your session has ended. Please sign in again.' });
    }
    if (!roles.includes(ctx.session.role)) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `Your role (${ctx.session.role}) does not allow this. Ask an administrator if you need access.`,
      });
    }
    return next({ ctx: { ...ctx, session: ctx.session, workspaceId: ctx.session.workspaceId } });
  });
}
