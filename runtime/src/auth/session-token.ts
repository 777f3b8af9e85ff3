/** Session tokens: 256 random bits in the cookie; only their SHA-256 is stored. */
import { createHash, randomBytes } from 'node:crypto';

export const sessionCookieName = 'cf_session';

export function newSessionToken(): { token: string; tokenHash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashSessionToken(token) };
}

export function hashSessionToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
