/**
 * Seeded uniform random numbers: the simulators and the policy draw from these so that a
 * simulation, a training or a decision can be repeated exactly from its seed.
 */
import { createHash } from 'node:crypto';

/** Mulberry32: a small, fast, well-known seeded generator (the simulations need no more). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A 32-bit seed from text parts (a case, a node, a model version): the same parts, the same seed. */
export function seedFrom(...parts: readonly (string | number)[]): number {
  return createHash('sha256').update(parts.join('\u0000')).digest().readUInt32BE(0);
}
