/**
 * Test support: tRPC callers without HTTP. `signedInCaller` signs in through the real
 * `auth.signIn` procedure and then acts with the session it created.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Role } from '@collectflow/shared';
import { findSession, type Session } from '../../../auth/session-queries.ts';
import { hashSessionToken } from '../../../auth/session-token.ts';
import { defaultSignInLimits, type SignInLimits } from '../../../auth/sign-in-limits.ts';
import { WorkspaceConnectors } from '../../../connectors/workspace-connectors.ts';
import type { Pool } from '../../../db/pool.ts';
import { FlowDefinitions } from '../../../flows/flow-definitions.ts';
import { UploadImports } from '../../../imports/upload-imports.ts';
import { UploadStore } from '../../../imports/upload-store.ts';
import { createLogger } from '../../../logging/logger.ts';
import { Paylinks } from '../../../paylinks/paylinks.ts';
import { createMember } from '../../../users/member-queries.ts';
import { createWorkspace } from '../../../workspaces/workspace-queries.ts';
import { createContextInner } from '../context.ts';
import { appRouter } from '../routers/app-router.ts';
import { createCallerFactory } from '../trpc.ts';

const createCaller = createCallerFactory(appRouter);

/** A cookie jar standing in for the HTTP response. */
export class RecordingCookie {
  token: string | null = null;
  expiresAt: Date | null = null;
  cleared = false;
  set(token: string, expiresAt: Date) {
    this.token = token;
    this.expiresAt = expiresAt;
  }
  clear() {
    this.token = null;
    this.cleared = true;
  }
}

export interface CallerOptions {
  session?: Session | null;
  ip?: string | null;
  signInLimits?: SignInLimits;
  cookie?: RecordingCookie;
  /** Default: imports into a fresh temp folder, logged nowhere. */
  uploadImports?: UploadImports;
}

/** Imports of uploaded files for router tests: uploads in a temp folder of their own. */
export function testUploadImports(pool: Pool): UploadImports {
  return new UploadImports(
    pool,
    new FlowDefinitions(),
    new UploadStore(path.join(os.tmpdir(), `collectflow-test-uploads-${randomUUID()}`)),
    createLogger('silent'),
  );
}

/** The connector-secret key of router tests (fixed, so a test can read what it sealed). */
export const testSecretKey = Buffer.alloc(32, 11);

export function callerFor(pool: Pool, options: CallerOptions = {}) {
  return createCaller(
    createContextInner({
      pool,
      session: options.session ?? null,
      sessionCookie: options.cookie ?? new RecordingCookie(),
      ip: options.ip ?? '127.0.0.1',
      userAgent: 'vitest',
      idleHours: 168,
      signInLimits: options.signInLimits ?? defaultSignInLimits,
      publicUrl: 'http://127.0.0.1:3000',
      secretKey: testSecretKey,
      paylinks: new Paylinks(testSecretKey),
      workspaceConnectors: new WorkspaceConnectors(pool, testSecretKey),
      uploadImports: options.uploadImports ?? testUploadImports(pool),
    }),
  );
}

export async function signedInCaller(pool: Pool, email: string, password: string) {
  const cookie = new RecordingCookie();
  await callerFor(pool, { cookie }).auth.signIn({ email, password });
  const session = await findSession(pool, hashSessionToken(cookie.token!));
  if (!session) throw new Error(`Signing in as ${email} did not create a session`);
  return { caller: callerFor(pool, { session }), session, cookie };
}

export const testPassword = 'correct horse battery staple';

/** A workspace with one member per role, all with {@link testPassword}. */
export async function createTestWorkspace(pool: Pool, name: string) {
  const { id: workspaceId } = await createWorkspace(pool, name);
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const roles: Role[] = ['admin', 'designer', 'marketing', 'agent', 'viewer'];
  const members = {} as Record<Role, { id: string; email: string }>;
  for (const role of roles) {
    const email = `${role}@${slug}.example`;
    const member = await createMember(pool, workspaceId, {
      email,
      name: `${role} of ${name}`,
      role,
      password: testPassword,
    });
    members[role] = { id: member.id, email };
  }
  return {
    workspaceId,
    members,
    signInAs: (role: Role) => signedInCaller(pool, members[role].email, testPassword),
  };
}
