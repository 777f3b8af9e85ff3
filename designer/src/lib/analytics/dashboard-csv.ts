/**
 * The dashboard's figures as one CSV (Section, Item, Figure, Value): every number behind the
 * tiles and charts, in a shape a spreadsheet pivots easily. Amounts in the currency's major unit
 * with a dot; rates as fractions (0.125 = 12.5 %).
 */
import { type AnalyticsPeriod, type Dashboard, decimalAmount } from '@collectflow/shared';
import { channelDisplay } from '$lib/templates/channel-display.ts';

type Row = [section: string, item: string, figure: string, value: string | number | null];

function cell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function dashboardCsv(
  dashboard: Dashboard,
  period: AnalyticsPeriod,
  scope: { flow: string; brand: string },
): string {
  const money = (minor: number) => decimalAmount(minor, dashboard.currency);
  const { totals } = dashboard;
  const rows: Row[] = [
    ['Period', `${period.from} to ${period.to}`, 'Flow', scope.flow],
    ['Period', `${period.from} to ${period.to}`, 'Brand', scope.brand],
    ['Totals', '', 'Cases entered', totals.casesEntered],
    ['Totals', '', 'Cases paid', totals.casesPaid],
    ['Totals', '', 'Payment rate', round(totals.paymentRate)],
    ['Totals', '', `Collected (${dashboard.currency})`, money(totals.collectedMinor)],
    [
      'Totals',
      '',
      'Median hours from first message to payment',
      totals.medianHoursToPay === null ? null : round(totals.medianHoursToPay, 1),
    ],
    ['Totals', '', 'Share of payments within 24 h of a message', round(totals.paidWithin24hShare)],
    ['Totals', '', 'Messages sent', totals.messagesSent],
    ['Totals', '', `Cost (${dashboard.currency})`, totals.cost.toFixed(2)],
    ['Totals', '', 'Handed to a collection agency', totals.handedOver],
    ...dashboard.timeToPay.map((band): Row => ['Time to pay', band.label, 'Cases', band.cases]),
    ...dashboard.channels.flatMap((channel): Row[] => {
      const name = channelDisplay[channel.channel].label;
      return [
        ['Channel', name, 'Messages sent', channel.messagesSent],
        ['Channel', name, 'Cases reached', channel.casesReached],
        ['Channel', name, 'Paid within 24 h of a message', channel.paidWithin24h],
        ['Channel', name, 'Paid within 24 h, rate', round(channel.paidWithin24hRate)],
        ['Channel', name, 'Paid after this channel', channel.paidAfter],
        ['Channel', name, `Cost (${dashboard.currency})`, channel.cost.toFixed(2)],
      ];
    }),
    ...dashboard.connectors.flatMap((connector): Row[] => [
      ['Connector', connector.name, 'Messages sent', connector.messagesSent],
      ['Connector', connector.name, `Cost per message (${dashboard.currency})`, connector.costPerMessage],
      ['Connector', connector.name, `Cost (${dashboard.currency})`, connector.cost.toFixed(2)],
    ]),
    ...dashboard.daily.flatMap((day): Row[] => [
      ['Day', day.day, 'Cases entered', day.entered],
      ['Day', day.day, 'Of those paid', day.paid],
      ['Day', day.day, `Collected (${dashboard.currency})`, money(day.collectedMinor)],
    ]),
  ];
  const lines = [['Section', 'Item', 'Figure', 'Value'], ...rows].map((row) => row.map(cell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function round(value: number, digits = 4): number {
  return Number(value.toFixed(digits));
}
