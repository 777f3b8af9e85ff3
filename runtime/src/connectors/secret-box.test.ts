import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSecrets, SecretBoxError, sealSecrets } from './secret-box.ts';
import { loadSecretKey } from './secret-key.ts';

describe('secret box', () => {
  const key = randomBytes(32);

  it('seals and opens secrets, which never appear in the sealed bytes', () => {
    const box = sealSecrets(key, { password: 'hunter2-very-secret' }, 'workspace-a/email');
    expect(box.toString('latin1')).not.toContain('hunter2');
    expect(openSecrets(key, box, 'workspace-a/email')).toEqual({ password: 'hunter2-very-secret' });
    // A fresh IV each time: the same secrets never seal to the same bytes.
    expect(sealSecrets(key, { password: 'hunter2-very-secret' }, 'workspace-a/email').equals(box)).toBe(false);
  });

  it('refuses a box that was changed, moved to another row, or opened with another key', () => {
    const box = sealSecrets(key, { password: 'p' }, 'workspace-a/email');
    const tampered = Buffer.from(box);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 1) ^ 1, tampered.length - 1);
    expect(() => openSecrets(key, tampered, 'workspace-a/email')).toThrow(SecretBoxError);
    expect(() => openSecrets(key, box, 'workspace-b/email')).toThrow(/cannot be opened/);
    expect(() => openSecrets(randomBytes(32), box, 'workspace-a/email')).toThrow(/secret key differs/);
  });
});

describe('secret key', () => {
  it('is generated once into the data folder, readable by this user only, then reused', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'collectflow-key-'));
    const first = await loadSecretKey({ configured: undefined, dataDir });
    const second = await loadSecretKey({ configured: undefined, dataDir });
    expect(first).toHaveLength(32);
    expect(second.equals(first)).toBe(true);
    expect((await stat(path.join(dataDir, 'secret.key'))).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(path.join(dataDir, 'secret.key'), 'utf8')).trim(), 'base64').equals(first)).toBe(
      true,
    );
    const configured = randomBytes(32);
    expect((await loadSecretKey({ configured, dataDir })).equals(configured)).toBe(true);
  });
});
