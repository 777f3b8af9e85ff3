import { describe, expect, it } from 'vitest';
import { freeSpot } from './free-spot.ts';
import { defaultNodeSize } from './tidy-layout.ts';

const step = defaultNodeSize.height + 24;

describe('a free spot for a new step', () => {
  it('is where it was wanted when nothing is there', () => {
    expect(freeSpot([{ x: 0, y: 0 }], { x: 600, y: 10.4 })).toEqual({ x: 600, y: 10 });
  });

  it('moves below the steps that would be covered', () => {
    const second = { x: 20, y: step - 20 };
    expect(freeSpot([{ x: 0, y: 0 }, second], { x: 10, y: 10 })).toEqual({ x: 10, y: 10 + 2 * step });
  });
});
