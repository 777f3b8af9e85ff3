/**
 * Status sync: a payment that settles a case stops everything at once, and no message is
 * handed to a connector after that payment has committed — also when payments and senders run
 * at the same moment.
 */
import { describe, expect, it } from 'vitest';
import { inTransaction } from '../db/pool.ts';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { enrolIntoActiveFlows } from '../enrolment/enrol-into-active-flows.ts';
import { advanceRun, type RunEngine } from '../flows/advance-run.ts';
import { FlowDefinitions } from '../flows/flow-definitions.ts';
import {
  draft,
  oneMailFlow,
  publishDraft,
  runsOfCase,
  timelineOf,
  workspaceWithCases,
} from '../flows/testing/flow-test-kit.ts';
import { createLogger } from '../logging/logger.ts';
import { DispatcherRegistry } from '../outbox/channel-dispatcher.ts';
import { sandboxDispatcher } from '../outbox/sandbox-dispatcher.ts';
import { sendDueMessages } from '../outbox/send-due-messages.ts';
import { amountDueMinor, loadCaseFacts } from '../templates/load-message-facts.ts';
import { recordCasePayment, recordPayment } from './record-payment.ts';

// Each sender holds its transaction's connection and uses a second one to log dispatches.
const db = useTestDatabase({ poolSize: 16 });
const logger = createLogger('silent', false);

/** A flow whose cases first wait for a partial payment (1 day), then get an e-mail. */
const remindFlow = draft(
  'Remind',
  [
    ['start', 'entry'],
    ['paid-some', 'waitFor', { events: ['payment.received'], timeout: { amount: 1, unit: 'days' } }],
    ['mail', 'email', { template: 'reminder' }],
    ['thanks', 'exit', { reason: 'paid_something' }],
    ['end', 'exit'],
  ],
  [
    ['start', 'out', 'paid-some'],
    ['paid-some', 'event', 'thanks'],
    ['paid-some', 'timeout', 'mail'],
    ['mail', 'sent', 'end'],
    ['mail', 'failed', 'end'],
  ],
);

/** start → e-mail → end */
const mailFlow = oneMailFlow();

/** Enrols the workspace's cases and runs each one step, by hand (no worker): messages stay queued. */
async function startRuns(workspaceId: string, caseIds: string[], flow = mailFlow) {
  const engine: RunEngine = { pool: db.pool, clock: () => new Date(), definitions: new FlowDefinitions() };
  await publishDraft(db.pool, workspaceId, flow);
  await enrolIntoActiveFlows(db.pool, engine.definitions, workspaceId, caseIds, new Date());
  const { rows } = await db.pool.query<{ id: string }>('select id from runs where workspace_id = $1', [workspaceId]);
  for (const run of rows) await advanceRun(engine, run.id);
  return engine;
}

async function invoicesOf(caseId: string) {
  const { rows } = await db.pool.query<{ external_id: string; open_amount_minor: number }>(
    `select external_id, open_amount_minor from invoices where case_id = $1 and status = 'open' order by external_id`,
    [caseId],
  );
  return rows;
}

/** Pays every open invoice of the case in one transaction. */
async function payInFull(workspaceId: string, caseId: string) {
  return inTransaction(db.pool, async (client) => {
    let last = null;
    for (const invoice of await invoicesOf(caseId)) {
      last = await recordPayment(client, workspaceId, {
        invoiceExternalId: invoice.external_id,
        amountMinor: invoice.open_amount_minor,
        currency: 'EUR',
        externalId: `PAY-${invoice.external_id}`,
        source: 'api',
      });
    }
    return last!;
  });
}

const sender = (delayMs = 0, batchSize = 100) => ({
  pool: db.pool,
  dispatchers: new DispatcherRegistry([sandboxDispatcher(db.pool, { delayMs })]),
  logger,
  workerId: 'test-sender',
  batchSize,
});

const withEmail = (debtor: { email: string | null }, index: number) => {
  debtor.email = `debtor${index}@example.nl`;
};

