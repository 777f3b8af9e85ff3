/** Settings and checks the Sinch connectors share. */
import { z } from 'zod';

/** A secret both sides know, used to sign callbacks. */
export const SigningSecret = z.string().trim().min(16, { message: 'Use a secret of at least 16 characters.' }).max(200);

/**
 * Where the Sinch API is, when it is not Sinch's own address: a regional proxy, or the Sinch
 * double of the demo and the tests. Empty: Sinch.
 */
export const SinchApiAddress = z
  .union([z.literal(''), z.url({ protocol: /^https?$/, message: 'Use an address such as https://proxy.example.com.' })])
  .default('')
  .meta({ title: 'API address (advanced)', description: 'Leave empty to use Sinch. For a proxy or a test server.' });

/** How old a signed callback may be: a captured one replayed later is refused. */
export const callbackMaxAgeMs = 10 * 60_000;

/**
 * Whether a callback's signed timestamp lies within the accepted window: seconds since 1970 (SMS
 * webhook signatures) or ISO 8601 (the `x-timestamp` of voice callbacks).
 */
export function callbackTimestampFresh(header: string | string[] | undefined, now = Date.now()): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return false;
  const at = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  return Number.isFinite(at) && Math.abs(now - at) <= callbackMaxAgeMs;
}
