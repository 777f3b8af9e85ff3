/** Number and money formatting for the designer, in the reader's locale. */
import { formatMoney, type Money } from '@collectflow/shared';

const locale = () => (typeof navigator === 'undefined' ? 'en-GB' : navigator.language);

export const formatCount = (value: number) => new Intl.NumberFormat(locale()).format(value);
export const formatAmount = (money: Money) => formatMoney(money, locale());
