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

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000);
  });
});
