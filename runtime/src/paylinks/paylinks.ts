/**
 * Paylink tokens: one per case, 128 bits, 22 characters (short enough for an SMS). A token is
 * the HMAC-SHA256 of the case id under a key derived from the service's secret key, so each
 * message of a case carries the same link and the token itself is never stored; the database
 * keeps its SHA-256 only, to find the case when the link is opened. Whoever reads the database
 * cannot rebuild a link; whoever holds a link learns nothing about other cases.
 */
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/pool.ts';
import { paylinkUrlFor } from '../templates/paylink-url.ts';

const tokenPattern = /^[A-Za-z0-9_-]{22}$/;

export class Paylinks {
  private readonly key: Buffer;

  /** @param secretKey The service's secret key. Default: a key of this process only (tests). */
  constructor(secretKey: Buffer = randomBytes(32)) {
    this.key = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'collectflow/paylink/v1', 32));
  }

  tokenFor(caseId: string): string {
    return createHmac('sha256', this.key).update(caseId).digest().subarray(0, 16).toString('base64url');
  }

  urlFor(publicUrl: string, caseId: string): string {
    return paylinkUrlFor(publicUrl, this.tokenFor(caseId));
  }

  /** Makes the cases' tokens findable (idempotent, one statement for the batch). */
  async register(db: Queryable, cases: readonly { workspaceId: string; caseId: string }[]): Promise<void> {
    if (cases.length === 0) return;
    await db.query(
      `insert into paylinks (token_hash, workspace_id, case_id)
       select * from unnest($1::bytea[], $2::uuid[], $3::uuid[])
       on conflict do nothing`,
      [
        cases.map((one) => tokenHash(this.tokenFor(one.caseId))),
        cases.map((one) => one.workspaceId),
        cases.map((one) => one.caseId),
      ],
    );
  }
}

export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** The case a paylink token opens, or null for a token that is malformed or not ours. */
export async function findPaylinkCase(
  db: Queryable,
  token: string,
): Promise<{ workspaceId: string; caseId: string } | null> {
  if (!tokenPattern.test(token)) return null;
  const { rows } = await db.query<{ workspace_id: string; case_id: string }>(
    'select workspace_id, case_id from paylinks where token_hash = $1',
    [tokenHash(token)],
  );
  return rows[0] ? { workspaceId: rows[0].workspace_id, caseId: rows[0].case_id } : null;
}
