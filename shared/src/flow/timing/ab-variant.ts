/**
 * The A/B variant of a case at a split: a hash of case and node picks a point in [0, 100), and
 * the variants' weights divide that range. Deterministic, so a case that reaches the same split
 * again (re-entry, a loop) gets the same variant: the test stays clean.
 */
import type { AbVariant } from '../nodes/ab-split.ts';

/** FNV-1a over the UTF-16 code units, then a murmur3 finaliser to spread the low bits. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

export function pickVariant(caseId: string, nodeId: string, variants: readonly AbVariant[]): AbVariant {
  const point = (stableHash(`${caseId}/${nodeId}`) % 10_000) / 100;
  let upTo = 0;
  for (const variant of variants) {
    upTo += variant.weight;
    if (point < upTo) return variant;
  }
  // Weights add up to 100 in a valid flow; rounding cannot leave a gap, but be total anyway.
  return variants.findLast((variant) => variant.weight > 0) ?? variants[0]!;
}
