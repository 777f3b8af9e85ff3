/** API keys of a workspace: created by admins (shown once), listed, revoked, and checked per request. */
import type { ApiKeySummary, ApiScope, CreateApiKeyInput } from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import { hashApiKeyToken, looksLikeApiKey, newApiKeyToken } from './api-key-token.ts';

const summaryColumns = `id, name, prefix, scopes, to_json(created_at) #>> '{}' as "createdAt",
  to_json(last_used_at) #>> '{}' as "lastUsedAt", to_json(revoked_at) #>> '{}' as "revokedAt"`;

/** Creates a key; the returned token is the only time anyone sees it. */
export async function createApiKey(
  db: Queryable,
  workspaceId: string,
  input: CreateApiKeyInput & { createdBy: string | null },
): Promise<{ token: string; key: ApiKeySummary }> {
  const { token, prefix } = newApiKeyToken();
  const { rows } = await db.query<ApiKeySummary>(
    `insert into api_keys (workspace_id, name, prefix, key_hash, scopes, created_by)
     values ($1, $2, $3, $4, $5, $6) returning ${summaryColumns}`,
    [workspaceId, input.name, prefix, hashApiKeyToken(token), [...new Set(input.scopes)], input.createdBy],
  );
  return { token, key: rows[0]! };
}

export async function listApiKeys(db: Queryable, workspaceId: string): Promise<ApiKeySummary[]> {
  const { rows } = await db.query<ApiKeySummary>(
    `select ${summaryColumns} from api_keys where workspace_id = $1 order by revoked_at is not null, created_at desc`,
    [workspaceId],
  );
  return rows;
}

export async function revokeApiKey(db: Queryable, workspaceId: string, id: string): Promise<ApiKeySummary> {
  const { rows } = await db.query<ApiKeySummary>(
    `update api_keys set revoked_at = coalesce(revoked_at, now()) where workspace_id = $1 and id = $2
     returning ${summaryColumns}`,
    [workspaceId, id],
  );
  if (!rows[0]) throw new DomainError('NOT_FOUND', 'There is no such API key in this workspace.', { field: 'id' });
  return rows[0];
}

export interface ApiCaller {
  keyId: string;
  workspaceId: string;
  scopes: ApiScope[];
}

/** The workspace and scopes of a live key; null for anything else. Notes its use (at most once a minute). */
export async function authenticateApiKey(db: Queryable, token: string): Promise<ApiCaller | null> {
  if (!looksLikeApiKey(token)) return null;
  const { rows } = await db.query<ApiCaller & { stale: boolean }>(
    `select id as "keyId", workspace_id as "workspaceId", scopes,
            last_used_at is null or last_used_at < now() - interval '1 minute' as stale
       from api_keys where key_hash = $1 and revoked_at is null`,
    [hashApiKeyToken(token)],
  );
  const key = rows[0];
  if (!key) return null;
  if (key.stale) await db.query('update api_keys set last_used_at = now() where id = $1', [key.keyId]);
  return { keyId: key.keyId, workspaceId: key.workspaceId, scopes: key.scopes };
}
