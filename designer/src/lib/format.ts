/** Number and money formatting for the designer, in the reader's locale. */
import { formatMoney, type Money } from '@collectflow/shared';

const locale = () => (typeof navigator === 'undefined' ? 'en-GB' : navigator.language);

export const formatCount = (value: number) => new Intl.NumberFormat(locale()).format(value);
export const formatAmount = (money: Money) => formatMoney(money, locale());

/** A moment as people read it, e.g. "23 Nov 2026, 14:05". */
export const formatDateTime = (iso: string) =>
  new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** A day as people read it, e.g. "23 Nov 2026". */
export const formatDate = (iso: string) =>
  new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(new Date(iso));

/** How long ago, e.g. "5 minutes ago", "yesterday". */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const format = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(0, 'second') === 'now' ? 'just now' : format.format(0, 'second');
}

/** A file size in words: 830 KB, 12.4 MB. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${formatCount(Math.max(1, Math.round(bytes / 1024)))} KB`;
  return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} MB`;
}

/** A share as a percentage, e.g. "12.5%". */
export const formatPercent = (share: number) =>
  new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(share);

/** A span of hours as people say it: "25 min", "30 h", "6 days"; "—" for none. */
export function formatHours(hours: number | null): string {
  if (hours === null) return '—';
  if (hours < 1) return `${Math.max(1, Math.round(hours * 60))} min`;
  if (hours < 48) return `${Math.round(hours)} h`;
  return `${Math.round(hours / 24)} days`;
}
