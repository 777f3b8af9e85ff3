/** The managers' figures from real runs: refresh, dashboard, funnel, A/B results, promoting a winner. */
import { beforeAll, describe, expect, it } from 'vitest';
import { listBrands } from '../brands/brand-queries.ts';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { getFlow, getFlowVersion } from '../flows/flow-queries.ts';
import {
  draft,
  payCaseInFull,
  publishDraft,
  useFlowWorker,
  waitForFlowToSettle,
  workspaceWithCases,
} from '../flows/testing/flow-test-kit.ts';
import { createTestWorkspace } from '../http/trpc/testing/callers.ts';
import { createTemplate, publishTemplate } from '../templates/template-queries.ts';
import { publishTemplatesFor } from '../templates/testing/test-templates.ts';
import { abResultsFor } from './ab-results-query.ts';
import { dashboardFor } from './dashboard-query.ts';
import { flowFunnelFor } from './flow-funnel-query.ts';
import { promoteWinner } from './promote-winner.ts';
import { refreshAllRunAnalytics, refreshChangedRunAnalytics } from './refresh-run-analytics.ts';

// A worker (four jobs at once, the analytics cron among them) and the test share the pool.
const db = useTestDatabase({ poolSize: 10 });
// The flow clock starts now: messages go out at once, the two-day pause keeps every run waiting.
useFlowWorker(db, new Date().toISOString());

/** start → split (text / mail) → SMS or e-mail (two subject lines) → wait two days → end. */
function splitFlow() {
  return draft(
    'Text or mail',
    [
      ['start', 'entry'],
      [
        'split',
        'abSplit',
        {
          variants: [
            { id: 'text', label: 'Text first', weight: 50 },
            { id: 'mail', label: 'Mail first', weight: 50 },
          ],
        },
        'Channel test',
      ],
      ['sms', 'sms', { template: 'sms-reminder', connector: 'sandbox' }],
      ['mail', 'email', { template: 'two-subjects', connector: 'sandbox' }],
      ['pause', 'wait', { kind: 'duration', amount: 2, unit: 'days' }],
      ['end', 'exit'],
    ],
    [
      ['start', 'out', 'split'],
      ['split', 'text', 'sms'],
      ['split', 'mail', 'mail'],
      ['sms', 'sent', 'pause'],
      ['sms', 'failed', 'pause'],
      ['mail', 'sent', 'pause'],
      ['mail', 'failed', 'pause'],
      ['pause', 'out', 'end'],
    ],
  );
}

interface Scenario {
  workspaceId: string;
  flowId: string;
  caseIds: string[];
  variantOf: Map<string, string>;
  paid: string[];
  period: { from: string; to: string; flowId: null; brandId: null };
}

let scenario: Scenario;

