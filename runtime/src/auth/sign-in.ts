/** Signing in with e-mail and password: rate limit, verify, record, open a session. */
import type { SignInInput } from '@collectflow/shared';
import type { Pool } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import { verifyPassword } from './password.ts';
import { createSession } from './session-queries.ts';
import { newSessionToken } from './session-token.ts';
import { recordSignInAttempt, type SignInLimits, signInRetryAfter } from './sign-in-limits.ts';

export interface SignInRequest extends SignInInput {
  ip: string | null;
  userAgent: string | null;
}

export interface SignInOptions {
  idleHours: number;
  limits: SignInLimits;
}

export interface SignedIn {
  token: string;
  expiresAt: Date;
  userId: string;
  workspaceId: string;
}

const wrongCredentials = 'That e-mail address and password do not match. Check both and try again.';

export async function signIn(pool: Pool, request: SignInRequest, options: SignInOptions): Promise<SignedIn> {
  const retryAfterSeconds = await signInRetryAfter(pool, request.email, request.ip, options.limits);
  if (retryAfterSeconds > 0) {
    const minutes = Math.ceil(retryAfterSeconds / 60);
    throw new DomainError(
      'TOO_MANY_REQUESTS',
      `Too many failed sign-in attempts. Wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
      { retryAfterSeconds },
    );
  }

  const { rows } = await pool.query<{ id: string; workspace_id: string; password_hash: string; disabled: boolean }>(
    `select id, workspace_id, password_hash, disabled_at is not null as disabled from users where email = $1`,
    [request.email],
  );
  const user = rows[0];
  const passwordMatches = await verifyPassword(user?.password_hash, request.password);
  const succeeded = passwordMatches && user !== undefined && !user.disabled;
  await recordSignInAttempt(pool, { email: request.email, ip: request.ip, succeeded });
  if (!succeeded || !user) {
    if (passwordMatches && user?.disabled) {
      throw new DomainError('UNAUTHORIZED', 'This account has been disabled. Ask an administrator of your workspace.');
    }
    throw new DomainError('UNAUTHORIZED', wrongCredentials);
  }

  const { token, tokenHash } = newSessionToken();
  const { expiresAt } = await createSession(pool, {
    workspaceId: user.workspace_id,
    userId: user.id,
    tokenHash,
    idleHours: options.idleHours,
    ip: request.ip,
    userAgent: request.userAgent,
  });
  await pool.query('update users set last_sign_in_at = now() where id = $1', [user.id]);
  return { token, expiresAt, userId: user.id, workspaceId: user.workspace_id };
}
