import type { AbVariant } from '@collectflow/shared';
import { describe, expect, it } from 'vitest';
import { addVariant, apportion, removeVariant, setWeight } from './ab-weights.ts';

const variants = (...weights: number[]): AbVariant[] =>
  weights.map((weight, index) => ({ id: `v${index}`, label: `V${index}`, weight }));
const weights = (list: AbVariant[]) => list.map((variant) => variant.weight);
const sum = (list: AbVariant[]) => weights(list).reduce((a, b) => a + b, 0);

describe('A/B weights', () => {
  it('apportion whole numbers by largest remainder', () => {
    expect(apportion(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(apportion(10, [0, 0])).toEqual([5, 5]);
    expect(apportion(0, [3, 7])).toEqual([0, 0]);
  });

  it('keep the sum at 100 when one slider moves, taking from the others in proportion', () => {
    expect(weights(setWeight(variants(50, 50), 0, 70))).toEqual([70, 30]);
    expect(weights(setWeight(variants(40, 40, 20), 2, 60))).toEqual([20, 20, 60]);
    expect(weights(setWeight(variants(50, 50), 1, 140))).toEqual([0, 100]);
    // Others at 0 have no proportion to keep: they share equally.
    expect(weights(setWeight(variants(100, 0, 0), 0, 10))).toEqual([10, 45, 45]);
  });

  it('keep the sum at 100 for any slider move', () => {
    let list = variants(25, 25, 25, 25);
    for (const [index, weight] of [
      [0, 97],
      [3, 1],
      [1, 50],
      [2, 33],
      [0, 0],
      [3, 100],
      [1, 7],
    ] as const) {
      list = setWeight(list, index, weight);
      expect(sum(list)).toBe(100);
      expect(list[index]!.weight).toBe(weight);
    }
  });

  it('add and remove variants keeping the sum at 100 and ids unique', () => {
    const added = addVariant([
      { id: 'a', label: 'A', weight: 50 },
      { id: 'b', label: 'B', weight: 50 },
    ]);
    expect(added.map((variant) => variant.id)).toEqual(['a', 'b', 'c']);
    expect(weights(added)).toEqual([34, 33, 33]);
    expect(weights(removeVariant(added, 0))).toEqual([50, 50]);
  });
});
