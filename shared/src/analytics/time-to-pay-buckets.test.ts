import { describe, expect, it } from 'vitest';
import {
  addHistograms,
  bucketRange,
  casesBelow,
  histogramMedian,
  timeToPayBucketBounds,
} from './time-to-pay-buckets.ts';

describe('time-to-pay buckets', () => {
  it('are hourly for two days, then coarser, and hold the bands the dashboard shows', () => {
    expect(timeToPayBucketBounds.slice(0, 3)).toEqual([1, 2, 3]);
    expect(bucketRange(0)).toEqual([0, 1]);
    expect(bucketRange(48)).toEqual([48, 54]);
    for (const band of [1, 24, 72, 168, 336, 672]) expect(timeToPayBucketBounds).toContain(band);
  });

  it('read the median within its bucket: 3 cases in [2,3) h and 1 in [30,31) h', () => {
    // Half of four is two: two-thirds into the bucket [2, 3).
    expect(histogramMedian({ 2: 3, 30: 1 })).toBeCloseTo(2 + 2 / 3, 10);
    expect(histogramMedian({})).toBeNull();
  });

  it('add up day by day, and count the cases below a bound', () => {
    const sum = addHistograms([
      { 0: 2, 5: 1 },
      { 5: 3, 30: 1 },
    ]);
    expect(sum).toEqual({ 0: 2, 5: 4, 30: 1 });
    expect(casesBelow(sum, 1)).toBe(2);
    expect(casesBelow(sum, 24)).toBe(6);
    expect(() => casesBelow(sum, 25.5)).toThrow('not a bucket bound');
  });
});