beforeAll(async () => {
  // Every debtor can be reached by SMS and e-mail, so every message goes out.
  const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 30, (debtor, index) => {
    debtor.email = `debtor${index}@example.nl`;
    debtor.phone = '+31612345678';
    debtor.consents = { sms: { granted: true, at: '2026-01-01T00:00:00Z', source: 'contract' } };
  });
  // An e-mail template with two subject lines (each case gets one, by a hash of case and template).
  await publishTemplatesFor(db.pool, workspaceId, splitFlow());
  const brandId = (await listBrands(db.pool, workspaceId))[0]!.id;
  await db.pool.query(`delete from templates where workspace_id = $1 and key = 'two-subjects'`, [workspaceId]);
  const template = await createTemplate(
    db.pool,
    workspaceId,
    {
      key: 'two-subjects',
      name: 'Two subjects',
      brandId,
      content: {
        channel: 'email',
        fallbackLanguage: 'en',
        variants: [
          {
            language: 'en',
            subjects: ['Your invoice is overdue', 'Please pay today'],
            preheader: '',
            body: '<mjml><mj-body><mj-section><mj-column><mj-text>Pay {{ paylink.url }}</mj-text></mj-column></mj-section></mj-body></mjml>',
          },
        ],
      },
    },
    null,
  );
  await publishTemplate(db.pool, workspaceId, { templateId: template.id, note: 'test' }, null);
  const flowId = await publishDraft(db.pool, workspaceId, splitFlow());
  await waitForFlowToSettle(db.pool, flowId);
  const { rows } = await db.pool.query<{ case_id: string; handle: string }>(
    `select case_id, payload ->> 'handle' as handle from events
      where workspace_id = $1 and type = 'flow.step' and payload ->> 'nodeId' = 'split'`,
    [workspaceId],
  );
  const variantOf = new Map(rows.map((row) => [row.case_id, row.handle]));
  // Two cases of each variant pay (A/B results must stay undecided: the variants are drawn by a
  // hash of random case ids, so uneven payments could settle the test by chance).
  const texted = caseIds.filter((id) => variantOf.get(id) === 'text');
  const mailed = caseIds.filter((id) => variantOf.get(id) === 'mail');
  const paid = [...texted.slice(0, 2), ...mailed.slice(0, 2)];
  for (const caseId of paid) await payCaseInFull(db.pool, workspaceId, caseId);
  const today = new Date().toISOString().slice(0, 10);
  scenario = {
    workspaceId,
    flowId,
    caseIds,
    variantOf,
    paid,
    period: { from: today, to: today, flowId: null, brandId: null },
  };
  await refreshChangedRunAnalytics(db.pool);
});

describe('run analytics', () => {
  it('records per run its variant, subject line, messages, path and payment', async () => {
    const { rows } = await db.pool.query<{
      case_id: string;
      variants: Record<string, string>;
      subjects: Record<string, string>;
      messages_sent: number;
      sent_by_connector: Record<string, number>;
      path: string[];
      paid_at: Date | null;
      collected_minor: number;
      paid_after_channel: string | null;
      status: string;
      node_id: string;
    }>('select * from run_analytics where workspace_id = $1', [scenario.workspaceId]);
    expect(rows).toHaveLength(30);
    const { rows: owed } = await db.pool.query<{ case_id: string; amount: number }>(
      'select case_id, sum(amount_minor)::int as amount from payments where workspace_id = $1 group by case_id',
      [scenario.workspaceId],
    );
    for (const row of rows) {
      const variant = scenario.variantOf.get(row.case_id)!;
      const paid = scenario.paid.includes(row.case_id);
      expect(row.variants).toEqual({ split: variant });
      expect(row.messages_sent).toBe(1);
      expect(row.sent_by_connector).toEqual(variant === 'text' ? { 'sms:sandbox': 1 } : { 'email:sandbox': 1 });
      expect(row.path).toEqual(expect.arrayContaining(['start:out', `split:${variant}`]));
      if (variant === 'mail') {
        expect(['Your invoice is overdue', 'Please pay today']).toContain(row.subjects['two-subjects']);
      } else {
        expect(row.subjects).toEqual({});
      }
      expect(row.paid_at !== null).toBe(paid);
      expect(row.collected_minor).toBe(paid ? owed.find((o) => o.case_id === row.case_id)!.amount : 0);
      expect(row.paid_after_channel).toBe(paid ? (variant === 'text' ? 'sms' : 'email') : null);
      expect(row.status).toBe(paid ? 'exited' : 'active');
      expect(row.node_id).toBe('pause');
    }
  });

  it('picks up a later payment at the next refresh, and a full refresh gives the same rows', async () => {
    const unpaid = scenario.caseIds.find((id) => !scenario.paid.includes(id))!;
    await payCaseInFull(db.pool, scenario.workspaceId, unpaid);
    const before = await dashboardFor(db.pool, scenario.workspaceId, scenario.period);
    await refreshChangedRunAnalytics(db.pool);
    const after = await dashboardFor(db.pool, scenario.workspaceId, scenario.period);
    expect(after.totals.casesPaid).toBe(before.totals.casesPaid + 1);
    scenario.paid.push(unpaid);

    const snapshot = async () =>
      (
        await db.pool.query(
          `select run_id, paid_at, collected_minor, variants, subjects, path, messages_sent, sent_by_connector
             from run_analytics where workspace_id = $1 order by run_id`,
          [scenario.workspaceId],
        )
      ).rows;
    const incremental = await snapshot();
    await db.pool.query('delete from run_analytics where workspace_id = $1', [scenario.workspaceId]);
    await refreshAllRunAnalytics(db.pool);
    expect(await snapshot()).toEqual(incremental);
  });
});

