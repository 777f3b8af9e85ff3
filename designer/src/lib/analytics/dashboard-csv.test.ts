import type { Dashboard } from '@collectflow/shared';
import { describe, expect, it } from 'vitest';
import { dashboardCsv } from './dashboard-csv.ts';

const dashboard: Dashboard = {
  currency: 'EUR',
  refreshedAt: null,
  totals: {
    casesEntered: 10,
    casesPaid: 4,
    paymentRate: 0.4,
    collectedMinor: 12_345,
    handedOver: 1,
    messagesSent: 20,
    cost: 1.5,
    medianHoursToPay: 30.25,
    paidWithin24hShare: 0.5,
  },
  timeToPay: [{ label: 'Within 1 hour', cases: 4 }],
  channels: [
    {
      channel: 'sms',
      messagesSent: 20,
      casesReached: 10,
      paidWithin24h: 2,
      paidWithin24hRate: 0.2,
      paidAfter: 4,
      cost: 1.5,
    },
  ],
  connectors: [
    { channel: 'sms', connector: 'sms', name: 'SMS, "Sinch"', messagesSent: 20, costPerMessage: 0.075, cost: 1.5 },
  ],
  daily: [{ day: '2026-01-01', entered: 10, paid: 4, collectedMinor: 12_345 }],
};

describe('dashboardCsv', () => {
  const csv = dashboardCsv(
    dashboard,
    { from: '2026-01-01', to: '2026-01-31', flowId: null, brandId: null },
    { flow: 'All flows', brand: 'All brands' },
  );
  const lines = csv.split('\r\n');

  it('has one figure per row under a header, amounts in euros, rates as fractions', () => {
    expect(lines[0]).toBe('Section,Item,Figure,Value');
    expect(lines).toContain('Totals,,Cases entered,10');
    expect(lines).toContain('Totals,,Collected (EUR),123.45');
    expect(lines).toContain('Totals,,Payment rate,0.4');
    expect(lines).toContain('Totals,,Median hours from first message to payment,30.3');
    expect(lines).toContain('Channel,SMS,Paid within 24 h of a message,2');
    expect(lines).toContain('Day,2026-01-01,Collected (EUR),123.45');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('quotes a name holding a comma or a quote', () => {
    expect(lines).toContain('Connector,"SMS, ""Sinch""",Cost per message (EUR),0.075');
  });
});
