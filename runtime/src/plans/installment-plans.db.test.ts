/**
 * Installment plans from the paylink page: the plans the creditor's rules allow, the schedule
 * across month ends, the case leaving dunning, payments counted towards the installments, the
 * plan completed — or broken by a missed installment, and the case back in the configured flow.
 * Also the promise horizon from the same rules.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBrands } from '../brands/brand-queries.ts';
import { inTransaction } from '../db/pool.ts';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import type { RunEngine } from '../flows/advance-run.ts';
import { FlowDefinitions } from '../flows/flow-definitions.ts';
import { draft, publishDraft, runsOfCase, timelineOf } from '../flows/testing/flow-test-kit.ts';
import { buildTestServer } from '../http/testing/test-server.ts';
import { createTestWorkspace, testSecretKey } from '../http/trpc/testing/callers.ts';
import { createLogger } from '../logging/logger.ts';
import { DispatcherRegistry } from '../outbox/channel-dispatcher.ts';
import { sandboxDispatcher } from '../outbox/sandbox-dispatcher.ts';
import { sendDueMessages } from '../outbox/send-due-messages.ts';
import { Paylinks } from '../paylinks/paylinks.ts';
import { newPaylinkCase } from '../paylinks/testing/paylink-case.ts';
import { recordCasePayment } from '../payments/record-payment.ts';
import { caseSelfService } from '../self-service/case-self-service.ts';
import { createTemplate, publishTemplate } from '../templates/template-queries.ts';
import {
  activePlanOf,
  agreePlan,
  checkInstallment,
  installmentGraceDays,
  remindInstallment,
} from './installment-plans.ts';

const db = useTestDatabase({ poolSize: 8 });
const logger = createLogger('silent', false);
const paylinks = new Paylinks(testSecretKey);
const definitions = new FlowDefinitions();
const _engine = (): RunEngine => ({ pool: db.pool, clock: () => new Date(), definitions });
let workspace: Awaited<ReturnType<typeof createTestWorkspace>>;
let app: FastifyInstance;
let collectionFlowId: string;

/** start → SMS (queued: nobody sends here) → end; enters cases of language `nl` only. */
const smsFlow = draft(
  'Reminders',
  [
    ['start', 'entry', { segment: { '==': [{ var: 'debtor.language' }, 'nl'] } }],
    ['sms', 'sms', { template: 'sms-reminder', connector: 'sandbox' }],
    ['end', 'exit'],
  ],
  [
    ['start', 'out', 'sms'],
    ['sms', 'sent', 'end'],
    ['sms', 'failed', 'end'],
  ],
);

/** Where a missed installment sends the case; its entry segment matches nobody, on purpose. */
const collectionFlow = draft(
  'After a missed installment',
  [
    ['start', 'entry', { segment: { '>=': [{ var: 'case.total_open_amount' }, 100_000_000] } }],
    ['end', 'exit'],
  ],
  [['start', 'out', 'end']],
);

async function setRules(rules: unknown) {
  await db.pool.query('update brands set self_service = $2 where workspace_id = $1', [
    workspace.workspaceId,
    JSON.stringify(rules),
  ]);
}

const rules = (missedFlowId: string | null = null) => ({
  promiseMaxDays: 30,
  installments: { minInstallmentMinor: 2_500, maxMonths: 6, minTotalMinor: 5_000, missedFlowId, reminder: null },
});

beforeAll(async () => {
  workspace = await createTestWorkspace(db.pool, 'Installments');
  app = await buildTestServer(db.pool, logger);
  await publishDraft(db.pool, workspace.workspaceId, smsFlow);
  await publishDraft(db.pool, workspace.workspaceId, collectionFlow);
  collectionFlowId = (
    await db.pool.query<{ id: string }>('select id from flows where workspace_id = $1 and name = $2', [
      workspace.workspaceId,
      'After a missed installment',
    ])
  ).rows[0]!.id;
  await setRules(rules());
});
afterAll(() => app?.close());

