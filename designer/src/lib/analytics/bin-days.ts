/** Daily figures added up into bins of `size` days (the last bin may be shorter). */
import type { Dashboard } from '@collectflow/shared';

export interface DayBin {
  /** The bin's first day. */
  day: string;
  days: number;
  entered: number;
  paid: number;
}

export function binDays(daily: Dashboard['daily'], size: number): DayBin[] {
  const bins: DayBin[] = [];
  daily.forEach((day, index) => {
    if (index % size === 0) bins.push({ day: day.day, days: size, entered: 0, paid: 0 });
    const bin = bins.at(-1)!;
    bin.entered += day.entered;
    bin.paid += day.paid;
  });
  return bins;
}
