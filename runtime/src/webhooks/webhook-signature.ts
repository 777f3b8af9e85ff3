/**
 * Webhook signatures: `Collectflow-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` over
 * `<t>.<raw body>` with the subscription's secret. The timestamp is signed with the body, so a
 * receiver that refuses signatures older than a few minutes cannot be fed a recorded delivery
 * again (replay); the delivery id in the body lets it drop a retry it already processed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const signatureHeader = 'collectflow-signature';

export function signWebhook(secret: string, body: string, at: Date = new Date()): string {
  const timestamp = Math.floor(at.getTime() / 1000);
  const digest = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${digest}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Checks a delivery as a receiver must: the signature over the raw body, and its age (default at most 5 minutes). */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  body: string,
  options: { toleranceSeconds?: number; now?: Date } = {},
): SignatureCheck {
  if (!header) return { ok: false, reason: 'no Collectflow-Signature header' };
  const parts = new Map(
    header.split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const timestamp = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(timestamp) || !/^[0-9a-f]{64}$/.test(given)) {
    return { ok: false, reason: 'the signature header is malformed' };
  }
  const age = (options.now ?? new Date()).getTime() / 1000 - timestamp;
  if (Math.abs(age) > (options.toleranceSeconds ?? 300)) {
    return { ok: false, reason: `the signature is ${Math.round(Math.abs(age))} s old (a replay?)` };
  }
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();
  if (!timingSafeEqual(expected, Buffer.from(given, 'hex')))
    return { ok: false, reason: 'the signature does not match' };
  return { ok: true };
}