describe('dashboard', () => {
  it('counts cases, payments, messages and costs of the period', async () => {
    await db.pool.query(
      `insert into connector_configs (workspace_id, key, connector, name, settings, cost_per_message)
       values ($1, 'unused-sms', 'sinch-sms', 'Unused', '{}', 0.08)`,
      [scenario.workspaceId],
    );
    const dashboard = await dashboardFor(db.pool, scenario.workspaceId, scenario.period);
    const paid = scenario.paid.length;
    const texted = [...scenario.variantOf.values()].filter((variant) => variant === 'text').length;
    const { rows } = await db.pool.query<{ amount: number }>(
      'select sum(amount_minor)::int as amount from payments where workspace_id = $1',
      [scenario.workspaceId],
    );
    expect(dashboard.totals).toMatchObject({
      casesEntered: 30,
      casesPaid: paid,
      paymentRate: paid / 30,
      collectedMinor: rows[0]!.amount,
      messagesSent: 30,
      handedOver: 0,
      // Every payment came within minutes of the message.
      paidWithin24hShare: 1,
      cost: 0,
    });
    expect(dashboard.totals.medianHoursToPay).toBeLessThan(1);
    expect(dashboard.timeToPay[0]).toEqual({ label: 'Within 1 hour', cases: paid });
    const sms = dashboard.channels.find((channel) => channel.channel === 'sms')!;
    expect(sms).toMatchObject({ messagesSent: texted, casesReached: texted });
    expect(dashboard.connectors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ channel: 'sms', connector: 'sandbox', messagesSent: texted, costPerMessage: null }),
      ]),
    );
    expect(dashboard.daily).toEqual([
      { day: scenario.period.from, entered: 30, paid, collectedMinor: rows[0]!.amount },
    ]);
  });

  it('shows nothing for a period before the cases entered, and one flow only when asked', async () => {
    const empty = await dashboardFor(db.pool, scenario.workspaceId, {
      ...scenario.period,
      from: '2020-01-01',
      to: '2020-01-31',
    });
    expect(empty.totals).toMatchObject({ casesEntered: 0, casesPaid: 0, paymentRate: 0, medianHoursToPay: null });
    expect(empty.daily).toHaveLength(31);
    const otherFlow = await dashboardFor(db.pool, scenario.workspaceId, {
      ...scenario.period,
      flowId: '00000000-0000-4000-8000-000000000000',
    });
    expect(otherFlow.totals.casesEntered).toBe(0);
  });

  it('refuses a period that ends before it starts, in words', async () => {
    const { caller } = await (await createTestWorkspace(db.pool, 'Analytics words')).signInAs('viewer');
    await expect(
      caller.analytics.dashboard({ from: '2026-02-01', to: '2026-01-01', flowId: null, brandId: null }),
    ).rejects.toThrow('The period ends before it starts.');
  });
});

describe('funnel', () => {
  it('counts the cases that reached each step and left by each output, with their payment rate', async () => {
    const funnel = await flowFunnelFor(db.pool, scenario.workspaceId, {
      flowId: scenario.flowId,
      version: null,
      from: scenario.period.from,
      to: scenario.period.to,
    });
    const texted = [...scenario.variantOf.values()].filter((variant) => variant === 'text').length;
    const paidTexted = scenario.paid.filter((id) => scenario.variantOf.get(id) === 'text').length;
    const node = (id: string) => funnel.nodes.find((candidate) => candidate.nodeId === id)!;
    expect(funnel.casesEntered).toBe(30);
    expect(node('start')).toMatchObject({ reached: 30, paid: scenario.paid.length });
    expect(node('sms')).toMatchObject({ reached: texted, paid: paidTexted, paymentRate: paidTexted / texted });
    expect(node('mail').reached).toBe(30 - texted);
    // Every case waits at (or was paid while waiting at) the pause; none reached the end yet.
    expect(node('pause')).toMatchObject({ reached: 30, waiting: 30 - scenario.paid.length });
    expect(node('end').reached).toBe(0);
    expect(funnel.edges).toEqual(
      expect.arrayContaining([
        { nodeId: 'split', handle: 'text', cases: texted },
        { nodeId: 'split', handle: 'mail', cases: 30 - texted },
        { nodeId: 'sms', handle: 'sent', cases: texted },
      ]),
    );
  });
});

