/**
 * The key connector secrets are encrypted with: `COLLECTFLOW_SECRET_KEY` (32 bytes, base64), or,
 * when it is not set, one generated once into the data folder (`secret.key`, readable by this
 * user only). Several processes on several machines must share one key: set the variable there.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function loadSecretKey(options: { configured: Buffer | undefined; dataDir: string }): Promise<Buffer> {
  if (options.configured) return options.configured;
  const file = path.join(options.dataDir, 'secret.key');
  try {
    const stored = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    if (stored.length !== 32) throw new Error(`${file} does not hold a 32-byte key (base64)`);
    return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  await mkdir(options.dataDir, { recursive: true });
  // `wx`: if another process created it a moment ago, read theirs instead of overwriting it.
  try {
    await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return loadSecretKey(options);
  }
}
