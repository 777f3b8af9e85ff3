/**
 * Hours from a case's first message to its payment, counted in buckets so that daily rollups can
 * be added up and medians read from the sum: hourly for two days, six-hourly to a week, daily to
 * four weeks, two-daily to sixty days, then one bucket for the rest. Bucket 0 is [0, 1 h),
 * bucket i is [bounds[i-1], bounds[i]), the last is everything from 1,440 h on.
 */
const bounds: number[] = [];
for (let hour = 1; hour <= 48; hour += 1) bounds.push(hour);
for (let hour = 54; hour <= 168; hour += 6) bounds.push(hour);
for (let hour = 192; hour <= 672; hour += 24) bounds.push(hour);
for (let hour = 720; hour <= 1440; hour += 48) bounds.push(hour);

/** The buckets' lower bounds after the first (PostgreSQL's width_bucket thresholds). */
export const timeToPayBucketBounds: readonly number[] = bounds;

/** A histogram as stored: bucket number → cases. */
export type HourHistogram = Record<string, number>;

export function addHistograms(histograms: readonly HourHistogram[]): HourHistogram {
  const sum: HourHistogram = {};
  for (const histogram of histograms) {
    for (const [bucket, count] of Object.entries(histogram)) sum[bucket] = (sum[bucket] ?? 0) + count;
  }
  return sum;
}

/** The range of hours a bucket holds (the last is open-ended: its start is returned twice). */
export function bucketRange(bucket: number): [number, number] {
  const low = bucket === 0 ? 0 : bounds[bucket - 1]!;
  const high = bounds[bucket] ?? low;
  return [low, high];
}

/** The median hours, interpolated within its bucket; null for an empty histogram. */
export function histogramMedian(histogram: HourHistogram): number | null {
  const entries = Object.entries(histogram)
    .map(([bucket, count]) => [Number(bucket), count] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const half = total / 2;
  let before = 0;
  for (const [bucket, count] of entries) {
    if (before + count >= half) {
      const [low, high] = bucketRange(bucket);
      return low + ((half - before) / count) * (high - low);
    }
    before += count;
  }
  return null;
}

/** Cases with fewer than `hours` hours to payment (`hours` must be a bucket bound). */
export function casesBelow(histogram: HourHistogram, hours: number): number {
  const index = bounds.indexOf(hours);
  if (index < 0) throw new Error(`${hours} h is not a bucket bound`);
  return Object.entries(histogram).reduce((sum, [bucket, count]) => (Number(bucket) <= index ? sum + count : sum), 0);
}