describe('a payment that settles a case', () => {
  it('exits its runs, cancels its queued messages and removes their jobs, so nothing is sent after', async () => {
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 1, withEmail);
    await startRuns(workspaceId, caseIds);
    const caseId = caseIds[0]!;
    const [run] = await runsOfCase(db.pool, caseId);
    expect(run).toMatchObject({ status: 'active', node_id: 'mail' });
    expect((await db.pool.query(`select status from messages where case_id = $1`, [caseId])).rows).toEqual([
      { status: 'queued' },
    ]);

    const payment = await payInFull(workspaceId, caseId);
    expect(payment).toMatchObject({ caseSettled: true, exitedRuns: 1, cancelledMessages: 1, invoiceOpenMinor: 0 });
    expect(await runsOfCase(db.pool, caseId)).toMatchObject([{ status: 'exited', exit_reason: 'paid' }]);
    expect(
      (await db.pool.query(`select status, closed_at is not null as closed from cases where id = $1`, [caseId])).rows,
    ).toEqual([{ status: 'paid', closed: true }]);
    expect((await db.pool.query(`select 1 from graphile_worker.jobs where key = $1`, [run!.id])).rowCount).toBe(0);

    expect(await sendDueMessages(sender(), 'email')).toEqual({ handled: 0, more: false });
    expect(
      (await db.pool.query('select 1 from sandbox_deliveries where workspace_id = $1', [workspaceId])).rowCount,
    ).toBe(0);
    const types = (await timelineOf(db.pool, caseId)).map((event) => event.type);
    expect(types.slice(-4)).toEqual(['payment.received', 'flow.exited', 'message.cancelled', 'case.paid']);
  });

  it('counts a payment recorded twice (same external id) once', async () => {
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 1);
    const [invoice] = await invoicesOf(caseIds[0]!);
    const pay = () =>
      inTransaction(db.pool, (client) =>
        recordPayment(client, workspaceId, {
          invoiceExternalId: invoice!.external_id,
          amountMinor: 100,
          currency: 'EUR',
          externalId: 'BANK-42',
          source: 'api',
        }),
      );
    const first = await pay();
    const second = await pay();
    expect(first).toMatchObject({
      duplicate: false,
      appliedMinor: 100,
      invoiceOpenMinor: invoice!.open_amount_minor - 100,
    });
    expect(second).toMatchObject({
      duplicate: true,
      paymentId: first.paymentId,
      invoiceOpenMinor: invoice!.open_amount_minor - 100,
    });
    expect((await db.pool.query('select 1 from payments where workspace_id = $1', [workspaceId])).rowCount).toBe(1);
  });

  it('refuses an unknown invoice or a wrong currency with a clear message, and changes nothing', async () => {
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 1);
    const [invoice] = await invoicesOf(caseIds[0]!);
    const attempt = (invoiceExternalId: string, currency: string) =>
      inTransaction(db.pool, (client) =>
        recordPayment(client, workspaceId, { invoiceExternalId, amountMinor: 500, currency, source: 'api' }),
      );
    await expect(attempt('INV-NOPE', 'EUR')).rejects.toThrow('There is no invoice with external id “INV-NOPE”.');
    await expect(attempt(invoice!.external_id, 'USD')).rejects.toThrow(
      `Invoice “${invoice!.external_id}” is in EUR; the payment is in USD.`,
    );
    expect((await db.pool.query('select 1 from payments where workspace_id = $1', [workspaceId])).rowCount).toBe(0);
    expect(await invoicesOf(caseIds[0]!)).toEqual([invoice, ...(await invoicesOf(caseIds[0]!)).slice(1)]);
  });
});

describe('a partial payment', () => {
  it('wakes a run waiting for a payment and leaves the case open', async () => {
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 1, withEmail);
    const engine = await startRuns(workspaceId, caseIds, remindFlow);
    const caseId = caseIds[0]!;
    const [invoice] = await invoicesOf(caseId);
    const result = await inTransaction(db.pool, (client) =>
      recordPayment(client, workspaceId, {
        invoiceExternalId: invoice!.external_id,
        amountMinor: 1,
        currency: 'EUR',
        source: 'api',
      }),
    );
    expect(result).toMatchObject({ caseSettled: false, appliedMinor: 1 });
    const [run] = await runsOfCase(db.pool, caseId);
    expect(run?.node_state).toMatchObject({ event: 'payment.received' });
    expect(
      (await db.pool.query(`select run_at <= now() as due from graphile_worker.jobs where key = $1`, [run!.id])).rows,
    ).toEqual([{ due: true }]);
    await advanceRun(engine, run!.id);
    expect(await runsOfCase(db.pool, caseId)).toMatchObject([{ status: 'completed', exit_reason: 'paid_something' }]);
  });
});

