import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import {
  callerFor,
  createTestWorkspace,
  RecordingCookie,
  signedInCaller,
  testPassword,
} from '../http/trpc/testing/callers.ts';

const db = useTestDatabase();
let workspace: Awaited<ReturnType<typeof createTestWorkspace>>;

beforeAll(async () => {
  workspace = await createTestWorkspace(db.pool, 'Sign In Test');
});

async function errorOf(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

describe('auth.signIn', () => {
  it('opens a session and sets it as a cookie, ignoring the case of the address', async () => {
    const cookie = new RecordingCookie();
    const user = await callerFor(db.pool, { cookie }).auth.signIn({
      email: '  ADMIN@sign-in-test.example ',
      password: testPassword,
    });
    expect(user).toMatchObject({ email: 'admin@sign-in-test.example', role: 'admin' });
    expect(user.workspace.id).toBe(workspace.workspaceId);
    expect(cookie.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    const stored = await db.pool.query('select token_hash from sessions where user_id = $1', [user.id]);
    expect(stored.rows.map((row) => row.token_hash.toString('base64url'))).not.toContain(cookie.token);
  });

  it('gives one clear message for a wrong password and for an unknown address', async () => {
    const wrongPassword = await errorOf(
      callerFor(db.pool, { ip: '10.0.0.1' }).auth.signIn({ email: 'viewer@sign-in-test.example', password: 'nope' }),
    );
    const unknown = await errorOf(
      callerFor(db.pool, { ip: '10.0.0.1' }).auth.signIn({ email: 'nobody@sign-in-test.example', password: 'nope' }),
    );
    expect(wrongPassword.code).toBe('UNAUTHORIZED');
    expect(wrongPassword.message).toBe('That e-mail address and password do not match. Check both and try again.');
    expect(unknown.message).toBe(wrongPassword.message);
  });

  it('refuses malformed input with the field named', async () => {
    const error = await errorOf(callerFor(db.pool).auth.signIn({ email: 'not-an-address', password: 'x' }));
    expect(error.code).toBe('BAD_REQUEST');
  });

  it('locks an address after five failures, even with the right password, and says for how long', async () => {
    const email = 'agent@sign-in-test.example';
    for (let attempt = 0; attempt < 5; attempt++) {
      await errorOf(callerFor(db.pool, { ip: `10.1.0.${attempt}` }).auth.signIn({ email, password: 'wrong' }));
    }
    const locked = await errorOf(callerFor(db.pool, { ip: '10.1.0.9' }).auth.signIn({ email, password: testPassword }));
    expect(locked.code).toBe('TOO_MANY_REQUESTS');
    expect(locked.message).toBe('Too many failed sign-in attempts. Wait 15 minutes and try again.');
    // Other members are not affected by one address being locked.
    await expect(
      callerFor(db.pool, { ip: '10.1.0.9' }).auth.signIn({
        email: 'marketing@sign-in-test.example',
        password: testPassword,
      }),
    ).resolves.toMatchObject({ role: 'marketing' });
  });

  it('limits failures per client IP across addresses', async () => {
    const limits = { perEmail: 100, perIp: 3, windowMinutes: 15 };
    const ip = '192.0.2.77';
    for (const name of ['a', 'b', 'c']) {
      await errorOf(
        callerFor(db.pool, { ip, signInLimits: limits }).auth.signIn({ email: `${name}@x.example`, password: 'x' }),
      );
    }
    const blocked = await errorOf(
      callerFor(db.pool, { ip, signInLimits: limits }).auth.signIn({
        email: 'designer@sign-in-test.example',
        password: testPassword,
      }),
    );
    expect(blocked.code).toBe('TOO_MANY_REQUESTS');
  });
});

describe('auth.me and auth.signOut', () => {
  it('returns null without a session', async () => {
    await expect(callerFor(db.pool).auth.me()).resolves.toBeNull();
  });

  it('signs out: the session is deleted and the cookie cleared', async () => {
    const { caller, session } = await signedInCaller(db.pool, workspace.members.designer.email, testPassword);
    await expect(caller.auth.me()).resolves.toMatchObject({ role: 'designer' });
    const cookie = new RecordingCookie();
    await callerFor(db.pool, { session, cookie }).auth.signOut();
    expect(cookie.cleared).toBe(true);
    const { rowCount } = await db.pool.query('select 1 from sessions where id = $1', [session.sessionId]);
    expect(rowCount).toBe(0);
  });

  it('refuses sign-out without a session', async () => {
    expect((await errorOf(callerFor(db.pool).auth.signOut())).code).toBe('UNAUTHORIZED');
  });
});
