/**
 * The managers' dashboard, from the daily rollups (roll-up-days.ts): the cohort of runs that
 * entered a flow in the period (optionally one flow, one brand), followed to today. Sums over a
 * few thousand rows for a year, whatever the number of cases.
 */
import {
  type AnalyticsPeriod,
  addHistograms,
  Channel,
  type ChannelFigures,
  type ConnectorFigures,
  casesBelow,
  type Dashboard,
  type HourHistogram,
  histogramMedian,
  timeToPayBands,
} from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import { analyticsRefreshedAt } from './refresh-run-analytics.ts';

/** Rows of the period: `$1` workspace, `$2`/`$3` first and last day, `$4` flow, `$5` brand. */
const inPeriod = `workspace_id = $1 and day between $2::date and $3::date
     and ($4::uuid is null or flow_id = $4) and ($5::uuid is null or brand_id = $5)`;

const sandboxName = 'Sandbox (test connector)';

export async function dashboardFor(db: Queryable, workspaceId: string, period: AnalyticsPeriod): Promise<Dashboard> {
  const parameters = [workspaceId, period.from, period.to, period.flowId, period.brandId];
  const [days, counts, configs, refreshedAt] = await Promise.all([
    db.query<{
      day: string;
      entered: number;
      paid: number;
      collected: string;
      handed_over: number;
      messages: number;
      paid_24h: number;
      paid_after_message: number;
      hours: HourHistogram[];
      currency: string;
    }>(
      `select to_char(day, 'YYYY-MM-DD') as day, sum(entered)::int as entered, sum(paid)::int as paid,
              sum(collected_minor) as collected, sum(handed_over)::int as handed_over, sum(messages)::int as messages,
              sum(paid_within_24h)::int as paid_24h, sum(paid_after_message)::int as paid_after_message,
              jsonb_agg(hours) as hours, mode() within group (order by currency) as currency
         from analytics_days where ${inPeriod}
        group by day order by day`,
      parameters,
    ),
    db.query<{ dimension: string; key: string; cases: number; paid: number; messages: number }>(
      `select dimension, key, sum(cases)::int as cases, sum(paid)::int as paid, sum(messages)::int as messages
         from analytics_day_counts where ${inPeriod} and dimension in ('connector', 'paid_after')
        group by dimension, key`,
      parameters,
    ),
    db.query<{ key: string; name: string; cost_per_message: string | null }>(
      'select key, name, cost_per_message from connector_configs where workspace_id = $1',
      [workspaceId],
    ),
    analyticsRefreshedAt(db),
  ]);
  const connectors = counts.rows
    .filter((row) => row.dimension === 'connector')
    .map((row) => {
      const [channel, connector] = row.key.split(':') as [string, string];
      return { channel, connector, runs: row.cases, messages: row.messages };
    });
  const paidAfter = counts.rows.filter((row) => row.dimension === 'paid_after');

  const configByKey = new Map(configs.rows.map((row) => [row.key, row]));
  const connectorFigures: ConnectorFigures[] = connectors
    .map((row) => {
      const config = configByKey.get(row.connector);
      const costPerMessage = config?.cost_per_message == null ? null : Number(config.cost_per_message);
      const messagesSent = row.messages;
      return {
        channel: Channel.parse(row.channel),
        connector: row.connector,
        name: config?.name ?? (row.connector === 'sandbox' ? sandboxName : row.connector),
        messagesSent,
        costPerMessage,
        cost: roundCents(messagesSent * (costPerMessage ?? 0)),
      };
    })
    .sort((a, b) => a.channel.localeCompare(b.channel) || b.messagesSent - a.messagesSent);

  const channelFigures: ChannelFigures[] = Channel.options.map((channel) => {
    const ofChannel = connectorFigures.filter((figures) => figures.channel === channel);
    const reached = connectors.filter((row) => row.channel === channel).reduce((sum, row) => sum + row.runs, 0);
    const paid = paidAfter.find((row) => row.key === channel);
    const paidWithin24h = paid?.paid ?? 0;
    return {
      channel,
      messagesSent: ofChannel.reduce((sum, figures) => sum + figures.messagesSent, 0),
      casesReached: reached,
      paidWithin24h,
      paidWithin24hRate: reached === 0 ? 0 : paidWithin24h / reached,
      paidAfter: paid?.cases ?? 0,
      cost: roundCents(ofChannel.reduce((sum, figures) => sum + figures.cost, 0)),
    };
  });

  const sum = (pick: (row: (typeof days.rows)[number]) => number) =>
    days.rows.reduce((total, row) => total + pick(row), 0);
  const entered = sum((row) => row.entered);
  const paid = sum((row) => row.paid);
  const histogram = addHistograms(days.rows.flatMap((row) => row.hours));
  const paidAfterMessage = Object.values(histogram).reduce((total, count) => total + count, 0);
  const byDay = new Map(days.rows.map((row) => [row.day, row]));
  return {
    currency: days.rows.find((row) => row.currency)?.currency ?? 'EUR',
    refreshedAt,
    totals: {
      casesEntered: entered,
      casesPaid: paid,
      paymentRate: entered === 0 ? 0 : paid / entered,
      collectedMinor: sum((row) => Number(row.collected)),
      handedOver: sum((row) => row.handed_over),
      messagesSent: sum((row) => row.messages),
      cost: roundCents(connectorFigures.reduce((total, figures) => total + figures.cost, 0)),
      medianHoursToPay: histogramMedian(histogram),
      paidWithin24hShare: paid === 0 ? 0 : sum((row) => row.paid_24h) / paid,
    },
    timeToPay: timeToPayBands.map((band, index) => {
      const below = (hours: number | null) => (hours === null ? paidAfterMessage : casesBelow(histogram, hours));
      const lower = index === 0 ? 0 : below(timeToPayBands[index - 1]!.upToHours);
      return { label: band.label, cases: below(band.upToHours) - lower };
    }),
    channels: channelFigures,
    connectors: connectorFigures,
    daily: daysOf(period).map((day) => {
      const row = byDay.get(day);
      return { day, entered: row?.entered ?? 0, paid: row?.paid ?? 0, collectedMinor: Number(row?.collected ?? 0) };
    }),
  };
}

/** Every day of the period, as YYYY-MM-DD. */
function daysOf(period: AnalyticsPeriod): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${period.from}T00:00:00Z`); at <= Date.parse(`${period.to}T00:00:00Z`); at += 86_400_000) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

function roundCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}
