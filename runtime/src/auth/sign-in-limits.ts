/**
 * Rate limits on failed sign-ins, kept in PostgreSQL so that they hold across several server
 * processes: per e-mail address (guessing one account's password) and per client IP (trying
 * many accounts).
 */
import type { Pool } from '../db/pool.ts';

export interface SignInLimits {
  /** Failed attempts allowed per address in the window. Default: 5. */
  perEmail: number;
  /** Failed attempts allowed per IP in the window. Default: 30. */
  perIp: number;
  /** Window in minutes. Default: 15. */
  windowMinutes: number;
}

export const defaultSignInLimits: SignInLimits = { perEmail: 5, perIp: 30, windowMinutes: 15 };

/** Seconds until another attempt is allowed, or 0 when one is allowed now. */
export async function signInRetryAfter(
  pool: Pool,
  email: string,
  ip: string | null,
  limits: SignInLimits,
): Promise<number> {
  const { rows } = await pool.query<{ email_wait: number | null; ip_wait: number | null }>(
    `with by_email as (
       select attempted_at from sign_in_attempts
        where email = $1 and not succeeded
          and attempted_at > now() - make_interval(mins => $3)
          and attempted_at > coalesce((select max(attempted_at) from sign_in_attempts
                                        where email = $1 and succeeded), '-infinity')
        order by attempted_at desc offset $4 - 1 limit 1
     ), by_ip as (
       select attempted_at from sign_in_attempts
        where $2::inet is not null and ip = $2::inet and not succeeded
          and attempted_at > now() - make_interval(mins => $3)
        order by attempted_at desc offset $5 - 1 limit 1
     )
     select ceil(extract(epoch from (select attempted_at from by_email) + make_interval(mins => $3) - now()))::int as email_wait,
            ceil(extract(epoch from (select attempted_at from by_ip) + make_interval(mins => $3) - now()))::int as ip_wait`,
    [email, ip, limits.windowMinutes, limits.perEmail, limits.perIp],
  );
  const row = rows[0];
  return Math.max(0, row?.email_wait ?? 0, row?.ip_wait ?? 0);
}

export async function recordSignInAttempt(
  pool: Pool,
  attempt: { email: string; ip: string | null; succeeded: boolean },
): Promise<void> {
  await pool.query('insert into sign_in_attempts (email, ip, succeeded) values ($1, $2, $3)', [
    attempt.email,
    attempt.ip,
    attempt.succeeded,
  ]);
}
