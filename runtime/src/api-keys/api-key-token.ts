/**
 * API key tokens: `cfk_<prefix>_<secret>`. The prefix (8 hex characters) names the key in lists;
 * the secret is 256 random bits. Only the SHA-256 of the whole token is stored, so a database
 * leak does not hand out working keys.
 */
import { createHash, randomBytes } from 'node:crypto';

export function newApiKeyToken(): { token: string; prefix: string } {
  const prefix = randomBytes(4).toString('hex');
  return { token: `cfk_${prefix}_${randomBytes(32).toString('base64url')}`, prefix: `cfk_${prefix}` };
}

export function hashApiKeyToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Whether a string is shaped like a key (checked before any database work). */
export function looksLikeApiKey(token: string): boolean {
  return /^cfk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/.test(token);
}
