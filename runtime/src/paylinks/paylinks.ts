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

  /** The paylink of one installment of a plan: it collects exactly that installment. */
  installmentTokenFor(planId: string, seq: number): string {
    return createHmac('sha256', this.key)
      .update(`installment:${planId}:${seq}`)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
  }

  installmentUrlFor(publicUrl: string, planId: string, seq: number): string {
    return paylinkUrlFor(publicUrl, this.installmentTokenFor(planId, seq));
  }

  /** Makes installments' tokens findable (idempotent). */
  async registerInstallments(
    db: Queryable,
    installments: readonly { workspaceId: string; caseId: string; planId: string; seq: number }[],
  ): Promise<void> {
    if (installments.length === 0) return;
    await db.query(
      `insert into paylinks (token_hash, workspace_id, case_id, plan_id, seq)
       select * from unnest($1::bytea[], $2::uuid[], $3::uuid[], $4::uuid[], $5::smallint[])
       on conflict do nothing`,
      [
        installments.map((one) => tokenHash(this.installmentTokenFor(one.planId, one.seq))),
        installments.map((one) => one.workspaceId),
        installments.map((one) => one.caseId),
        installments.map((one) => one.planId),
        installments.map((one) => one.seq),
      ],
    );
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

export interface PaylinkCase {
  workspaceId: string;
  caseId: string;
  /** Set for the paylink of one installment of a plan. */
  installment: { planId: string; seq: number } | null;
}

/** The case a paylink token opens, or null for a token that is malformed or not ours. */
export async function findPaylinkCase(db: Queryable, token: string): Promise<PaylinkCase | null> {
  if (!tokenPattern.test(token)) return null;
  const { rows } = await db.query<{
    workspace_id: string;
    case_id: string;
    plan_id: string | null;
    seq: number | null;
  }>('select workspace_id, case_id, plan_id, seq from paylinks where token_hash = $1', [tokenHash(token)]);
  const row = rows[0];
  if (!row) return null;
  return {
    workspaceId: row.workspace_id,
    caseId: row.case_id,
    installment: row.plan_id && row.seq ? { planId: row.plan_id, seq: row.seq } : null,
  };
}
