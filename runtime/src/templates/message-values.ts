/**
 * Values that print themselves in the message's language: `{{ totals.due }}` gives `€ 285,50`
 * without a filter, and the `money` / `short_date` / `long_date` filters still work on them.
 */
import type { CurrencyCode, Language } from '@collectflow/shared';
import { Drop } from 'liquidjs';
import { formatAmount, formatLongDate } from './message-locale.ts';

export class MoneyValue extends Drop {
  constructor(
    readonly amountMinor: number,
    readonly currency: CurrencyCode,
    readonly language: Language,
  ) {
    super();
  }
  override valueOf(): string {
    return formatAmount(this.amountMinor, this.currency, this.language);
  }
  override toString(): string {
    return this.valueOf();
  }
}

export class DateValue extends Drop {
  constructor(
    readonly iso: string,
    readonly language: Language,
  ) {
    super();
  }
  override valueOf(): string {
    return formatLongDate(this.iso, this.language);
  }
  override toString(): string {
    return this.valueOf();
  }
}
