import { describe, expect, it } from 'vitest';
import { readTrackingToken, trackingKey, trackingLinks } from './tracking-links.ts';

const key = trackingKey(Buffer.alloc(32, 3));
const workspaceId = '0b7e8f1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b';
const messageId = '7c2a9f10-5b3e-4d8a-9e21-3f4b5c6d7e8f';
const links = trackingLinks(key, 'https://collect.example.com/', workspaceId);
const tokenOf = (url: string, kind: 'o' | 'c') =>
  new URL(url).pathname.slice(`/t/${kind}/`.length).replace(/\.gif$/, '');

describe('tracking links', () => {
  it('name their workspace and message, and only what was signed', () => {
    const pixel = links.openPixelUrl(messageId);
    expect(pixel).toMatch(/^https:\/\/collect\.example\.com\/t\/o\/[\w-]{43}\.[\w-]{22}\.gif$/);
    expect(readTrackingToken(key, 'open', tokenOf(pixel, 'o'))).toEqual({ workspaceId, messageId });

    const target = 'https://collect.example.com/p/CF-7C2A9F10?lang=nl&x=1';
    const click = new URL(links.clickUrl(messageId, target));
    expect(click.searchParams.get('u')).toBe(target);
    const token = tokenOf(click.href, 'c');
    expect(readTrackingToken(key, 'click', token, target)).toEqual({ workspaceId, messageId });
    // Another target, another kind, another key, a changed id: not ours.
    expect(readTrackingToken(key, 'click', token, 'https://evil.example/')).toBeNull();
    expect(readTrackingToken(key, 'open', token)).toBeNull();
    expect(readTrackingToken(trackingKey(Buffer.alloc(32, 4)), 'click', token, target)).toBeNull();
    const otherIds = `${token[0] === 'A' ? 'B' : 'A'}${token.slice(1)}`;
    expect(readTrackingToken(key, 'click', otherIds, target)).toBeNull();
    expect(readTrackingToken(key, 'click', 'short.token', target)).toBeNull();
  });
});