describe('money that cannot be applied', () => {
  it('keeps an overpayment, settles the case and flags the rest for staff', async () => {
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 1);
    const caseId = caseIds[0]!;
    const open = await invoicesOf(caseId);
    const owed = open.reduce((sum, invoice) => sum + invoice.open_amount_minor, 0);
    const result = await inTransaction(db.pool, (client) =>
      recordCasePayment(client, workspaceId, {
        caseId,
        amountMinor: owed + 1_000,
        currency: 'EUR',
        externalId: 'BANK-OVER',
        source: 'api',
      }),
    );
    expect(result).toMatchObject({ caseSettled: true, appliedMinor: owed, unappliedMinor: 1_000, flag: 'overpaid' });
    expect(await invoicesOf(caseId)).toEqual([]);
    const [received] = (await timelineOf(db.pool, caseId)).filter((event) => event.type === 'payment.received');
    expect(received?.payload).toMatchObject({
      amountMinor: owed + 1_000,
      appliedMinor: owed,
      unappliedMinor: 1_000,
      flag: 'overpaid',
      invoices: open.map((invoice) => ({ externalId: invoice.external_id, appliedMinor: invoice.open_amount_minor })),
    });
  });

  it('records a late payment on a settled case in full, changes no invoice and flags it', async () => {
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 1);
    const caseId = caseIds[0]!;
    const [invoice] = await invoicesOf(caseId);
    await payInFull(workspaceId, caseId);
    const late = await inTransaction(db.pool, (client) =>
      recordPayment(client, workspaceId, {
        invoiceExternalId: invoice!.external_id,
        amountMinor: 2_500,
        currency: 'EUR',
        paidAt: new Date('2026-01-05T09:00:00Z'),
        externalId: 'BANK-LATE',
        source: 'import',
      }),
    );
    expect(late).toMatchObject({ appliedMinor: 0, unappliedMinor: 2_500, flag: 'case_closed', caseSettled: false });
    const { rows } = await db.pool.query(
      `select amount_minor, unapplied_minor, flag, paid_at from payments where workspace_id = $1 and external_id = 'BANK-LATE'`,
      [workspaceId],
    );
    expect(rows).toEqual([
      { amount_minor: 2_500, unapplied_minor: 2_500, flag: 'case_closed', paid_at: new Date('2026-01-05T09:00:00Z') },
    ]);
    expect((await db.pool.query(`select status from cases where id = $1`, [caseId])).rows).toEqual([
      { status: 'paid' },
    ]);
    const types = (await timelineOf(db.pool, caseId)).map((event) => event.type);
    expect(types.filter((type) => type === 'case.paid')).toHaveLength(1);
    expect(types.at(-1)).toBe('payment.received');
  });

  it('applies a payment of the whole case to its invoices oldest first, leaving the rest open', async () => {
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 1, (debtor) => {
      const invoice = debtor.invoices[0]!;
      debtor.invoices = [
        {
          ...invoice,
          externalId: 'NEW',
          issueDate: '2026-02-01',
          dueDate: '2026-03-01',
          amountMinor: 20_000,
          openAmountMinor: 20_000,
        },
        {
          ...invoice,
          externalId: 'OLD',
          issueDate: '2025-12-01',
          dueDate: '2026-01-01',
          amountMinor: 10_000,
          openAmountMinor: 10_000,
        },
      ];
    });
    const caseId = caseIds[0]!;
    const result = await inTransaction(db.pool, (client) =>
      recordCasePayment(client, workspaceId, {
        caseId,
        amountMinor: 15_000,
        currency: 'EUR',
        externalId: 'PART-1',
        source: 'connector',
      }),
    );
    expect(result).toMatchObject({ caseSettled: false, appliedMinor: 15_000, unappliedMinor: 0, flag: null });
    expect(await invoicesOf(caseId)).toEqual([{ external_id: 'NEW', open_amount_minor: 15_000 }]);
  });
});

