/**
 * The four channels end to end through their wire-protocol doubles: an e-mail that bounces
 * (a DSN over SMTP to our bounce endpoint) takes the fallback to an SMS; an SMS the network
 * cannot deliver (a signed Sinch delivery report to our callback route) takes the fallback to a
 * letter. A forged callback is refused and changes nothing; a Sinch outage (503) is retried
 * later and the SMS goes out exactly once.
 */
import { type SinchDouble, type SmtpDouble, startSinchDouble, startSmtpDouble } from '@collectflow/connectors';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { enrolIntoActiveFlows } from '../enrolment/enrol-into-active-flows.ts';
import { advanceRun, type RunEngine } from '../flows/advance-run.ts';
import { FlowDefinitions } from '../flows/flow-definitions.ts';
import { draft, pathOf, publishDraft, seedDebtors, timelineOf, waitFor } from '../flows/testing/flow-test-kit.ts';
import { startListeningServer } from '../http/testing/test-server.ts';
import { createTestWorkspace, testSecretKey } from '../http/trpc/testing/callers.ts';
import { createLogger } from '../logging/logger.ts';
import { DispatcherRegistry } from '../outbox/channel-dispatcher.ts';
import { sandboxDispatcher } from '../outbox/sandbox-dispatcher.ts';
import { sendDueMessages } from '../outbox/send-due-messages.ts';
import { type BounceReceiver, startBounceReceiver } from './bounce-receiver.ts';
import { sinchSmsDoubleSettings, smtpDoubleSettings } from './testing/double-connector-settings.ts';
import { WorkspaceConnectors } from './workspace-connectors.ts';

const db = useTestDatabase({ poolSize: 8 });
const logger = createLogger('silent', false);
let workspace: Awaited<ReturnType<typeof createTestWorkspace>>;
let smtp: SmtpDouble;
let sinch: SinchDouble;
let bounces: BounceReceiver;
let app: FastifyInstance;
let publicUrl = '';
let connectors: WorkspaceConnectors;
const definitions = new FlowDefinitions();
const engine = (): RunEngine => ({ pool: db.pool, clock: () => new Date(), definitions });

beforeAll(async () => {
  workspace = await createTestWorkspace(db.pool, 'Channel Fallback');
  bounces = await startBounceReceiver({ pool: db.pool, logger });
  smtp = await startSmtpDouble({ bounceTo: { host: bounces.host, port: bounces.port } });
  sinch = await startSinchDouble({ callbackDelayMs: 5 });
  connectors = new WorkspaceConnectors(db.pool, testSecretKey, () => publicUrl);
  ({ app, url: publicUrl } = await startListeningServer(db.pool, connectors, logger));

  const admin = (await workspace.signInAs('admin')).caller;
  await admin.connectors.save({
    key: 'email',
    connector: 'email-smtp',
    name: 'Mail',
    settings: smtpDoubleSettings(smtp),
  });
  await admin.connectors.save({
    key: 'sms',
    connector: 'sinch-sms',
    name: 'SMS',
    settings: sinchSmsDoubleSettings(sinch),
  });
});
afterAll(async () => {
  await smtp?.close();
  await sinch?.close();
  await bounces?.close();
  await connectors?.close();
  await app?.close();
});

function send(channel: 'email' | 'sms' | 'letter') {
  return sendDueMessages(
    {
      pool: db.pool,
      dispatchers: new DispatcherRegistry([sandboxDispatcher(db.pool)]),
      workspaceConnectors: connectors,
      logger,
      workerId: 'test',
    },
    channel,
  );
}

async function messageOf(caseId: string, channel: string) {
  const { rows } = await db.pool.query<{ id: string; status: string; attempts: number; failure_reason: string | null }>(
    'select id, status::text, attempts, failure_reason from messages where case_id = $1 and channel = $2',
    [caseId, channel],
  );
  return rows[0];
}

