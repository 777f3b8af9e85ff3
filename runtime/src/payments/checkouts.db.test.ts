/**
 * "Pay now" through Mollie, against the Mollie double speaking Mollie's API on loopback: the
 * payment is created at the provider, the debtor pays on its checkout page, the webhook names
 * the payment and its status is fetched — then the case is settled at once. Webhooks twice,
 * forged, or never; failed payments; outages; payments on a case settled meanwhile.
 */
import { type MollieDouble, startMollieDouble } from '@collectflow/connectors';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorCallbackUrl } from '../connectors/connector-callback-url.ts';
import { WorkspaceConnectors } from '../connectors/workspace-connectors.ts';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import type { RunEngine } from '../flows/advance-run.ts';
import { FlowDefinitions } from '../flows/flow-definitions.ts';
import {
  draft,
  payCaseInFull,
  publishDraft,
  runsOfCase,
  seedDebtors,
  timelineOf,
} from '../flows/testing/flow-test-kit.ts';
import { startListeningServer } from '../http/testing/test-server.ts';
import { createTestWorkspace, testSecretKey } from '../http/trpc/testing/callers.ts';
import { createLogger } from '../logging/logger.ts';
import { Paylinks } from '../paylinks/paylinks.ts';
import { newPaylinkCase } from '../paylinks/testing/paylink-case.ts';

const db = useTestDatabase({ poolSize: 8 });
const logger = createLogger('silent', false);
const paylinks = new Paylinks(testSecretKey);
const definitions = new FlowDefinitions();
const _engine = (): RunEngine => ({ pool: db.pool, clock: () => new Date(), definitions });
let workspace: Awaited<ReturnType<typeof createTestWorkspace>>;
let mollie: MollieDouble;
let connectors: WorkspaceConnectors;
let app: FastifyInstance;
let publicUrl = '';

/** start → SMS (queued, not sent: nobody runs the sender here) → end */
const smsFlow = draft(
  'SMS reminder',
  [
    ['start', 'entry'],
    ['sms', 'sms', { template: 'sms-reminder', connector: 'sandbox' }],
    ['end', 'exit'],
  ],
  [
    ['start', 'out', 'sms'],
    ['sms', 'sent', 'end'],
    ['sms', 'failed', 'end'],
  ],
);

beforeAll(async () => {
  workspace = await createTestWorkspace(db.pool, 'Checkouts');
  mollie = await startMollieDouble({ webhookRetryDelaysMs: [] });
  connectors = new WorkspaceConnectors(db.pool, testSecretKey, () => publicUrl);
  ({ app, url: publicUrl } = await startListeningServer(db.pool, connectors, logger));
  const admin = (await workspace.signInAs('admin')).caller;
  await admin.connectors.save({
    key: 'payments',
    connector: 'mollie',
    name: 'Mollie',
    settings: { apiKey: mollie.apiKey, methods: [], apiEndpoint: mollie.apiEndpoint },
  });
  await publishDraft(db.pool, workspace.workspaceId, smsFlow);
});
afterAll(async () => {
  await app?.close();
  await connectors?.close();
  await mollie?.close();
});

let debtorCount = 0;
/** A new case in the SMS flow, its SMS queued; and its paylink token. */
async function newCase() {
  debtorCount += 1;
  return newPaylinkCase(db.pool, workspace.workspaceId, paylinks, {
    externalId: `CO-${debtorCount}`,
    adjust: (debtor) => {
      debtor.language = 'de';
      debtor.phone = '+4915112345678';
      debtor.consents.sms = { granted: true, at: '2026-01-02T10:00:00Z', source: 'contract' };
    },
    enrol: definitions,
  });
}

const api = (path: string, init?: RequestInit) => fetch(`${publicUrl}${path}`, init);

async function payNow(token: string) {
  const response = await api(`/api/paylinks/${token}/checkout`, { method: 'POST' });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

/** The debtor's choice on the double's checkout page; resolves with where they are sent back to. */
async function finishAtMollie(checkoutUrl: string, status: 'paid' | 'failed' | 'canceled' | 'expired') {
  const response = await fetch(checkoutUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `method=ideal&status=${status}`,
    redirect: 'manual',
  });
  return response.headers.get('location')!;
}

const paymentsOf = async (caseId: string) =>
  (
    await db.pool.query(
      `select amount_minor, unapplied_minor, flag, source, external_id from payments where case_id = $1`,
      [caseId],
    )
  ).rows;

