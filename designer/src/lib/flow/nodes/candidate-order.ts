/** Editing the candidates of a bestChannel step: their order is the fallback order. */
import type { Channel } from '@collectflow/shared';

/** Adds (at the end) or removes a candidate. */
export function toggleCandidate(candidates: readonly Channel[], channel: Channel, on: boolean): Channel[] {
  if (on) return candidates.includes(channel) ? [...candidates] : [...candidates, channel];
  return candidates.filter((entry) => entry !== channel);
}

/** Moves the candidate at `index` one place up (-1) or down (+1); out of range changes nothing. */
export function moveCandidate(candidates: readonly Channel[], index: number, by: -1 | 1): Channel[] {
  const target = index + by;
  if (index < 0 || index >= candidates.length || target < 0 || target >= candidates.length) return [...candidates];
  const moved = [...candidates];
  [moved[index], moved[target]] = [moved[target]!, moved[index]!];
  return moved;
}
