/**
 * The tRPC context: the pool, configuration, who is signed in, and how to set the session
 * cookie. `createContextInner` builds it without HTTP, so tests call routers through
 * `createCaller`.
 */
import type { Session } from '../../auth/session-queries.ts';
import type { SignInLimits } from '../../auth/sign-in-limits.ts';
import type { WorkspaceConnectors } from '../../connectors/workspace-connectors.ts';
import type { Pool } from '../../db/pool.ts';
import type { UploadImports } from '../../imports/upload-imports.ts';
import type { Paylinks } from '../../paylinks/paylinks.ts';

/** Sets or clears the session cookie on the current response. */
export interface SessionCookie {
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

export interface ContextOptions {
  pool: Pool;
  session: Session | null;
  sessionCookie: SessionCookie;
  ip: string | null;
  userAgent: string | null;
  idleHours: number;
  signInLimits: SignInLimits;
  /** Where debtors reach this service (for paylinks in previews), e.g. https://collect.example.com. */
  publicUrl: string;
  /** Seals connector secrets (AES-256-GCM). */
  secretKey: Buffer;
  /** Issues the cases' paylinks (from the same secret key). */
  paylinks: Paylinks;
  /** The workspaces' configured connectors (to test a connection). */
  workspaceConnectors: WorkspaceConnectors;
  /** Imports of uploaded files (they run in this process). */
  uploadImports: UploadImports;
}

export function createContextInner(options: ContextOptions) {
  return { ...options };
}

export type Context = ReturnType<typeof createContextInner>;