let count = 0;
/** A case of € 120.00 in the SMS flow, its SMS queued; and its paylink token. */
async function newCase(language: 'nl' | 'de' = 'nl') {
  count += 1;
  return newPaylinkCase(db.pool, workspace.workspaceId, paylinks, {
    externalId: `IP-${count}`,
    adjust: (debtor) => {
      debtor.language = language;
      debtor.phone = '+31612345678';
      debtor.consents.sms = { granted: true, at: '2026-01-02T10:00:00Z', source: 'contract' };
      const invoice = debtor.invoices[0]!;
      debtor.invoices = [{ ...invoice, externalId: `IP-${count}-1`, amountMinor: 12_000, openAmountMinor: 12_000 }];
    },
    enrol: definitions,
  });
}

const view = async (token: string) => (await app.inject({ method: 'GET', url: `/api/paylinks/${token}` })).json();
const choose = (token: string, planCount: number) =>
  app.inject({ method: 'POST', url: `/api/paylinks/${token}/plan`, payload: { count: planCount } });
const pay = (caseId: string, amountMinor: number, externalId: string) =>
  inTransaction(db.pool, (client) =>
    recordCasePayment(client, workspace.workspaceId, {
      caseId,
      amountMinor,
      currency: 'EUR',
      externalId,
      source: 'api',
    }),
  );
const caseStatus = async (caseId: string) =>
  (await db.pool.query<{ status: string }>('select status::text from cases where id = $1', [caseId])).rows[0]!.status;

/** An SMS template that says which installment is due. */
async function publishReminderTemplate() {
  const brandId = (await listBrands(db.pool, workspace.workspaceId))[0]!.id;
  const { id } = await createTemplate(
    db.pool,
    workspace.workspaceId,
    {
      key: 'installment-due',
      name: 'Installment due',
      brandId,
      content: {
        channel: 'sms',
        fallbackLanguage: 'en',
        variants: [
          {
            language: 'en',
            text: 'Installment {{ installment.number }} of {{ installment.count }}: {{ installment.amount }} by {{ installment.due_date }}. {{ paylink.url }}',
          },
        ],
      },
    },
    null,
  );
  await publishTemplate(db.pool, workspace.workspaceId, { templateId: id, note: 'test' }, null);
}

