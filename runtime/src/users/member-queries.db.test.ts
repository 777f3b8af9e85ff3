import { beforeAll, describe, expect, it } from 'vitest';
import { findSession } from '../auth/session-queries.ts';
import { hashSessionToken } from '../auth/session-token.ts';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { callerFor, createTestWorkspace, signedInCaller, testPassword } from '../http/trpc/testing/callers.ts';

const db = useTestDatabase();
let workspace: Awaited<ReturnType<typeof createTestWorkspace>>;

beforeAll(async () => {
  workspace = await createTestWorkspace(db.pool, 'Members Test');
});

describe('members', () => {
  it('an admin creates a member who can then sign in with the given role', async () => {
    const { caller } = await workspace.signInAs('admin');
    const created = await caller.members.create({
      email: 'New.Agent@Members-Test.example',
      name: 'Noor Agent',
      role: 'agent',
      password: 'a long new password',
    });
    expect(created).toMatchObject({ email: 'new.agent@members-test.example', role: 'agent', disabled: false });
    const { session } = await signedInCaller(db.pool, 'new.agent@members-test.example', 'a long new password');
    expect(session.role).toBe('agent');
    expect(session.workspaceId).toBe(workspace.workspaceId);
  });

  it('refuses an address that already has an account, naming the field', async () => {
    const { caller } = await workspace.signInAs('admin');
    await expect(
      caller.members.create({
        email: workspace.members.viewer.email,
        name: 'Twin',
        role: 'viewer',
        password: 'long enough pw',
      }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `There is already an account for ${workspace.members.viewer.email}.`,
    });
  });

  it('refuses a short password with a message people understand', async () => {
    const { caller } = await workspace.signInAs('admin');
    await expect(
      caller.members.create({ email: 'short@members-test.example', name: 'Short', role: 'viewer', password: 'short' }),
    ).rejects.toThrow('Use at least 10 characters for the password.');
  });

  it('changes a role, and the next request sees it', async () => {
    const { caller } = await workspace.signInAs('admin');
    const { caller: marketing } = await workspace.signInAs('marketing');
    await expect(marketing.members.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await caller.members.setRole({ userId: workspace.members.marketing.id, role: 'admin' });
    const { caller: promoted } = await workspace.signInAs('marketing');
    await expect(promoted.members.list()).resolves.toHaveLength(6);
    await caller.members.setRole({ userId: workspace.members.marketing.id, role: 'marketing' });
  });

  it('never leaves the workspace without an active admin', async () => {
    const { caller, session } = await workspace.signInAs('admin');
    await expect(caller.members.setRole({ userId: session.userId, role: 'viewer' })).rejects.toThrow(
      'This is the only active administrator. Make someone else an administrator first.',
    );
    await expect(caller.members.setDisabled({ userId: session.userId, disabled: true })).rejects.toThrow(
      'You cannot disable your own account.',
    );
  });

  it('disabling a member ends their sessions and stops them signing in', async () => {
    const { caller } = await workspace.signInAs('admin');
    const { cookie } = await workspace.signInAs('designer');
    await caller.members.setDisabled({ userId: workspace.members.designer.id, disabled: true });
    await expect(findSession(db.pool, hashSessionToken(cookie.token!))).resolves.toBeNull();
    const { rowCount } = await db.pool.query('select 1 from sessions where user_id = $1', [
      workspace.members.designer.id,
    ]);
    expect(rowCount).toBe(0);
    await expect(
      callerFor(db.pool).auth.signIn({ email: workspace.members.designer.email, password: testPassword }),
    ).rejects.toThrow('This account has been disabled. Ask an administrator of your workspace.');
    await caller.members.setDisabled({ userId: workspace.members.designer.id, disabled: false });
    await expect(workspace.signInAs('designer')).resolves.toBeTruthy();
  });
});
