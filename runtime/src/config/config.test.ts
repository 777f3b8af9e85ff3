import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('applies documented defaults', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({
      HOST: '127.0.0.1',
      PORT: 3000,
      WORKER_CONCURRENCY: 10,
      dataDir: path.resolve('/srv/app/.collectflow'),
    });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('names the variable and the problem in one line', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow('Configuration error: PORT must be a number (got "eighty").');
    expect(() => loadConfig({ PORT: '70000' })).toThrow(
      'Configuration error: PORT must be between 0 and 65535 (got "70000").',
    );
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/^Configuration error: LOG_LEVEL use one of/);
  });

  it('does not echo a database URL, which may hold a password', () => {
    let message = '';
    try {
      loadConfig({ DATABASE_URL: 'mysql://root:secret@db/x' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe('Configuration error: DATABASE_URL must start with postgres:// or postgresql://.');
    expect(message).not.toContain('secret');
  });

  it('checks the secret key without echoing it', () => {
    expect(() => loadConfig({ COLLECTFLOW_SECRET_KEY: 'c2hvcnQta2V5' })).toThrow(
      'Configuration error: COLLECTFLOW_SECRET_KEY must be 32 random bytes in base64 (e.g. openssl rand -base64 32).',
    );
    const key = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ COLLECTFLOW_SECRET_KEY: key }).COLLECTFLOW_SECRET_KEY).toHaveLength(32);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000);
  });
});
