import { describe, expect, it } from 'vitest';
import { movedEnough, showsDetail } from './level-of-detail.ts';

const screen = { width: 1000, height: 800 };

describe('level of detail', () => {
  it('draws steps in full on and near the screen at a readable zoom', () => {
    expect(showsDetail({ x: 0, y: 0, zoom: 1 }, screen, { x: 100, y: 100 })).toBe(true);
    expect(showsDetail({ x: 0, y: 0, zoom: 1 }, screen, { x: 1200, y: 100 })).toBe(true);
    expect(showsDetail({ x: -500, y: 0, zoom: 1 }, screen, { x: 0, y: 0 })).toBe(true);
  });

  it('draws plain cards far off screen and when zoomed out too far to read', () => {
    expect(showsDetail({ x: 0, y: 0, zoom: 1 }, screen, { x: 3000, y: 100 })).toBe(false);
    expect(showsDetail({ x: 0, y: 0, zoom: 1 }, screen, { x: 100, y: -900 })).toBe(false);
    expect(showsDetail({ x: 0, y: 0, zoom: 0.2 }, screen, { x: 100, y: 100 })).toBe(false);
  });
});

describe('looking again at detail', () => {
  it('happens after a real move, not on every frame', () => {
    const view = { x: 0, y: 0, zoom: 1 };
    expect(movedEnough(null, view)).toBe(true);
    expect(movedEnough(view, { x: 20, y: -20, zoom: 1.02 })).toBe(false);
    expect(movedEnough(view, { x: 80, y: 0, zoom: 1 })).toBe(true);
    expect(movedEnough(view, { x: 0, y: 0, zoom: 1.2 })).toBe(true);
    expect(movedEnough({ x: 0, y: 0, zoom: 0.31 }, { x: 0, y: 0, zoom: 0.29 })).toBe(true);
  });
});
