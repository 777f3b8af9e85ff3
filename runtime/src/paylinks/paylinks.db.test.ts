/**
 * Paylinks: every message of a case carries the same short link; the database keeps only its
 * hash; opening it shows what is owed and is a timeline event; once the case is settled the
 * link shows only that.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../db/pool.ts';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { enrolIntoActiveFlows } from '../enrolment/enrol-into-active-flows.ts';
import { advanceRun, type RunEngine } from '../flows/advance-run.ts';
import { FlowDefinitions } from '../flows/flow-definitions.ts';
import { draft, publishDraft, seedDebtors, timelineOf } from '../flows/testing/flow-test-kit.ts';
import { buildTestServer } from '../http/testing/test-server.ts';
import { createTestWorkspace, testSecretKey } from '../http/trpc/testing/callers.ts';
import { createLogger } from '../logging/logger.ts';
import { DispatcherRegistry } from '../outbox/channel-dispatcher.ts';
import { sandboxDispatcher } from '../outbox/sandbox-dispatcher.ts';
import { sendDueMessages } from '../outbox/send-due-messages.ts';
import { recordPayment } from '../payments/record-payment.ts';
import { Paylinks } from './paylinks.ts';

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
    expect(JSON.stringify(view)).not.toMatch(/email|phone|address/i);
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
    const { rows: invoices } = await db.pool.query<{ external_id: string; open_amount_minor: number }>(
      `select external_id, open_amount_minor from invoices where case_id = $1 and status = 'open'`,
      [caseId],
    );
    await inTransaction(db.pool, async (client) => {
      for (const invoice of invoices) {
        await recordPayment(client, workspace.workspaceId, {
          invoiceExternalId: invoice.external_id,
          amountMinor: invoice.open_amount_minor,
          currency: 'EUR',
          source: 'api',
        });
      }
    });
    const settled = await app.inject({ method: 'GET', url: `/api/paylinks/${token}` });
    expect(settled.json()).toEqual({ status: 'settled' });
  });
});
