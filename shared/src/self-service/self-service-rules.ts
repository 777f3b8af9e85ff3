/**
 * What a debtor may arrange on their paylink page, as the creditor allows it: how far ahead
 * they may promise to pay, and which installment plans they may choose. Set per brand; a flow
 * may set its own for the cases it runs (`settings.selfService` of the flow JSON).
 */
import { z } from 'zod';
import { TemplateRef } from '../flow/nodes/channel-node-data.ts';

export const InstallmentRules = z.object({
  /** The smallest installment, in minor units (e.g. 2500 = € 25). */
  minInstallmentMinor: z
    .number()
    .int()
    .positive({ message: 'The smallest installment must be more than 0.' })
    .meta({ title: 'Smallest installment (cents)' }),
  /** The most installments (one a month). */
  maxMonths: z
    .number()
    .int()
    .min(2, { message: 'A plan has at least 2 installments.' })
    .max(36, { message: 'A plan has at most 36 installments.' })
    .meta({ title: 'Most months' }),
  /** Plans are offered only when at least this much is due. */
  minTotalMinor: z.number().int().nonnegative().meta({ title: 'Smallest amount for a plan (cents)' }),
  /**
   * Where a case goes when an installment is missed: this flow (entered from its start, whatever
   * its entry segment says), or null: the flow the case left when the plan was agreed.
   */
  missedFlowId: z.uuid().nullable().default(null),
  /**
   * A reminder before each installment: this template through this connector, `daysBefore`
   * days ahead (its `installment.*` variables say which one). Null: no reminders.
   */
  reminder: z
    .object({
      template: TemplateRef,
      connector: z.string().min(1).max(64).default('sandbox'),
      daysBefore: z.number().int().min(0).max(14).default(3),
    })
    .nullable()
    .default(null),
});
export type InstallmentRules = z.infer<typeof InstallmentRules>;

export const SelfServiceRules = z.object({
  /** A promise to pay may name a date up to this many days ahead. */
  promiseMaxDays: z
    .number()
    .int()
    .min(1, { message: 'Allow at least 1 day.' })
    .max(90, { message: 'Allow at most 90 days.' })
    .default(30),
  /** Null: debtors cannot choose a plan. */
  installments: InstallmentRules.nullable().default(null),
});
export type SelfServiceRules = z.infer<typeof SelfServiceRules>;

export const defaultSelfServiceRules: SelfServiceRules = { promiseMaxDays: 30, installments: null };

/** A plan a debtor may choose: `count` monthly installments of `installmentMinor` (the last one may differ). */
export const PlanOption = z.object({
  count: z.number().int(),
  installmentMinor: z.number().int(),
  lastInstallmentMinor: z.number().int(),
});
export type PlanOption = z.infer<typeof PlanOption>;

/**
 * The plans the rules allow for an amount: 2 up to `maxMonths` installments, each at least the
 * smallest installment; none when the amount is below the rules' minimum.
 */
export function planOptions(totalMinor: number, rules: InstallmentRules): PlanOption[] {
  if (totalMinor < rules.minTotalMinor || totalMinor <= 0) return [];
  const options: PlanOption[] = [];
  for (let count = 2; count <= rules.maxMonths; count++) {
    const schedule = splitAmount(totalMinor, count);
    if (Math.min(...schedule) < rules.minInstallmentMinor) break;
    options.push({ count, installmentMinor: schedule[0]!, lastInstallmentMinor: schedule.at(-1)! });
  }
  return options;
}

/** Equal installments in minor units; the cents that do not divide go on the last one. */
export function splitAmount(totalMinor: number, count: number): number[] {
  const base = Math.floor(totalMinor / count);
  return Array.from({ length: count }, (_, index) => (index === count - 1 ? totalMinor - base * (count - 1) : base));
}

export interface ScheduledInstallment {
  seq: number;
  dueDate: string;
  amountMinor: number;
}

/**
 * Due dates a month apart on the first date's day, kept at the month's last day where a month
 * is shorter: from 31 January, 28 (or 29) February, 31 March, 30 April.
 */
export function installmentSchedule(totalMinor: number, count: number, firstDueDate: string): ScheduledInstallment[] {
  const [year, month, day] = firstDueDate.split('-').map(Number) as [number, number, number];
  return splitAmount(totalMinor, count).map((amountMinor, index) => {
    const monthIndex = month - 1 + index;
    const y = year + Math.floor(monthIndex / 12);
    const m = monthIndex % 12;
    const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    const date = new Date(Date.UTC(y, m, Math.min(day, lastDay)));
    return { seq: index + 1, dueDate: date.toISOString().slice(0, 10), amountMinor };
  });
}
