/**
 * Paylinks: every message of a case carries the same short link; the database keeps only its
 * hash; opening it shows what is owed and is a timeline event; once the case is settled the
 * link shows only that.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { enrolIntoActiveFlows } from '../enrolment/enrol-into-active-flows.ts';
import { advanceRun, type RunEngine } from '../flows/advance-run.ts';
import { FlowDefinitions } from '../flows/flow-definitions.ts';
import { draft, payCaseInFull, publishDraft, seedDebtors, timelineOf } from '../flows/testing/flow-test-kit.ts';
import { buildTestServer } from '../http/testing/test-server.ts';
import { createTestWorkspace, testSecretKey } from '../http/trpc/testing/callers.ts';
import { createLogger } from '../logging/logger.ts';
import { DispatcherRegistry } from '../outbox/channel-dispatcher.ts';
import { sandboxDispatcher } from '../outbox/sandbox-dispatcher.ts';
import { sendDueMessages } from '../outbox/send-due-messages.ts';
import { Paylinks } from './paylinks.ts';
import { checkPromise } from './promise-to-pay.ts';

const db = useTestDatabase();
const definitions = new FlowDefinitions();
const engine = (): RunEngine => ({ pool: db.pool, clock: () => new Date(), definitions });
const logger = createLogger('silent', false);
let app: FastifyInstance;
let workspace: Awaited<ReturnType<typeof createTestWorkspace>>;

beforeAll(async () => {
  workspace = await createTestWorkspace(db.pool, 'Paylinks');
  app = await buildTestServer(db.pool, logger);
});
afterAll(() => app?.close());

describe('paylinks', () => {
  it('gives each case one short link, stored hashed, that shows what is open and then only that it is settled', async () => {
    await publishDraft(
      db.pool,
      workspace.workspaceId,
      draft(
        'Two e-mails',
        [
          ['start', 'entry'],
          ['first', 'email', { template: 'reminder', connector: 'sandbox' }],
          ['second', 'sms', { template: 'sms-reminder', connector: 'sandbox' }],
          ['end', 'exit'],
        ],
        [
          ['start', 'out', 'first'],
          ['first', 'sent', 'second'],
          ['first', 'failed', 'second'],
          ['second', 'sent', 'end'],
          ['second', 'failed', 'end'],
        ],
      ),
    );
    const [debtor] = await seedDebtors(db.pool, workspace.workspaceId, 1, {
      adjust: (one) => {
        one.externalId = 'PL-1';
        one.consents.sms = { granted: true, at: '2026-01-02T10:00:00Z', source: 'contract' };
        one.invoices.forEach((invoice, index) => {
          invoice.externalId = `PL-1-${index}`;
        });
      },
    });
    const { rows } = await db.pool.query<{ id: string }>(
      'select c.id from cases c join debtors d on d.id = c.debtor_id where d.workspace_id = $1 and d.external_id = $2',
      [workspace.workspaceId, debtor!.externalId],
    );
    const caseId = rows[0]!.id;
    await enrolIntoActiveFlows(db.pool, definitions, workspace.workspaceId, [caseId], new Date());
    const { rows: runs } = await db.pool.query<{ id: string }>('select id from runs where case_id = $1', [caseId]);
    const sender = {
      pool: db.pool,
      dispatchers: new DispatcherRegistry([sandboxDispatcher(db.pool)]),
      logger,
      workerId: 'test',
      publicUrl: () => 'https://collect.example.com',
      paylinks: new Paylinks(testSecretKey),
    };
    await advanceRun(engine(), runs[0]!.id);
    await sendDueMessages(sender, 'email');
    await advanceRun(engine(), runs[0]!.id);
    await sendDueMessages(sender, 'sms');

    // Both messages, rendered again as the outbox shows them, carry the same short link.
    const { caller } = await workspace.signInAs('viewer');
    const messages = (await caller.outbox.list({})).items.filter((item) => item.caseId === caseId);
    expect(messages).toHaveLength(2);
    const links = new Set<string>();
    for (const message of messages) {
      const shown = await caller.outbox.show({ id: message.id });
      const text = `${shown.rendered?.html ?? ''} ${shown.rendered?.text ?? ''}`;
      for (const match of text.matchAll(/\/p\/([A-Za-z0-9_-]+)/g)) links.add(match[1]!);
    }
    expect([...links]).toHaveLength(1);
    const token = [...links][0]!;
    expect(token).toHaveLength(22);
    expect(token).toBe(new Paylinks(testSecretKey).tokenFor(caseId));
    // Only its hash is kept.
    const hash = createHash('sha256').update(token).digest();
    const stored = await db.pool.query('select * from paylinks where case_id = $1', [caseId]);
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0].token_hash).toEqual(hash);
    expect(JSON.stringify(stored.rows[0])).not.toContain(token);

    const first = await app.inject({ method: 'GET', url: `/api/paylinks/${token}` });
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store, private');
    const view = first.json();
    expect(view).toMatchObject({ status: 'open', currency: 'EUR', reference: expect.stringMatching(/^CF-/) });
    expect(view.invoices.length).toBeGreaterThan(0);
    // Who is owed, in their design, and how to pay by transfer with the GiroCode for the total.
    expect(view.creditor).toMatchObject({ name: 'Test brand', colours: { primary: '#0b6e4f' } });
    expect(view.bankTransfer).toMatchObject({ creditorName: 'Test B.V.', iban: 'NL91ABNA0417164300', bic: 'ABNANL2A' });
    expect(view.bankTransfer.girocodeSvg).toMatch(/^<svg [^>]*aria-label="GiroCode"/);
    // Never the debtor's contact data: the page only names the channels they can choose.
    const { rows: contact } = await db.pool.query<{ email: string; phone: string; address_line1: string }>(
      'select email, phone, address_line1 from debtors where workspace_id = $1 and external_id = $2',
      [workspace.workspaceId, 'PL-1'],
    );
    for (const value of Object.values(contact[0]!).filter(Boolean)) expect(JSON.stringify(view)).not.toContain(value);
    expect(view.contact.channels).toContain('email');
    expect(view.totalMinor).toBe(
      view.invoices.reduce((sum: number, invoice: { openAmountMinor: number }) => sum + invoice.openAmountMinor, 0),
    );
    await app.inject({ method: 'GET', url: `/api/paylinks/${token}` });
    const visits = (await timelineOf(db.pool, caseId)).filter((event) => event.type === 'paylink.opened');
    expect(visits).toHaveLength(1);

    for (const wrong of [`${token.slice(0, 21)}${token.endsWith('A') ? 'B' : 'A'}`, 'short', `${token}x`]) {
      const refused = await app.inject({ method: 'GET', url: `/api/paylinks/${wrong}` });
      expect(refused.statusCode).toBe(404);
      expect(refused.json().error).toBe(
        'This payment link does not exist. Please use the link from your most recent message.',
      );
    }

    // Paid: the link says so and shows nothing else.
    await payCaseInFull(db.pool, workspace.workspaceId, caseId);
    const settled = await app.inject({ method: 'GET', url: `/api/paylinks/${token}` });
    expect(settled.json()).toEqual({ status: 'settled' });
  });

  it('takes a promise to pay within the limit, pauses the case until then, and goes on when it is broken', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const caseIds: string[] = [];
    for (const externalId of ['PL-2', 'PL-3']) {
      const [debtor] = await seedDebtors(db.pool, workspace.workspaceId, 1, {
        adjust: (one) => {
          one.externalId = externalId;
          one.invoices.forEach((invoice, index) => {
            invoice.externalId = `${externalId}-${index}`;
          });
        },
      });
      const { rows } = await db.pool.query<{ id: string }>(
        'select c.id from cases c join debtors d on d.id = c.debtor_id where d.workspace_id = $1 and d.external_id = $2',
        [workspace.workspaceId, debtor!.externalId],
      );
      caseIds.push(rows[0]!.id);
    }
    const [broken, kept] = caseIds as [string, string];
    await enrolIntoActiveFlows(db.pool, definitions, workspace.workspaceId, [broken], new Date());
    const paylinks = new Paylinks(testSecretKey);
    await paylinks.register(
      db.pool,
      caseIds.map((caseId) => ({ workspaceId: workspace.workspaceId, caseId })),
    );
    const promise = (caseId: string, date: string) =>
      app.inject({ method: 'POST', url: `/api/paylinks/${paylinks.tokenFor(caseId)}/promise`, payload: { date } });

    const late = await promise(broken, inDays(31));
    expect(late.statusCode).toBe(400);
    expect(late.json().error).toBe(`Choose a date from ${inDays(1)} to ${inDays(30)}.`);
    expect((await promise(broken, today)).statusCode).toBe(400);

    const made = await promise(broken, inDays(7));
    expect(made.statusCode).toBe(200);
    expect(made.json().promise).toEqual({ earliest: inDays(1), latest: inDays(30), promisedDate: inDays(7) });
    const again = await promise(broken, inDays(8));
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toBe(`You have already promised to pay by ${inDays(7)}.`);

    // Paused: the flow holds, and the check is due the day after the promised date.
    const { rows: state } = await db.pool.query<{ status: string; promise_id: string; run_at: Date }>(
      `select c.status::text, p.id as promise_id, j.run_at
         from cases c join promises p on p.case_id = c.id
         join graphile_worker.jobs j on j.key = 'promise:' || p.id
        where c.id = $1`,
      [broken],
    );
    expect(state[0]).toMatchObject({ status: 'paused' });
    expect(state[0]!.run_at.toISOString()).toBe(`${inDays(8)}T00:00:00.000Z`);
    const { rows: runs } = await db.pool.query<{ id: string }>('select id from runs where case_id = $1', [broken]);
    expect(await advanceRun(engine(), runs[0]!.id)).toBe('held');
    expect((await timelineOf(db.pool, broken)).map((event) => event.type)).toContain('promise.made');

    // The day after: not paid, so the promise is broken and the flow goes on.
    expect(await checkPromise(db.pool, state[0]!.promise_id)).toBe('broken');
    expect(await checkPromise(db.pool, state[0]!.promise_id)).toBeNull();
    const { rows: after } = await db.pool.query<{ status: string; scheduled: boolean }>(
      `select c.status::text, exists (select 1 from graphile_worker.jobs j where j.key = $2) as scheduled
         from cases c where c.id = $1`,
      [broken, runs[0]!.id],
    );
    expect(after[0]).toEqual({ status: 'open', scheduled: true });
    expect((await timelineOf(db.pool, broken)).map((event) => event.type)).toContain('promise.broken');

    // Paid before the date: kept.
    expect((await promise(kept, inDays(3))).statusCode).toBe(200);
    await payCaseInFull(db.pool, workspace.workspaceId, kept);
    const { rows: keptPromise } = await db.pool.query<{ id: string }>('select id from promises where case_id = $1', [
      kept,
    ]);
    expect(await checkPromise(db.pool, keptPromise[0]!.id)).toBe('kept');
    expect((await promise(kept, inDays(3))).statusCode).toBe(409);
  });
});
