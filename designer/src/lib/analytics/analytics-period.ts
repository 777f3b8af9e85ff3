/** The period choices of the managers' pages, as UTC days. */

export type PeriodPreset = 'last30' | 'last90' | 'thisYear' | 'last12Months' | 'custom';

export const periodPresetLabels: Record<PeriodPreset, string> = {
  last30: 'Last 30 days',
  last90: 'Last 90 days',
  thisYear: 'This year',
  last12Months: 'Last 12 months',
  custom: 'Choose dates…',
};

const day = (date: Date) => date.toISOString().slice(0, 10);

/** The first and last day of a preset, ending today (UTC). */
export function presetDays(preset: Exclude<PeriodPreset, 'custom'>, today = new Date()): { from: string; to: string } {
  const start = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  switch (preset) {
    case 'last30':
      start.setUTCDate(start.getUTCDate() - 29);
      break;
    case 'last90':
      start.setUTCDate(start.getUTCDate() - 89);
      break;
    case 'thisYear':
      start.setUTCMonth(0, 1);
      break;
    case 'last12Months':
      start.setUTCFullYear(start.getUTCFullYear() - 1);
      start.setUTCDate(start.getUTCDate() + 1);
      break;
  }
  return { from: day(start), to: day(today) };
}
