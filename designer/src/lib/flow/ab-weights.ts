/**
 * A/B weights that always add up to 100: moving one variant's slider takes from or gives to the
 * others in proportion to what they have, in whole percentages.
 */
import type { AbVariant } from '@collectflow/shared';

/** Splits `total` into whole numbers in proportion to `shares` (largest remainders get the rest). */
export function apportion(total: number, shares: readonly number[]): number[] {
  if (shares.length === 0) return [];
  const sum = shares.reduce((acc, share) => acc + share, 0);
  const exact = shares.map((share) => (sum === 0 ? total / shares.length : (total * share) / sum));
  const floors = exact.map(Math.floor);
  let rest = total - floors.reduce((acc, value) => acc + value, 0);
  const order = exact.map((value, index) => ({ index, remainder: value - floors[index]! }));
  order.sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (rest <= 0) break;
    floors[index]! += 1;
    rest -= 1;
  }
  return floors;
}

/** Sets one variant's weight (clamped to 0–100) and rebalances the others to keep the sum at 100. */
export function setWeight(variants: readonly AbVariant[], index: number, weight: number): AbVariant[] {
  const clamped = Math.max(0, Math.min(100, Math.round(weight)));
  if (variants.length === 1) return [{ ...variants[0]!, weight: 100 }];
  const others = variants.filter((_, position) => position !== index);
  const shares = apportion(
    100 - clamped,
    others.map((variant) => variant.weight),
  );
  let next = 0;
  return variants.map((variant, position) =>
    position === index ? { ...variant, weight: clamped } : { ...variant, weight: shares[next++]! },
  );
}

/** Adds a variant with an equal share, taking from the others in proportion. */
export function addVariant(variants: readonly AbVariant[]): AbVariant[] {
  const taken = new Set(variants.map((variant) => variant.id));
  let code = 97; // 'a'
  while (taken.has(String.fromCharCode(code)) && code < 122) code += 1;
  const id = taken.has(String.fromCharCode(code)) ? `v${variants.length + 1}` : String.fromCharCode(code);
  const added = [...variants, { id, label: id.toUpperCase(), weight: 0 }];
  return setWeight(added, added.length - 1, Math.round(100 / added.length));
}

/** Removes a variant and gives its share to the others in proportion. */
export function removeVariant(variants: readonly AbVariant[], index: number): AbVariant[] {
  const rest = variants.filter((_, position) => position !== index);
  const weights = apportion(
    100,
    rest.map((variant) => variant.weight),
  );
  return rest.map((variant, position) => ({ ...variant, weight: weights[position]! }));
}
