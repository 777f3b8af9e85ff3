/**
 * The managers' dashboard, from `run_analytics`: the cohort of runs that entered a flow in the
 * period (optionally one flow, one brand), followed to today. Four aggregates over the same
 * index range, run side by side on separate connections.
 */
import {
  type AnalyticsPeriod,
  Channel,
  type ChannelFigures,
  type ConnectorFigures,
  type Dashboard,
  timeToPayBands,
} from '@collectflow/shared';
import type { Queryable } from '../db/pool.ts';
import { analyticsRefreshedAt } from './refresh-run-analytics.ts';

/** The runs of the period: `$1` workspace, `$2`/`$3` first and last day, `$4` flow, `$5` brand. */
export const periodRuns = `run_analytics a
   where a.workspace_id = $1
     and a.entered_at >= $2::date and a.entered_at < $3::date + 1
     and ($4::uuid is null or a.flow_id = $4)
     and ($5::uuid is null or a.brand_id = $5)`;

const hoursToPay = `extract(epoch from a.paid_at - a.first_message_at) / 3600`;

const sandboxName = 'Sandbox (test connector)';

export async function dashboardFor(db: Queryable, workspaceId: string, period: AnalyticsPeriod): Promise<Dashboard> {
  const parameters = [workspaceId, period.from, period.to, period.flowId, period.brandId];
  const bandCounts = timeToPayBands
    .map((band, index) => {
      const lower = index === 0 ? null : timeToPayBands[index - 1]!.upToHours;
      const conditions = [
        lower === null ? null : `${hoursToPay} >= ${lower}`,
        band.upToHours === null ? null : `${hoursToPay} < ${band.upToHours}`,
      ].filter(Boolean);
      return `count(*) filter (where a.paid_at >= a.first_message_at and ${conditions.join(' and ')})::int`;
    })
    .join(', ');
  const [totals, connectors, channels, daily, configs, refreshedAt] = await Promise.all([
    db.query<{
      entered: number;
      paid: number;
      collected: string | null;
      handed_over: number;
      messages: string | null;
      median: number | null;
      paid_24h: number;
      paid_after_message: number;
      bands: number[];
      currency: string | null;
    }>(
      `select count(*)::int as entered, count(a.paid_at)::int as paid, sum(a.collected_minor) as collected,
              count(*) filter (where a.exit_reason = 'handed_over')::int as handed_over,
              sum(a.messages_sent) as messages,
              percentile_cont(0.5) within group (order by ${hoursToPay})
                filter (where a.paid_at >= a.first_message_at) as median,
              count(*) filter (where a.paid_hours_after_message <= 24)::int as paid_24h,
              count(a.paid_hours_after_message)::int as paid_after_message,
              array[${bandCounts}] as bands,
              mode() within group (order by a.currency) as currency
         from ${periodRuns}`,
      parameters,
    ),
    db.query<{ channel: string; connector: string; messages: string; runs: number }>(
      `select split_part(e.key, ':', 1) as channel, split_part(e.key, ':', 2) as connector,
              sum(e.value::int) as messages, count(*)::int as runs
         from ${periodRuns.replace('run_analytics a', 'run_analytics a cross join lateral jsonb_each_text(a.sent_by_connector) e')}
        group by 1, 2`,
      parameters,
    ),
    db.query<{ channel: string; paid_after: number; paid_24h: number }>(
      `select a.paid_after_channel::text as channel, count(*)::int as paid_after,
              count(*) filter (where a.paid_hours_after_message <= 24)::int as paid_24h
         from ${periodRuns} and a.paid_after_channel is not null
        group by 1`,
      parameters,
    ),
    db.query<{ day: string; entered: number; paid: number; collected: string }>(
      `select to_char(d, 'YYYY-MM-DD') as day, coalesce(f.entered, 0)::int as entered, coalesce(f.paid, 0)::int as paid,
              coalesce(f.collected, 0) as collected
         from generate_series($2::date, $3::date, interval '1 day') d
         left join (select (a.entered_at at time zone 'UTC')::date as day, count(*) as entered,
                           count(a.paid_at) as paid, sum(a.collected_minor) as collected
                      from ${periodRuns}
                     group by 1) f on f.day = d::date
        order by d`,
      parameters,
    ),
    db.query<{ key: string; name: string; cost_per_message: string | null }>(
      'select key, name, cost_per_message from connector_configs where workspace_id = $1',
      [workspaceId],
    ),
    analyticsRefreshedAt(db),
  ]);

  const configByKey = new Map(configs.rows.map((row) => [row.key, row]));
  const connectorFigures: ConnectorFigures[] = connectors.rows
    .map((row) => {
      const config = configByKey.get(row.connector);
      const costPerMessage = config?.cost_per_message == null ? null : Number(config.cost_per_message);
      const messagesSent = Number(row.messages);
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
    const reached = connectors.rows.filter((row) => row.channel === channel).reduce((sum, row) => sum + row.runs, 0);
    const paid = channels.rows.find((row) => row.channel === channel);
    const paidWithin24h = paid?.paid_24h ?? 0;
    return {
      channel,
      messagesSent: ofChannel.reduce((sum, figures) => sum + figures.messagesSent, 0),
      casesReached: reached,
      paidWithin24h,
      paidWithin24hRate: reached === 0 ? 0 : paidWithin24h / reached,
      paidAfter: paid?.paid_after ?? 0,
      cost: roundCents(ofChannel.reduce((sum, figures) => sum + figures.cost, 0)),
    };
  });

  const row = totals.rows[0]!;
  return {
    currency: row.currency ?? 'EUR',
    refreshedAt,
    totals: {
      casesEntered: row.entered,
      casesPaid: row.paid,
      paymentRate: row.entered === 0 ? 0 : row.paid / row.entered,
      collectedMinor: Number(row.collected ?? 0),
      handedOver: row.handed_over,
      messagesSent: Number(row.messages ?? 0),
      cost: roundCents(connectorFigures.reduce((sum, figures) => sum + figures.cost, 0)),
      medianHoursToPay: row.median === null ? null : Number(row.median),
      paidWithin24hShare: row.paid === 0 ? 0 : row.paid_24h / row.paid,
    },
    timeToPay: timeToPayBands.map((band, index) => ({ label: band.label, cases: row.bands[index] ?? 0 })),
    channels: channelFigures,
    connectors: connectorFigures,
    daily: daily.rows.map((day) => ({
      day: day.day,
      entered: day.entered,
      paid: day.paid,
      collectedMinor: Number(day.collected),
    })),
  };
}

function roundCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}
