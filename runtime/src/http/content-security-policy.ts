/**
 * The Content-Security-Policy for the designer. Scripts may come only from our origin, plus the
 * one inline bootstrap script SvelteKit writes into index.html, which we allow by its hash
 * (computed from the built file at start-up, so it cannot drift from the build).
 */
import { createHash } from 'node:crypto';

export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
    const body = match[1] ?? '';
    if (body.trim() === '') continue;
    hashes.push(`'sha256-${createHash('sha256').update(body).digest('base64')}'`);
  }
  return hashes;
}

export function contentSecurityPolicy(scriptHashes: string[]) {
  return {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", ...scriptHashes],
      // Svelte Flow and transitions set inline style attributes.
      styleSrc: ["'self'", "'unsafe-inline'"],
      // Brand logos live on the creditor's own site (https); they show in previews and on paylinks.
      imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  };
}