const openMinor = async (caseId: string) =>
  Number(
    (
      await db.pool.query<{ open: number }>(
        `select coalesce(sum(open_amount_minor), 0) as open from invoices where case_id = $1 and status = 'open'`,
        [caseId],
      )
    ).rows[0]!.open,
  );

describe('Pay now through Mollie', () => {
  it('creates the payment at Mollie, and its webhook settles the case: runs exit, the queued SMS is cancelled', async () => {
    const { caseId, token } = await newCase();
    const owed = await openMinor(caseId);
    expect((await db.pool.query(`select status from messages where case_id = $1`, [caseId])).rows).toEqual([
      { status: 'queued' },
    ]);
    const view = (await (await api(`/api/paylinks/${token}`)).json()) as { payOnline: unknown };
    expect(view.payOnline).toEqual({ provider: 'Mollie' });

    const started = await payNow(token);
    expect(started.status).toBe(200);
    const atMollie = [...mollie.payments.values()].at(-1)!;
    expect(started.body.checkoutUrl).toBe(`${mollie.url}/checkout/${atMollie.id}`);
    expect(atMollie).toMatchObject({
      amount: { currency: 'EUR', value: (owed / 100).toFixed(2) },
      locale: 'de_DE',
      webhookUrl: connectorCallbackUrl(publicUrl, workspace.workspaceId, 'payments'),
      redirectUrl: `${publicUrl}/p/${token}?checkout=${started.body.checkoutId}`,
      description: expect.stringMatching(/^Payment CF-/),
    });
    // A second tap within minutes offers the same checkout, not a second payment.
    expect((await payNow(token)).body.checkoutUrl).toBe(started.body.checkoutUrl);

    const back = await finishAtMollie(started.body.checkoutUrl!, 'paid');
    expect(back).toBe(`${publicUrl}/p/${token}?checkout=${started.body.checkoutId}`);
    expect(mollie.webhookCalls.at(-1)).toMatchObject({ paymentId: atMollie.id, status: 200 });

    expect(await paymentsOf(caseId)).toEqual([
      {
        amount_minor: owed,
        unapplied_minor: 0,
        flag: null,
        source: 'connector',
        external_id: `payments:${atMollie.id}`,
      },
    ]);
    expect((await db.pool.query(`select status from cases where id = $1`, [caseId])).rows).toEqual([
      { status: 'paid' },
    ]);
    expect(await runsOfCase(db.pool, caseId)).toMatchObject([{ status: 'exited', exit_reason: 'paid' }]);
    expect((await db.pool.query(`select status from messages where case_id = $1`, [caseId])).rows).toEqual([
      { status: 'cancelled' },
    ]);
    const timeline = await timelineOf(db.pool, caseId);
    expect(timeline.find((event) => event.type === 'checkout.started')?.payload).toMatchObject({
      checkoutId: started.body.checkoutId,
      connector: 'payments',
      amountMinor: owed,
    });
    expect(timeline.find((event) => event.type === 'payment.received')?.payload).toMatchObject({
      amountMinor: owed,
      via: 'Mollie · ideal',
    });
    expect(timeline.at(-1)?.type).toBe('case.paid');

    // Back on the paylink page: the payment is confirmed and the link shows only that.
    expect(await (await api(`/api/paylinks/${token}/checkouts/${started.body.checkoutId}`)).json()).toEqual({
      status: 'paid',
    });
    expect(await (await api(`/api/paylinks/${token}`)).json()).toEqual({ status: 'settled' });
    expect((await payNow(token)).status).toBe(409);
  });

  it('records one payment when the webhook comes twice, or several at once', async () => {
    const { caseId, token } = await newCase();
    const started = await payNow(token);
    await finishAtMollie(started.body.checkoutUrl!, 'paid');
    const id = [...mollie.payments.values()].at(-1)!.id;
    const hook = connectorCallbackUrl(publicUrl, workspace.workspaceId, 'payments');
    const again = () =>
      fetch(hook, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `id=${id}`,
      });
    const answers = await Promise.all([again(), again(), again()]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(await paymentsOf(caseId)).toHaveLength(1);
    expect((await timelineOf(db.pool, caseId)).filter((event) => event.type === 'payment.received')).toHaveLength(1);
  });

  it('believes no webhook: a forged "paid" for an unpaid payment, or an unknown one, changes nothing', async () => {
    const { caseId, token } = await newCase();
    const started = await payNow(token);
    const id = [...mollie.payments.values()].at(-1)!.id;
    const hook = connectorCallbackUrl(publicUrl, workspace.workspaceId, 'payments');
    const post = (body: string) =>
      fetch(hook, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect((await post(`id=${id}&status=paid&amount=999`)).status).toBe(200);
    expect((await post('id=tr_forged123')).status).toBe(200);
    expect((await post('payment=everything')).status).toBe(400);
    expect(await paymentsOf(caseId)).toEqual([]);
    expect((await db.pool.query(`select status from cases where id = $1`, [caseId])).rows).toEqual([
      { status: 'open' },
    ]);
    expect(await (await api(`/api/paylinks/${token}/checkouts/${started.body.checkoutId}`)).json()).toEqual({
      status: 'open',
    });
  });

  it('confirms the payment when the debtor is back before the webhook (or it never comes)', async () => {
    const { caseId, token } = await newCase();
    const started = await payNow(token);
    const atMollie = [...mollie.payments.values()].at(-1)!;
    atMollie.webhookUrl = null;
    await finishAtMollie(started.body.checkoutUrl!, 'paid');
    expect(await paymentsOf(caseId)).toEqual([]);
    expect(await (await api(`/api/paylinks/${token}/checkouts/${started.body.checkoutId}`)).json()).toEqual({
      status: 'paid',
    });
    expect(await paymentsOf(caseId)).toHaveLength(1);
    expect((await db.pool.query(`select status from cases where id = $1`, [caseId])).rows).toEqual([
      { status: 'paid' },
    ]);
  });

  it('leaves the case open after a failed payment, and lets the debtor try again', async () => {
    const { caseId, token } = await newCase();
    const first = await payNow(token);
    await finishAtMollie(first.body.checkoutUrl!, 'failed');
    expect(await (await api(`/api/paylinks/${token}/checkouts/${first.body.checkoutId}`)).json()).toEqual({
      status: 'failed',
    });
    expect(await paymentsOf(caseId)).toEqual([]);
    expect((await timelineOf(db.pool, caseId)).at(-1)).toMatchObject({
      type: 'checkout.failed',
      payload: { status: 'failed' },
    });
    const second = await payNow(token);
    expect(second.body.checkoutUrl).not.toBe(first.body.checkoutUrl);
    await finishAtMollie(second.body.checkoutUrl!, 'paid');
    expect((await db.pool.query(`select status from cases where id = $1`, [caseId])).rows).toEqual([
      { status: 'paid' },
    ]);
  });

  it('says in words when Mollie is down, and records no payment', async () => {
    const { caseId, token } = await newCase();
    mollie.failNextRequests(10);
    const refused = await payNow(token);
    mollie.failNextRequests(0);
    expect(refused).toEqual({
      status: 503,
      body: {
        error: 'Paying online is not possible right now. Please try again in a few minutes or pay by bank transfer.',
      },
    });
    expect((await db.pool.query(`select status from checkouts where case_id = $1`, [caseId])).rows).toEqual([
      { status: 'failed' },
    ]);
    expect((await payNow(token)).status).toBe(200);
  });

  it('keeps a payment for a case settled meanwhile (by bank transfer) and flags it for staff', async () => {
    const { caseId, token } = await newCase();
    const owed = await openMinor(caseId);
    const started = await payNow(token);
    await payCaseInFull(db.pool, workspace.workspaceId, caseId);
    await finishAtMollie(started.body.checkoutUrl!, 'paid');
    const payments = await paymentsOf(caseId);
    expect(payments).toHaveLength(2);
    expect(payments.find((payment) => payment.source === 'connector')).toMatchObject({
      amount_minor: owed,
      unapplied_minor: owed,
      flag: 'case_closed',
    });
  });

  it('offers no Pay now where the workspace has no payment connector', async () => {
    const other = await createTestWorkspace(db.pool, 'No payments');
    await seedDebtors(db.pool, other.workspaceId, 1);
    const { rows } = await db.pool.query<{ id: string }>('select id from cases where workspace_id = $1', [
      other.workspaceId,
    ]);
    await paylinks.register(db.pool, [{ workspaceId: other.workspaceId, caseId: rows[0]!.id }]);
    const token = paylinks.tokenFor(rows[0]!.id);
    expect(((await (await api(`/api/paylinks/${token}`)).json()) as { payOnline: unknown }).payOnline).toBeNull();
    expect(await payNow(token)).toEqual({
      status: 409,
      body: { error: 'Paying online is not available; please pay by bank transfer.' },
    });
  });
});
