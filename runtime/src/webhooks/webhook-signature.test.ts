import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './webhook-signature.ts';

const secret = 'whsec_test';
const body = '{"id":"d1","type":"case.paid"}';
const at = new Date('2026-11-23T10:00:00Z');

describe('webhook signatures', () => {
  it('signs the timestamp with the body, as a receiver checks it', () => {
    const header = signWebhook(secret, body, at);
    expect(header).toMatch(/^t=1795428000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, header, body, { now: at })).toEqual({ ok: true });
  });

  it('refuses a changed body, another secret, an old signature (replay) and a malformed header', () => {
    const header = signWebhook(secret, body, at);
    expect(verifyWebhookSignature(secret, header, body.replace('paid', 'closed'), { now: at })).toEqual({
      ok: false,
      reason: 'the signature does not match',
    });
    expect(verifyWebhookSignature('whsec_other', header, body, { now: at }).ok).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, { now: new Date(at.getTime() + 301_000) })).toEqual({
      ok: false,
      reason: 'the signature is 301 s old (a replay?)',
    });
    expect(verifyWebhookSignature(secret, 'v1=abc', body, { now: at })).toEqual({
      ok: false,
      reason: 'the signature header is malformed',
    });
    expect(verifyWebhookSignature(secret, undefined, body).ok).toBe(false);
  });
});
