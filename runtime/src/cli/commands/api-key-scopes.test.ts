import { describe, expect, it } from 'vitest';
import { parseScopes } from './api-key-command.ts';

describe('api-key --scopes', () => {
  it('takes scopes and the groups ingest, read and webhooks-admin', () => {
    expect(parseScopes('ingest')).toEqual(['debtors:write', 'invoices:write', 'payments:write', 'messages:write']);
    expect(parseScopes('read, webhooks-admin, cases:read')).toEqual(['cases:read', 'webhooks:admin']);
    expect(() => parseScopes('everything')).toThrow(/or the groups ingest, read, webhooks-admin/);
  });
});