let enrolled = 0;
async function enrolOne(adjust: (debtor: Awaited<ReturnType<typeof seedDebtors>>[number]) => void) {
  enrolled += 1;
  const [debtor] = await seedDebtors(db.pool, workspace.workspaceId, 1, {
    adjust: (one) => {
      one.language = 'de';
      one.consents.sms = { granted: true, at: '2026-01-02T10:00:00Z', source: 'contract' };
      one.externalId = `FB-${enrolled}`;
      one.invoices.forEach((invoice, index) => {
        invoice.externalId = `FB-${enrolled}-${index + 1}`;
      });
      adjust(one);
    },
  });
  const { rows } = await db.pool.query<{ case_id: string }>(
    `select c.id as case_id from cases c join debtors d on d.id = c.debtor_id
      where d.workspace_id = $1 and d.external_id = $2`,
    [workspace.workspaceId, debtor!.externalId],
  );
  const caseId = rows[0]!.case_id;
  await enrolIntoActiveFlows(db.pool, definitions, workspace.workspaceId, [caseId], new Date());
  const { rows: runs } = await db.pool.query<{ id: string }>('select id from runs where case_id = $1', [caseId]);
  return { caseId, runId: runs[0]!.id };
}

describe('channel fallback through the doubles', () => {
  let flowPublished = false;
  async function publishFallbackFlow() {
    if (flowPublished) return;
    flowPublished = true;
    await publishDraft(
      db.pool,
      workspace.workspaceId,
      draft(
        'Mail, then SMS, then letter',
        [
          ['start', 'entry'],
          ['mail', 'email', { template: 'reminder', connector: 'email' }],
          ['text', 'sms', { template: 'sms-reminder', connector: 'sms' }],
          ['post', 'letter', { template: 'letter', connector: 'sandbox' }],
          ['end', 'exit'],
        ],
        [
          ['start', 'out', 'mail'],
          ['mail', 'sent', 'end'],
          ['mail', 'failed', 'text'],
          ['text', 'sent', 'end'],
          ['text', 'failed', 'post'],
          ['post', 'sent', 'end'],
          ['post', 'failed', 'end'],
        ],
      ),
    );
  }

  it('a bounced e-mail falls back to an SMS, an undeliverable SMS to a letter', async () => {
    await publishFallbackFlow();
    const { caseId, runId } = await enrolOne((debtor) => {
      debtor.email = 'nobody@gone.invalid';
      debtor.phone = '+491701230000';
      debtor.address ??= { line1: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' };
    });
    await advanceRun(engine(), runId);

    // The mail server takes the e-mail, then its bounce arrives at our bounce endpoint.
    expect((await send('email')).handled).toBe(1);
    expect(await messageOf(caseId, 'email')).toMatchObject({ status: 'sent' });
    await smtp.settled();
    await waitFor(async () => (await messageOf(caseId, 'email'))?.status === 'failed', 'the bounce');
    expect((await messageOf(caseId, 'email'))?.failure_reason).toBe(
      'the e-mail bounced: 550 5.1.1 <nobody@gone.invalid>: Recipient address rejected: User unknown',
    );
    await advanceRun(engine(), runId);

    // Sinch takes the SMS; its signed delivery report says it failed.
    expect((await send('sms')).handled).toBe(1);
    await sinch.settled();
    await waitFor(async () => (await messageOf(caseId, 'sms'))?.status === 'failed', 'the SMS delivery report');
    await advanceRun(engine(), runId);

    expect((await send('letter')).handled).toBe(1);
    await advanceRun(engine(), runId);
    expect(await pathOf(db.pool, caseId)).toEqual(['start:out', 'mail:failed', 'text:failed', 'post:sent']);
    const failures = (await timelineOf(db.pool, caseId)).filter((event) => event.type === 'message.failed');
    expect(
      failures.map((event) => [event.payload.channel, (event.payload.report as { bounce?: string })?.bounce]),
    ).toEqual([
      ['email', 'hard'],
      ['sms', undefined],
    ]);
  });

  it('refuses a forged delivery report and changes nothing', async () => {
    await publishFallbackFlow();
    const { caseId, runId } = await enrolOne((debtor) => {
      debtor.email = 'nobody@gone.invalid';
      debtor.phone = '+491701239999';
    });
    await advanceRun(engine(), runId);
    await send('email');
    await smtp.settled();
    await waitFor(async () => (await messageOf(caseId, 'email'))?.status === 'failed', 'the bounce');
    await advanceRun(engine(), runId);
    await send('sms');
    await sinch.settled();
    await waitFor(async () => (await messageOf(caseId, 'sms'))?.status === 'delivered', 'the SMS delivery report');
    const sms = (await messageOf(caseId, 'sms'))!;
    const eventsBefore = (await timelineOf(db.pool, caseId)).length;

    const forged = await fetch(`${publicUrl}/hooks/connectors/${workspace.workspaceId}/sms`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-sinch-webhook-signature': 'bm90IGEgc2lnbmF0dXJl',
        'x-sinch-webhook-signature-nonce': 'abc',
        'x-sinch-webhook-signature-timestamp': String(Math.floor(Date.now() / 1000)),
      },
      body: JSON.stringify({
        type: 'recipient_delivery_report_sms',
        batch_id: 'X',
        recipient: '+491701239999',
        code: 402,
        status: 'Failed',
        at: new Date().toISOString(),
        client_reference: sms.id,
      }),
    });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({ error: 'the callback is not signed with the signing secret' });
    expect(await messageOf(caseId, 'sms')).toEqual(sms);
    expect((await timelineOf(db.pool, caseId)).length).toBe(eventsBefore);
    // Another workspace's address for the same connector key: nothing there.
    const elsewhere = await fetch(`${publicUrl}/hooks/connectors/00000000-0000-4000-8000-000000000000/sms`, {
      method: 'POST',
      body: '{}',
    });
    expect(elsewhere.status).toBe(404);
  });

  it('retries after a Sinch outage and sends the SMS exactly once', async () => {
    await publishFallbackFlow();
    const { caseId, runId } = await enrolOne((debtor) => {
      debtor.email = 'nobody@gone.invalid';
      debtor.phone = '+491701238888';
    });
    await advanceRun(engine(), runId);
    await send('email');
    await smtp.settled();
    await waitFor(async () => (await messageOf(caseId, 'email'))?.status === 'failed', 'the bounce');
    await advanceRun(engine(), runId);

    sinch.failNextRequests(1, 503);
    await send('sms');
    const retrying = (await messageOf(caseId, 'sms'))!;
    expect(retrying).toMatchObject({ status: 'queued', attempts: 1 });
    expect(retrying.failure_reason).toContain('Sinch SMS asked to try later (HTTP 503)');
    // Not before its retry time …
    expect((await send('sms')).handled).toBe(0);
    // … and once it is due, exactly once.
    await db.pool.query(`update messages set send_after = now() where id = $1`, [retrying.id]);
    expect((await send('sms')).handled).toBe(1);
    await sinch.settled();
    expect(sinch.sms.filter((sms) => sms.clientReference === retrying.id)).toHaveLength(1);
    await waitFor(async () => (await messageOf(caseId, 'sms'))?.status === 'delivered', 'the delivery report');
    expect(await messageOf(caseId, 'sms')).toMatchObject({ attempts: 2 });
  });

  it('an e-mail without a bounce goes on as sent when its bounce window ends, not after the step’s timeout', async () => {
    await publishFallbackFlow();
    const { caseId, runId } = await enrolOne((debtor) => {
      debtor.email = 'klaus@example.de';
    });
    await advanceRun(engine(), runId);
    const before = Date.now();
    await send('email');
    const { rows } = await db.pool.query<{ report_due_at: Date; run_at: Date }>(
      `select m.report_due_at, j.run_at from messages m
         join graphile_worker.jobs j on j.key = m.run_id::text
        where m.case_id = $1 and m.channel = 'email'`,
      [caseId],
    );
    // Waking is scheduled for the end of the 30-minute window (the step's timeout is 48 hours).
    const due = rows[0]!.report_due_at.getTime();
    expect(due - before).toBeGreaterThanOrEqual(30 * 60_000 - 1000);
    expect(due - before).toBeLessThan(31 * 60_000);
    expect(rows[0]!.run_at.getTime()).toBe(due);
    await advanceRun(engine(), runId);
    expect(await pathOf(db.pool, caseId)).toEqual(['start:out']);
    await db.pool.query(`update messages set report_due_at = now() - interval '1 second' where case_id = $1`, [caseId]);
    await advanceRun(engine(), runId);
    expect(await pathOf(db.pool, caseId)).toEqual(['start:out', 'mail:sent']);
  });
});