describe('fees a flow charged', () => {
  it('are owed: the facts of a message count them, and a payment of the whole case pays them after the invoices', async () => {
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, 1);
    const caseId = caseIds[0]!;
    await db.pool.query(
      `insert into case_charges (workspace_id, case_id, kind, amount_minor, currency, description)
       values ($1, $2, 'fee', 4000, 'EUR', 'Incassokosten')`,
      [workspaceId, caseId],
    );
    const facts = (await loadCaseFacts(db.pool, workspaceId, [caseId])).get(caseId)!;
    expect(facts.costsMinor).toBe(4000);
    const owed = amountDueMinor(facts);
    const invoicesOwed = owed - 4000;
    const result = await inTransaction(db.pool, (client) =>
      recordCasePayment(client, workspaceId, {
        caseId,
        amountMinor: owed,
        currency: 'EUR',
        externalId: 'FEE-1',
        source: 'connector',
      }),
    );
    expect(result).toMatchObject({ caseSettled: true, appliedMinor: owed, unappliedMinor: 0, flag: null });
    expect((await db.pool.query('select paid_minor from case_charges where case_id = $1', [caseId])).rows).toEqual([
      { paid_minor: 4000 },
    ]);
    const [received] = (await timelineOf(db.pool, caseId)).filter((event) => event.type === 'payment.received');
    expect(received?.payload).toMatchObject({ appliedMinor: owed, costsMinor: 4000 });
    expect(invoicesOwed).toBeGreaterThan(0);
  });
});

describe('payments racing senders', () => {
  it('never let a message be handed over after the payment that settles its case committed', async () => {
    const cases = 150;
    const { workspaceId, caseIds } = await workspaceWithCases(db.pool, cases, withEmail);
    await startRuns(workspaceId, caseIds);
    const paidAt = new Map<string, Date>();

    // Three senders with a slow provider (small batches), while every case is paid in random order.
    const senders = Promise.all(
      [0, 1, 2].map(async () => {
        for (let round = 0; round < 40; round += 1) {
          const { handled } = await sendDueMessages(sender(2, 5), 'email');
          if (handled === 0) break;
        }
      }),
    );
    const order = [...caseIds].sort(() => Math.random() - 0.5);
    const payers = Promise.all(
      [0, 1, 2, 3].map(async (lane) => {
        for (const caseId of order.filter((_, index) => index % 4 === lane)) {
          await payInFull(workspaceId, caseId);
          // Taken after the commit returned: a hand-over later than this was certainly after it.
          const { rows } = await db.pool.query<{ now: Date }>('select clock_timestamp() as now');
          paidAt.set(caseId, rows[0]!.now);
        }
      }),
    );
    await Promise.all([senders, payers]);

    const { rows } = await db.pool.query<{
      case_id: string;
      status: string;
      handed_over_at: Date | null;
      handovers: number;
    }>(
      `select m.case_id, m.status::text, max(d.handed_over_at) as handed_over_at, count(d.id)::int as handovers
         from messages m left join sandbox_deliveries d on d.message_id = m.id
        where m.workspace_id = $1 group by m.id`,
      [workspaceId],
    );
    expect(rows).toHaveLength(cases);
    const late = rows.filter((row) => row.handed_over_at && row.handed_over_at > paidAt.get(row.case_id)!);
    expect(late).toEqual([]);
    expect(rows.filter((row) => row.status === 'cancelled' && row.handovers > 0)).toEqual([]);
    expect(rows.filter((row) => row.handovers > 1)).toEqual([]);
    // Both outcomes happened, so the race was really run.
    const outcomes = new Set(rows.map((row) => row.status));
    expect(outcomes).toEqual(new Set(['sent', 'cancelled']));
  });
});