describe('A/B results', () => {
  it('compares the variants of the split and of the subject lines, with a verdict', async () => {
    const results = await abResultsFor(db.pool, scenario.workspaceId, {
      flowId: scenario.flowId,
      from: scenario.period.from,
      to: scenario.period.to,
    });
    const split = results.tests.find((test) => test.kind === 'split')!;
    expect(split).toMatchObject({ key: 'split', label: 'Channel test', wholeFlow: true });
    expect(split.variants.map((variant) => [variant.id, variant.weight])).toEqual([
      ['text', 50],
      ['mail', 50],
    ]);
    expect(split.variants.reduce((sum, variant) => sum + variant.cases, 0)).toBe(30);
    expect(split.variants.reduce((sum, variant) => sum + variant.probabilityBest, 0)).toBeCloseTo(1, 10);
    for (const variant of split.variants) {
      expect(variant.paymentRateInterval.low).toBeLessThanOrEqual(variant.paymentRate);
      expect(variant.paymentRateInterval.high).toBeGreaterThanOrEqual(variant.paymentRate);
    }
    // Thirty cases rarely settle it; either way the verdict says what the figures say.
    const comparison = split.comparison!;
    const leader = split.variants.find((variant) => variant.id === comparison.leader)!;
    expect(comparison.decided).toBe(leader.probabilityBest >= 0.95);
    expect(comparison.verdict).toMatch(
      comparison.decided
        ? /pays \d+ % more often than .+ probability it is the best\.$/
        : /^(Not decided yet|No difference)/,
    );

    const subjects = results.tests.find((test) => test.kind === 'subjectLines')!;
    expect(subjects.key).toBe('two-subjects');
    expect(subjects.variants.map((variant) => variant.label).sort()).toEqual([
      'Please pay today',
      'Your invoice is overdue',
    ]);
  });

  it('promotes the winner: a new version sends every case down it, and the draft keeps that', async () => {
    const version = await promoteWinner(
      db.pool,
      scenario.workspaceId,
      { flowId: scenario.flowId, nodeId: 'split', variant: 'mail' },
      null,
    );
    expect(version.version).toBe(2);
    expect(version.note).toContain('Promoted “Mail first” of “Channel test”');
    const { graph } = await getFlowVersion(db.pool, scenario.workspaceId, scenario.flowId, 2);
    const weights = (node: { id: string; data: unknown }[]) =>
      (node.find((candidate) => candidate.id === 'split')!.data as { variants: { weight: number }[] }).variants.map(
        (variant) => variant.weight,
      );
    expect(weights((graph as { nodes: { id: string; data: unknown }[] }).nodes)).toEqual([0, 100]);
    const flow = await getFlow(db.pool, scenario.workspaceId, scenario.flowId);
    expect(weights(flow.draft.nodes)).toEqual([0, 100]);
  });

  it('refuses to promote a variant the split does not have, in words', async () => {
    await expect(
      promoteWinner(db.pool, scenario.workspaceId, { flowId: scenario.flowId, nodeId: 'split', variant: 'c' }, null),
    ).rejects.toThrow('The A/B split has no variant “c”.');
    await expect(
      promoteWinner(db.pool, scenario.workspaceId, { flowId: scenario.flowId, nodeId: 'nope', variant: 'a' }, null),
    ).rejects.toThrow('has no A/B split “nope”');
  });
});