describe('installment plans', () => {
  it('offers the plans the rules allow; choosing one stores its schedule and takes the case out of dunning', async () => {
    const { caseId, token } = await newCase();
    const before = await view(token);
    expect(before.totalMinor).toBe(12_000);
    // € 120 in at least € 25 a month: 2, 3 or 4 months.
    expect(before.installments.options).toEqual([
      { count: 2, installmentMinor: 6_000, lastInstallmentMinor: 6_000 },
      { count: 3, installmentMinor: 4_000, lastInstallmentMinor: 4_000 },
      { count: 4, installmentMinor: 3_000, lastInstallmentMinor: 3_000 },
    ]);
    expect((await db.pool.query(`select status from messages where case_id = $1`, [caseId])).rows).toEqual([
      { status: 'queued' },
    ]);

    const chosen = await choose(token, 3);
    expect(chosen.statusCode).toBe(200);
    const after = chosen.json();
    expect(after.installments.options).toEqual([]);
    expect(after.installments.plan.installments.map((one: { amountMinor: number }) => one.amountMinor)).toEqual([
      4_000, 4_000, 4_000,
    ]);
    expect(after.installments.plan.next).toMatchObject({ seq: 1, openMinor: 4_000 });
    // A bank transfer (and its GiroCode) pays the next installment, not the whole amount.
    expect(after.bankTransfer.amountMinor).toBe(4_000);
    expect(await caseStatus(caseId)).toBe('paused');
    expect(await runsOfCase(db.pool, caseId)).toMatchObject([{ status: 'exited', exit_reason: 'installment_plan' }]);
    expect((await db.pool.query(`select status from messages where case_id = $1`, [caseId])).rows).toEqual([
      { status: 'cancelled' },
    ]);
    expect((await timelineOf(db.pool, caseId)).at(-1)).toMatchObject({ type: 'plan.agreed', payload: { count: 3 } });
    // Each installment is looked at a few days after its due date.
    const planId = (
      await db.pool.query<{ id: string }>('select id from installment_plans where case_id = $1', [caseId])
    ).rows[0]!.id;
    const { rows: jobs } = await db.pool.query<{ run_at: Date }>(
      `select run_at from graphile_worker.jobs where key like $1 order by run_at`,
      [`installment:${planId}:%`],
    );
    const dueDates = after.installments.plan.installments.map((one: { dueDate: string }) => one.dueDate);
    const expectedRuns = dueDates.map((due: string) =>
      new Date(Date.parse(`${due}T00:00:00Z`) + (installmentGraceDays + 1) * 86_400_000).toISOString(),
    );
    expect(jobs.map((job) => job.run_at.toISOString())).toEqual(expectedRuns);
  });

  it('keeps due dates monthly across month ends', async () => {
    const { token } = await newCase();
    const plan = await agreePlan(db.pool, token, 4, '2027-01-24');
    expect(plan.installments.map((one) => one.dueDate)).toEqual([
      '2027-01-31',
      '2027-02-28',
      '2027-03-31',
      '2027-04-30',
    ]);
  });

  it('counts payments towards the installments in order, collects the next one, and completes the plan', async () => {
    const { caseId, token } = await newCase();
    await choose(token, 3);
    // A bank transfer of one and a half installments.
    await pay(caseId, 6_000, 'IP-PAY-1');
    let plan = await activePlanOf(db.pool, workspace.workspaceId, caseId);
    expect(plan?.installments.map((one) => one.status)).toEqual(['paid', 'open', 'open']);
    expect(plan?.next).toMatchObject({ seq: 2, openMinor: 2_000 });
    expect((await view(token)).installments.plan.next).toMatchObject({ seq: 2, openMinor: 2_000 });
    expect(await caseStatus(caseId)).toBe('paused');

    await pay(caseId, 6_000, 'IP-PAY-2');
    plan = await activePlanOf(db.pool, workspace.workspaceId, caseId);
    expect(plan).toBeNull();
    expect(await caseStatus(caseId)).toBe('paid');
    const types = (await timelineOf(db.pool, caseId)).map((event) => event.type);
    expect(types.filter((type) => type === 'installment.paid')).toHaveLength(3);
    expect(types.slice(-2)).toEqual(['plan.completed', 'case.paid']);
    const { rows } = await db.pool.query(`select p.status from installment_plans p where p.case_id = $1`, [caseId]);
    expect(rows).toEqual([{ status: 'completed' }]);
    // The last installment's check finds nothing left to do.
    const planId = (
      await db.pool.query<{ id: string }>('select id from installment_plans where case_id = $1', [caseId])
    ).rows[0]!.id;
    expect(await checkInstallment(db.pool, definitions, planId, 3)).toBeNull();
  });

  it('breaks the plan on a missed installment and puts the case into the flow the rules name', async () => {
    await setRules(rules(collectionFlowId));
    try {
      const { caseId, token } = await newCase();
      await choose(token, 2);
      const planId = (
        await db.pool.query<{ id: string }>('select id from installment_plans where case_id = $1', [caseId])
      ).rows[0]!.id;
      expect(await checkInstallment(db.pool, definitions, planId, 1)).toBe('missed');
      expect(await caseStatus(caseId)).toBe('open');
      expect((await db.pool.query('select status from installment_plans where id = $1', [planId])).rows).toEqual([
        { status: 'broken' },
      ]);
      const runs = await runsOfCase(db.pool, caseId);
      expect(runs.filter((run) => run.flow_id === collectionFlowId)).toHaveLength(1);
      const types = (await timelineOf(db.pool, caseId)).map((event) => event.type);
      expect(types).toEqual(expect.arrayContaining(['installment.missed', 'plan.broken']));
      // The broken plan is gone from the page; the debtor may choose a new one.
      expect((await view(token)).installments).toMatchObject({
        plan: null,
        options: [{ count: 2 }, { count: 3 }, { count: 4 }],
      });
    } finally {
      await setRules(rules());
    }
  });

  it('sends a case with a missed installment back into the flow it left when the rules name none', async () => {
    const { caseId, token } = await newCase();
    await choose(token, 2);
    const planId = (
      await db.pool.query<{ id: string }>('select id from installment_plans where case_id = $1', [caseId])
    ).rows[0]!.id;
    await pay(caseId, 6_000, 'IP-PAY-3');
    expect(await checkInstallment(db.pool, definitions, planId, 1)).toBe('paid');
    expect(await checkInstallment(db.pool, definitions, planId, 2)).toBe('missed');
    const active = (await runsOfCase(db.pool, caseId)).filter((run) => run.status === 'active');
    expect(active).toHaveLength(1);
    expect(active[0]!.flow_id).not.toBe(collectionFlowId);
  });

  it('refuses plans the rules do not offer, a second plan, and a plan beside a promise — in words', async () => {
    const { token } = await newCase();
    expect((await choose(token, 5)).json()).toEqual({ error: 'Choose one of the plans offered.' });
    expect((await choose(token, 40)).statusCode).toBe(400);
    expect((await choose(token, 2)).statusCode).toBe(200);
    expect((await choose(token, 2)).json()).toEqual({ error: 'You already pay in installments.' });
    const promise = await app.inject({
      method: 'POST',
      url: `/api/paylinks/${token}/promise`,
      payload: { date: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10) },
    });
    expect(promise.json()).toEqual({ error: 'You pay in installments; pay the next one by its date.' });

    const other = await newCase();
    await app.inject({
      method: 'POST',
      url: `/api/paylinks/${other.token}/promise`,
      payload: { date: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10) },
    });
    expect((await view(other.token)).installments.options).toEqual([]);
    expect((await choose(other.token, 2)).statusCode).toBe(409);
  });

  it('reminds the debtor before each installment, with its number, amount and date, though the case is paused', async () => {
    await publishReminderTemplate();
    await setRules({
      ...rules(),
      installments: {
        ...rules().installments,
        reminder: { template: 'installment-due', connector: 'sandbox', daysBefore: 3 },
      },
    });
    try {
      const { caseId, token } = await newCase();
      await db.pool.query(`update debtors set language = 'en' where external_id = $1`, [`IP-${count}`]);
      const agreed = await agreePlan(db.pool, token, 3, '2027-01-24');
      // One reminder job per installment, three days before its due date, at 08:00 UTC.
      const { rows: jobs } = await db.pool.query<{ run_at: Date }>(
        `select run_at from graphile_worker.jobs where key like $1 order by run_at`,
        [`installment-reminder:${agreed.planId}:%`],
      );
      expect(jobs.map((job) => job.run_at.toISOString())).toEqual([
        '2027-01-28T08:00:00.000Z',
        '2027-02-25T08:00:00.000Z',
        '2027-03-28T08:00:00.000Z',
      ]);

      expect(await remindInstallment(db.pool, agreed.planId, 1)).toBe('queued');
      expect(await caseStatus(caseId)).toBe('paused');
      const sender = {
        pool: db.pool,
        dispatchers: new DispatcherRegistry([sandboxDispatcher(db.pool)]),
        logger,
        workerId: 'test',
        publicUrl: () => 'https://collect.example.com',
        paylinks,
      };
      await sendDueMessages(sender, 'sms');
      const { rows: sent } = await db.pool.query<{ id: string; status: string; run_id: string | null }>(
        `select id, status::text, run_id from messages where case_id = $1 and template = 'installment-due'`,
        [caseId],
      );
      expect(sent).toEqual([{ id: expect.any(String), status: 'sent', run_id: null }]);
      const { caller } = await workspace.signInAs('viewer');
      const shown = await caller.outbox.show({ id: sent[0]!.id });
      expect(shown.rendered?.text).toMatch(/^Installment 1 of 3: €40\.00 by 31 January 2027\. \S+\/p\/[\w-]{22}$/);
      // The reminder carries the first installment's own paylink, which asks for exactly that installment.
      const installmentToken = paylinks.installmentTokenFor(agreed.planId, 1);
      expect(shown.rendered?.text).toContain(`/p/${installmentToken}`);
      expect(installmentToken).not.toBe(token);
      const byLink = await view(installmentToken);
      expect(byLink.installments.plan).toMatchObject({ linked: 1, next: { seq: 1, openMinor: 4_000 } });
      expect(byLink.bankTransfer.amountMinor).toBe(4_000);

      // Paid: no reminder for that installment; its link says so and asks for the next one.
      await pay(caseId, 4_000, 'IP-REMIND-1');
      const afterPaying = await view(installmentToken);
      expect(afterPaying.installments.plan).toMatchObject({ linked: 1, next: { seq: 2, openMinor: 4_000 } });
      expect(afterPaying.installments.plan.installments[0].status).toBe('paid');
      expect(await remindInstallment(db.pool, agreed.planId, 1)).toBe('skipped');
      expect(await remindInstallment(db.pool, agreed.planId, 2)).toBe('queued');
    } finally {
      await setRules(rules());
    }
  });

  it('takes a flow’s own rules over the brand’s, its plans reminding like the brand’s', async () => {
    await setRules({
      ...rules(),
      installments: {
        ...rules().installments,
        reminder: { template: 'installment-due', connector: 'sandbox', daysBefore: 2 },
      },
    });
    try {
      await publishDraft(
        db.pool,
        workspace.workspaceId,
        draft(
          'German debtors',
          [
            ['start', 'entry', { segment: { '==': [{ var: 'debtor.language' }, 'de'] } }],
            ['sms', 'sms', { template: 'sms-reminder', connector: 'sandbox' }],
            ['end', 'exit'],
          ],
          [
            ['start', 'out', 'sms'],
            ['sms', 'sent', 'end'],
            ['sms', 'failed', 'end'],
          ],
          {
            selfService: {
              promiseMaxDays: 7,
              installments: {
                minInstallmentMinor: 1_000,
                maxMonths: 2,
                minTotalMinor: 0,
                missedFlowId: null,
                reminder: null,
              },
            },
          },
        ),
      );
      const { caseId, token } = await newCase('de');
      const shown = await view(token);
      expect(shown.installments.options.map((option: { count: number }) => option.count)).toEqual([2]);
      expect(shown.promise.latest).toBe(
        new Date(Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`) + 7 * 86_400_000)
          .toISOString()
          .slice(0, 10),
      );
      const { rules: inForce } = await caseSelfService(db.pool, workspace.workspaceId, caseId);
      expect(inForce.installments?.reminder).toEqual({
        template: 'installment-due',
        connector: 'sandbox',
        daysBefore: 2,
      });
      // A Dutch case, in no flow with rules of its own, keeps the brand's.
      const dutch = await newCase('nl');
      expect((await view(dutch.token)).installments.options.map((option: { count: number }) => option.count)).toEqual([
        2, 3, 4,
      ]);
    } finally {
      await setRules(rules());
    }
  });

  it('offers no plan where the creditor set no rules, and takes the promise horizon from the rules', async () => {
    await setRules({ promiseMaxDays: 10, installments: null });
    try {
      const { token } = await newCase();
      const shown = await view(token);
      expect(shown.installments.options).toEqual([]);
      const today = new Date().toISOString().slice(0, 10);
      const inDays = (days: number) =>
        new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
      expect(shown.promise.latest).toBe(inDays(10));
      const tooLate = await app.inject({
        method: 'POST',
        url: `/api/paylinks/${token}/promise`,
        payload: { date: inDays(20) },
      });
      expect(tooLate.json()).toEqual({ error: `Choose a date from ${inDays(1)} to ${inDays(10)}.` });
      expect((await choose(token, 2)).json()).toEqual({ error: 'Choose one of the plans offered.' });
    } finally {
      await setRules(rules());
    }
  });
});
