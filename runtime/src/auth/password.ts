/** Password hashing with Argon2id (OWASP parameters: 19 MiB, 2 passes, 1 lane). */
import { hash, verify } from '@node-rs/argon2';

const parameters = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, parameters);
}

let decoyHash: Promise<string> | undefined;

/**
 * Verifies `password` against `storedHash`. With no stored hash (unknown e-mail) it verifies
 * against a decoy, so that response time does not reveal which addresses have accounts.
 */
export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  if (storedHash === undefined) {
    decoyHash ??= hashPassword('decoy password that matches nothing');
    await verify(await decoyHash, password);
    return false;
  }
  return verify(storedHash, password);
}
