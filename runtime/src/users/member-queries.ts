/** Workspace members: list, create, change role, disable. Every query is scoped by workspace. */
import type { CreateUserInput, Role, WorkspaceMember } from '@collectflow/shared';
import { hashPassword } from '../auth/password.ts';
import { deleteSessionsOfUser } from '../auth/session-queries.ts';
import { inTransaction, type Pool, type PoolClient, type Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';

const memberColumns = `id, email, name, role,
  to_json(created_at)#>>'{}' as "createdAt",
  to_json(last_sign_in_at)#>>'{}' as "lastSignInAt",
  disabled_at is not null as disabled`;

export async function listMembers(pool: Pool, workspaceId: string): Promise<WorkspaceMember[]> {
  const { rows } = await pool.query<WorkspaceMember>(
    `select ${memberColumns} from users where workspace_id = $1 order by lower(name), email`,
    [workspaceId],
  );
  return rows;
}

export async function createMember(
  db: Queryable,
  workspaceId: string,
  input: CreateUserInput,
): Promise<WorkspaceMember> {
  const passwordHash = await hashPassword(input.password);
  try {
    const { rows } = await db.query<WorkspaceMember>(
      `insert into users (workspace_id, email, name, role, password_hash)
       values ($1, $2, $3, $4, $5) returning ${memberColumns}`,
      [workspaceId, input.email, input.name, input.role, passwordHash],
    );
    return rows[0]!;
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'users_email_key') {
      throw new DomainError('CONFLICT', `There is already an account for ${input.email}.`, { field: 'email' });
    }
    throw error;
  }
}

/**
 * Changes a member's role. Refuses to remove the last active admin, which would leave nobody
 * able to manage the workspace.
 */
export function setMemberRole(pool: Pool, workspaceId: string, userId: string, role: Role): Promise<WorkspaceMember> {
  return inTransaction(pool, async (client) => {
    const member = await lockMember(client, workspaceId, userId);
    if (member.role === 'admin' && role !== 'admin') await assertAnotherActiveAdmin(client, workspaceId, userId);
    const { rows } = await client.query<WorkspaceMember>(
      `update users set role = $3, updated_at = now() where workspace_id = $1 and id = $2 returning ${memberColumns}`,
      [workspaceId, userId, role],
    );
    return rows[0]!;
  });
}

/** Disables (signing them out everywhere) or re-enables a member. */
export function setMemberDisabled(
  pool: Pool,
  workspaceId: string,
  userId: string,
  disabled: boolean,
): Promise<WorkspaceMember> {
  return inTransaction(pool, async (client) => {
    const member = await lockMember(client, workspaceId, userId);
    if (disabled && member.role === 'admin') await assertAnotherActiveAdmin(client, workspaceId, userId);
    const { rows } = await client.query<WorkspaceMember>(
      `update users set disabled_at = case when $3 then coalesce(disabled_at, now()) end, updated_at = now()
        where workspace_id = $1 and id = $2 returning ${memberColumns}`,
      [workspaceId, userId, disabled],
    );
    if (disabled) await deleteSessionsOfUser(client, workspaceId, userId);
    return rows[0]!;
  });
}

async function lockMember(client: PoolClient, workspaceId: string, userId: string): Promise<{ role: Role }> {
  // Lock every admin row of the workspace too, so two concurrent demotions cannot both pass.
  await client.query(`select id from users where workspace_id = $1 and role = 'admin' for update`, [workspaceId]);
  const { rows } = await client.query<{ role: Role }>(
    'select role from users where workspace_id = $1 and id = $2 for update',
    [workspaceId, userId],
  );
  if (!rows[0]) throw new DomainError('NOT_FOUND', 'That member does not exist in this workspace.');
  return rows[0];
}

async function assertAnotherActiveAdmin(client: PoolClient, workspaceId: string, userId: string): Promise<void> {
  const { rowCount } = await client.query(
    `select 1 from users where workspace_id = $1 and role = 'admin' and disabled_at is null and id <> $2`,
    [workspaceId, userId],
  );
  if (rowCount === 0) {
    throw new DomainError(
      'CONFLICT',
      'This is the only active administrator. Make someone else an administrator first.',
      { field: 'role' },
    );
  }
}
