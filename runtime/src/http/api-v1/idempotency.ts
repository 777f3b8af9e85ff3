/**
 * `Idempotency-Key` for the REST API's writes: the first request with a key does its work and
 * stores its response in the same transaction; a retry with the same key and body gets that
 * response again (and `Idempotent-Replayed: true`), and changes nothing. The same key with a
 * different body is refused. A request that failed stored nothing, so it can simply be retried.
 * Keys are kept 24 hours.
 */
import { createHash } from 'node:crypto';
import { inTransaction, type Pool, type PoolClient } from '../../db/pool.ts';
import { ApiProblem } from './api-error.ts';

export interface WriteResult {
  status: number;
  body: unknown;
  replayed?: boolean;
}

const validKey = /^[\x21-\x7e]{1,200}$/;

export async function idempotentWrite(
  pool: Pool,
  workspaceId: string,
  key: string | undefined,
  request: { method: string; path: string; body: unknown },
  work: (client: PoolClient) => Promise<WriteResult>,
): Promise<WriteResult> {
  if (key !== undefined && !validKey.test(key)) {
    throw new ApiProblem(
      400,
      'invalid_idempotency_key',
      'Idempotency-Key must be 1–200 printable characters (a UUID is a good choice).',
    );
  }
  return inTransaction(pool, async (client) => {
    if (key !== undefined) {
      const hash = createHash('sha256')
        .update(`${request.method} ${request.path}\n${JSON.stringify(request.body)}`)
        .digest();
      // Waits for a request with the same key that is still running, then sees its outcome.
      const claimed = await client.query(
        `insert into idempotency_keys (workspace_id, key, request_hash) values ($1, $2, $3)
         on conflict (workspace_id, key) do nothing`,
        [workspaceId, key, hash],
      );
      if (claimed.rowCount === 0) {
        const { rows } = await client.query<{ request_hash: Buffer; status: number; response: unknown }>(
          'select request_hash, status, response from idempotency_keys where workspace_id = $1 and key = $2',
          [workspaceId, key],
        );
        const stored = rows[0]!;
        if (!stored.request_hash.equals(hash)) {
          throw new ApiProblem(
            422,
            'idempotency_key_reused',
            'This Idempotency-Key was used for a different request; use a new key for a new request.',
          );
        }
        return { status: stored.status, body: stored.response, replayed: true };
      }
      const result = await work(client);
      await client.query(
        'update idempotency_keys set status = $3, response = $4 where workspace_id = $1 and key = $2',
        [workspaceId, key, result.status, JSON.stringify(result.body)],
      );
      return result;
    }
    return work(client);
  });
}

/** Deletes keys older than a day (hourly housekeeping). */
export async function purgeIdempotencyKeys(pool: Pool): Promise<number> {
  const { rowCount } = await pool.query(`delete from idempotency_keys where created_at < now() - interval '24 hours'`);
  return rowCount ?? 0;
}
