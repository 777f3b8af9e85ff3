/**
 * Where a step added from the palette by click or keyboard lands: at the middle of the view,
 * or the nearest place below it that no other step covers (so it never hides one).
 */
import { defaultNodeSize } from './tidy-layout.ts';

const gap = 24;

export function freeSpot(
  taken: readonly { x: number; y: number }[],
  wanted: { x: number; y: number },
): { x: number; y: number } {
  const overlaps = (spot: { x: number; y: number }) =>
    taken.some(
      (node) =>
        Math.abs(node.x - spot.x) < defaultNodeSize.width + gap &&
        Math.abs(node.y - spot.y) < defaultNodeSize.height + gap,
    );
  let spot = { x: Math.round(wanted.x), y: Math.round(wanted.y) };
  for (let tries = 0; tries < 200 && overlaps(spot); tries += 1) {
    spot = { x: spot.x, y: spot.y + defaultNodeSize.height + gap };
  }
  return spot;
}
