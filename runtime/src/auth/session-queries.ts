/** Server-side sessions: create, look up by token, refresh, end. */
import type { Role } from '@collectflow/shared';
import type { Pool, Queryable } from '../db/pool.ts';

/** Who is signed in on a request, as the tRPC context carries it. */
export interface Session {
  sessionId: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  workspaceId: string;
  workspaceName: string;
  expiresAt: Date;
  lastSeenAt: Date;
}

/** How often a session's idle expiry slides forward; more often would write on every request. */
export const sessionTouchIntervalMs = 60_000;

export async function createSession(
  pool: Pool,
  session: {
    workspaceId: string;
    userId: string;
    tokenHash: Buffer;
    idleHours: number;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<{ expiresAt: Date }> {
  const { rows } = await pool.query<{ expires_at: Date }>(
    `insert into sessions (workspace_id, user_id, token_hash, expires_at, ip, user_agent)
     values ($1, $2, $3, now() + make_interval(hours => $4), $5, $6)
     returning expires_at`,
    [session.workspaceId, session.userId, session.tokenHash, session.idleHours, session.ip, session.userAgent],
  );
  return { expiresAt: rows[0]!.expires_at };
}

/** The live session for a token hash, or null when unknown, expired or the member is disabled. */
export async function findSession(pool: Pool, tokenHash: Buffer): Promise<Session | null> {
  const { rows } = await pool.query<Session>(
    `select s.id as "sessionId", u.id as "userId", u.email, u.name, u.role,
            w.id as "workspaceId", w.name as "workspaceName", s.expires_at as "expiresAt",
            s.last_seen_at as "lastSeenAt"
       from sessions s
       join users u on u.workspace_id = s.workspace_id and u.id = s.user_id
       join workspaces w on w.id = s.workspace_id
      where s.token_hash = $1 and s.expires_at > now() and u.disabled_at is null`,
    [tokenHash],
  );
  return rows[0] ?? null;
}

/**
 * Slides the idle expiry forward, at most once a minute per session so that busy pages do not
 * write on every request. Returns the new expiry when it moved.
 */
export async function touchSession(pool: Pool, sessionId: string, idleHours: number): Promise<Date | null> {
  const { rows } = await pool.query<{ expires_at: Date }>(
    `update sessions set last_seen_at = now(), expires_at = now() + make_interval(hours => $2)
      where id = $1 and last_seen_at < now() - interval '1 minute'
      returning expires_at`,
    [sessionId, idleHours],
  );
  return rows[0]?.expires_at ?? null;
}

export async function deleteSession(pool: Pool, workspaceId: string, sessionId: string): Promise<void> {
  await pool.query('delete from sessions where workspace_id = $1 and id = $2', [workspaceId, sessionId]);
}

export async function deleteSessionsOfUser(db: Queryable, workspaceId: string, userId: string): Promise<void> {
  await db.query('delete from sessions where workspace_id = $1 and user_id = $2', [workspaceId, userId]);
}

/** Housekeeping for the worker: expired sessions and sign-in attempts older than a day. */
export async function purgeExpiredSessions(pool: Pool): Promise<{ sessions: number; attempts: number }> {
  const sessions = await pool.query('delete from sessions where expires_at < now()');
  const attempts = await pool.query(`delete from sign_in_attempts where attempted_at < now() - interval '1 day'`);
  return { sessions: sessions.rowCount ?? 0, attempts: attempts.rowCount ?? 0 };
}
