/**
 * Signed tracking addresses for e-mail: the open pixel `/t/o/<ids>.<signature>.gif` and the
 * click redirect `/t/c/<ids>.<signature>?u=<target>`. `<ids>` packs the workspace and message
 * ids (32 bytes, base64url); the signature is an HMAC-SHA256 (first 128 bits) over the kind,
 * the ids and, for clicks, the target, with a key derived from the service's secret key. So a
 * link cannot be forged, pointed at another message, or turned into a redirect to anywhere else.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { MessageTracking } from '@collectflow/connectors';

export type TrackingKind = 'open' | 'click';

export interface TrackedMessage {
  workspaceId: string;
  messageId: string;
}

export const openPixelPath = '/t/o/:token';
export const clickRedirectPath = '/t/c/:token';

/** The HMAC key of tracking links, derived from (never equal to) the service's secret key. */
export function trackingKey(secretKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'collectflow/message-tracking/v1', 32));
}

const uuidBytes = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex');
const uuidOf = (bytes: Buffer) => bytes.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

function signature(key: Buffer, kind: TrackingKind, ids: string, target: string): string {
  return createHmac('sha256', key).update(`${kind}\n${ids}\n${target}`).digest().subarray(0, 16).toString('base64url');
}

function tokenFor(key: Buffer, kind: TrackingKind, message: TrackedMessage, target = ''): string {
  const ids = Buffer.concat([uuidBytes(message.workspaceId), uuidBytes(message.messageId)]).toString('base64url');
  return `${ids}.${signature(key, kind, ids, target)}`;
}

/** The tracking addresses of one workspace's messages, for its connectors' context. */
export function trackingLinks(key: Buffer, publicUrl: string, workspaceId: string): MessageTracking {
  const base = publicUrl.replace(/\/$/, '');
  return {
    openPixelUrl: (messageId) => `${base}/t/o/${tokenFor(key, 'open', { workspaceId, messageId })}.gif`,
    clickUrl: (messageId, target) =>
      `${base}/t/c/${tokenFor(key, 'click', { workspaceId, messageId }, target)}?u=${encodeURIComponent(target)}`,
  };
}

/** The message a tracking token names, or null when it is not one we signed (for this target). */
export function readTrackingToken(key: Buffer, kind: TrackingKind, token: string, target = ''): TrackedMessage | null {
  const match = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!match) return null;
  const [, ids, given] = match as unknown as [string, string, string];
  const expected = Buffer.from(signature(key, kind, ids, target));
  if (!timingSafeEqual(Buffer.from(given), expected)) return null;
  const bytes = Buffer.from(ids, 'base64url');
  return { workspaceId: uuidOf(bytes.subarray(0, 16)), messageId: uuidOf(bytes.subarray(16, 32)) };
}
