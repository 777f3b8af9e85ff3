/**
 * Level of detail on the canvas: a step draws its text, icon and output labels only when the
 * zoom makes them readable and the step is on (or near) the screen. Painting the text of
 * hundreds of steps is most of the cost of opening, panning and zooming a large flow; the card
 * itself and its handles always stay, so connections never move.
 */
import type { Viewport } from '@xyflow/svelte';
import { defaultNodeSize } from './tidy-layout.ts';

/** Below this zoom, text would be under about 4 px high: steps are drawn as plain cards. */
export const detailZoom = 0.3;

/** How far beyond the screen's edge steps are drawn in full already (pixels), so panning shows no blanks. */
const margin = 300;

export function showsDetail(
  viewport: Viewport,
  screen: { width: number; height: number },
  position: { x: number; y: number },
): boolean {
  if (viewport.zoom < detailZoom) return false;
  const left = position.x * viewport.zoom + viewport.x;
  const top = position.y * viewport.zoom + viewport.y;
  const width = defaultNodeSize.width * viewport.zoom;
  const height = defaultNodeSize.height * viewport.zoom;
  return (
    left + width > -margin && top + height > -margin && left < screen.width + margin && top < screen.height + margin
  );
}

/**
 * Whether the view moved enough to look again at which steps show detail: by a fifth of the
 * margin, or a tenth in zoom, or across the detail zoom. (Checking on every frame of a pan
 * would cost more than it saves.)
 */
export function movedEnough(previous: Viewport | null, next: Viewport): boolean {
  if (!previous) return true;
  const crossed = previous.zoom < detailZoom !== next.zoom < detailZoom;
  const zoomed = Math.abs(next.zoom - previous.zoom) / previous.zoom > 0.1;
  const panned = Math.abs(next.x - previous.x) > margin / 5 || Math.abs(next.y - previous.y) > margin / 5;
  return crossed || zoomed || panned;
}
