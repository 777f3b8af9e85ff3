import { describe, expect, it } from 'vitest';
import { binDays } from './bin-days.ts';

const day = (index: number) => ({
  day: `2026-01-${String(index + 1).padStart(2, '0')}`,
  entered: index + 1,
  paid: 1,
  collectedMinor: 0,
});

describe('binDays', () => {
  it('adds days up into weeks, the last one shorter, starting at the first day of each', () => {
    const bins = binDays(
      Array.from({ length: 10 }, (_, index) => day(index)),
      7,
    );
    expect(bins).toEqual([
      { day: '2026-01-01', days: 7, entered: 28, paid: 7 },
      { day: '2026-01-08', days: 7, entered: 27, paid: 3 },
    ]);
  });

  it('keeps days as they are with bins of one', () => {
    expect(binDays([day(0), day(1)], 1).map((bin) => bin.entered)).toEqual([1, 2]);
  });
});
