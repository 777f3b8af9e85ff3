/**
 * Connector secrets at rest: AES-256-GCM with a 256-bit key from configuration. A sealed box is
 * `version (1 byte) | IV (12) | tag (16) | ciphertext`; the additional data binds it to its
 * workspace and connector, so a box copied to another row does not open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const version = 1;

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

export function sealSecrets(key: Buffer, secrets: Record<string, unknown>, boundTo: string): Buffer {
  if (key.length !== 32) throw new SecretBoxError('the secret key must be 32 bytes');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(boundTo, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([version]), iv, cipher.getAuthTag(), ciphertext]);
}

export function openSecrets(key: Buffer, box: Buffer, boundTo: string): Record<string, unknown> {
  if (box.length < 29 || box[0] !== version)
    throw new SecretBoxError('the sealed secrets are damaged or of an unknown version');
  const decipher = createDecipheriv('aes-256-gcm', key, box.subarray(1, 13));
  decipher.setAAD(Buffer.from(boundTo, 'utf8'));
  decipher.setAuthTag(box.subarray(13, 29));
  try {
    const plaintext = Buffer.concat([decipher.update(box.subarray(29)), decipher.final()]);
    return JSON.parse(plaintext.toString('utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new SecretBoxError(
      'the connector secrets cannot be opened: the secret key differs from the one they were saved with, or they were changed',
      { cause: error },
    );
  }
}
