/** The managers' dashboard: KPIs of the cases that entered flows in a period. */
import { z } from 'zod';
import { Channel } from '../debtors/channel.ts';

/** Time from a case's first message to its payment, in bands. */
export const timeToPayBands = [
  { label: 'Within 1 hour', upToHours: 1 },
  { label: '1–24 hours', upToHours: 24 },
  { label: '1–3 days', upToHours: 72 },
  { label: '3–7 days', upToHours: 168 },
  { label: '1–2 weeks', upToHours: 336 },
  { label: '2–4 weeks', upToHours: 672 },
  { label: 'Over 4 weeks', upToHours: null },
] as const;

export const ChannelFigures = z.object({
  channel: Channel,
  messagesSent: z.number().int(),
  /** Cases that got at least one message on this channel. */
  casesReached: z.number().int(),
  /** Cases whose payment came within 24 hours of a message on this channel (their last before paying). */
  paidWithin24h: z.number().int(),
  /** paidWithin24h ÷ casesReached. */
  paidWithin24hRate: z.number(),
  /** Cases whose last message before paying was on this channel. */
  paidAfter: z.number().int(),
  cost: z.number(),
});
export type ChannelFigures = z.infer<typeof ChannelFigures>;

export const ConnectorFigures = z.object({
  channel: Channel,
  /** The connector key flows send through (`sandbox`: the built-in test connector). */
  connector: z.string(),
  name: z.string(),
  messagesSent: z.number().int(),
  /** Per message, in the workspace's currency; null: not set on the connector (counted as 0). */
  costPerMessage: z.number().nullable(),
  cost: z.number(),
});
export type ConnectorFigures = z.infer<typeof ConnectorFigures>;

export const Dashboard = z.object({
  currency: z.string(),
  /** When the figures were last brought up to date (a worker does so every minute); null: never yet. */
  refreshedAt: z.iso.datetime({ offset: true }).nullable(),
  totals: z.object({
    casesEntered: z.number().int(),
    casesPaid: z.number().int(),
    /** casesPaid ÷ casesEntered (0 when none entered). */
    paymentRate: z.number(),
    collectedMinor: z.number().int(),
    handedOver: z.number().int(),
    messagesSent: z.number().int(),
    cost: z.number(),
    /** Median hours from the first message to payment, of the cases paid after a message. */
    medianHoursToPay: z.number().nullable(),
    /** Share of paid cases that paid within 24 hours of a message. */
    paidWithin24hShare: z.number(),
  }),
  /** Paid cases by time from first message to payment, in the bands of {@link timeToPayBands}. */
  timeToPay: z.array(z.object({ label: z.string(), cases: z.number().int() })),
  channels: z.array(ChannelFigures),
  connectors: z.array(ConnectorFigures),
  /** Per day of the period: cases that entered, and of those how many are paid by now. */
  daily: z.array(
    z.object({
      day: z.iso.date(),
      entered: z.number().int(),
      paid: z.number().int(),
      collectedMinor: z.number().int(),
    }),
  ),
});
export type Dashboard = z.infer<typeof Dashboard>;
