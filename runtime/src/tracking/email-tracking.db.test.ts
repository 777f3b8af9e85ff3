/**
 * E-mail tracking end to end: the e-mail leaves through `email-smtp` to the SMTP double with
 * signed tracking addresses; loading its image records the opening once; its paylink, clicked,
 * is recorded as its own event, wakes the flow waiting for a click and forwards the debtor. A
 * changed or forged tracking address records nothing and forwards nowhere.
 */
import { type SmtpDouble, startSmtpDouble } from '@collectflow/connectors';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listConnectorConfigs } from '../connectors/connector-configs.ts';
import { smtpDoubleSettings } from '../connectors/testing/double-connector-settings.ts';
import { WorkspaceConnectors } from '../connectors/workspace-connectors.ts';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { enrolIntoActiveFlows } from '../enrolment/enrol-into-active-flows.ts';
import { advanceRun, type RunEngine } from '../flows/advance-run.ts';
import { FlowDefinitions } from '../flows/flow-definitions.ts';
import { draft, pathOf, publishDraft, seedDebtors, timelineOf } from '../flows/testing/flow-test-kit.ts';
import { startListeningServer } from '../http/testing/test-server.ts';
import { createTestWorkspace, testSecretKey } from '../http/trpc/testing/callers.ts';
import { createLogger } from '../logging/logger.ts';
import { DispatcherRegistry } from '../outbox/channel-dispatcher.ts';
import { sendDueMessages } from '../outbox/send-due-messages.ts';

const db = useTestDatabase({ poolSize: 6 });
const logger = createLogger('silent', false);
const definitions = new FlowDefinitions();
const engine = (): RunEngine => ({ pool: db.pool, clock: () => new Date(), definitions });
let workspaceId: string;
let smtp: SmtpDouble;
let app: FastifyInstance;
let publicUrl = '';
let connectors: WorkspaceConnectors;

beforeAll(async () => {
  const workspace = await createTestWorkspace(db.pool, 'Tracking');
  workspaceId = workspace.workspaceId;
  smtp = await startSmtpDouble();
  connectors = new WorkspaceConnectors(db.pool, testSecretKey, () => publicUrl);
  ({ app, url: publicUrl } = await startListeningServer(db.pool, connectors, logger));
  await (await workspace.signInAs('admin')).caller.connectors.save({
    key: 'email',
    connector: 'email-smtp',
    name: 'Mail',
    settings: smtpDoubleSettings(smtp, { bounceWindowMinutes: 0 }),
  });
  await publishDraft(
    db.pool,
    workspaceId,
    draft(
      'Mail, then wait for a click',
      [
        ['start', 'entry'],
        ['mail', 'email', { template: 'reminder', connector: 'email' }],
        ['wait', 'waitFor', { events: ['message.clicked'], timeout: { amount: 3, unit: 'days' } }],
        ['reacted', 'exit', { reason: 'reacted' }],
        ['silent', 'exit', { reason: 'silent' }],
      ],
      [
        ['start', 'out', 'mail'],
        ['mail', 'sent', 'wait'],
        ['mail', 'failed', 'silent'],
        ['wait', 'event', 'reacted'],
        ['wait', 'timeout', 'silent'],
      ],
    ),
  );
});
afterAll(async () => {
  await smtp?.close();
  await connectors?.close();
  await app?.close();
});

async function mailedCase() {
  const [debtor] = await seedDebtors(db.pool, workspaceId, 1, {
    adjust: (one) => {
      one.externalId = 'TR-1';
      one.email = 'sanne@example.nl';
      one.invoices.forEach((invoice, index) => {
        invoice.externalId = `TR-1-${index + 1}`;
      });
    },
  });
  const { rows } = await db.pool.query<{ id: string }>(
    'select c.id from cases c join debtors d on d.id = c.debtor_id where d.workspace_id = $1 and d.external_id = $2',
    [workspaceId, debtor!.externalId],
  );
  const caseId = rows[0]!.id;
  await enrolIntoActiveFlows(db.pool, definitions, workspaceId, [caseId], new Date());
  const { rows: runs } = await db.pool.query<{ id: string }>('select id from runs where case_id = $1', [caseId]);
  const runId = runs[0]!.id;
  await advanceRun(engine(), runId);
  const sent = await sendDueMessages(
    {
      pool: db.pool,
      dispatchers: new DispatcherRegistry([]),
      workspaceConnectors: connectors,
      logger,
      workerId: 'test',
      publicUrl: () => publicUrl,
    },
    'email',
  );
  expect(sent.handled).toBe(1);
  await advanceRun(engine(), runId);
  const html = String(smtp.received.find((mail) => mail.envelopeTo[0] === 'sanne@example.nl')!.parsed.html);
  return { caseId, runId, html };
}

const decode = (value: string) => value.replace(/&amp;/g, '&');
const engagement = async (caseId: string) =>
  (await timelineOf(db.pool, caseId))
    .filter((event) => ['message.opened', 'message.clicked', 'message.paylink_clicked'].includes(event.type))
    .map((event) => [event.type, event.payload.url ?? null]);

describe('e-mail tracking', () => {
  it('records the opening once and the paylink click as its own event, wakes the flow and forwards', async () => {
    const { caseId, runId, html } = await mailedCase();
    expect(await pathOf(db.pool, caseId)).toEqual(['start:out', 'mail:sent']);
    // No bounce window: the Connectors page counts it sent, not waiting for a report.
    const [mail] = await listConnectorConfigs(db.pool, workspaceId);
    expect(mail?.deliveries).toMatchObject({ waiting: 0, sent: 1, delivered: 0, failed: 0 });

    const pixel = decode(/<img src="([^"]+\/t\/o\/[^"]+)"/.exec(html)![1]!);
    for (let time = 0; time < 2; time += 1) {
      const image = await fetch(pixel);
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/gif');
      expect(image.headers.get('cache-control')).toBe('no-store, private');
    }
    expect(await engagement(caseId)).toEqual([['message.opened', null]]);

    const tracked = [...html.matchAll(/href="([^"]+\/t\/c\/[^"]+)"/g)].map((match) => decode(match[1]!));
    const paylinkClick = tracked.find((href) => new URL(href).searchParams.get('u')?.includes('/p/'))!;
    const paylink = new URL(paylinkClick).searchParams.get('u')!;
    expect(paylink.startsWith(`${publicUrl}/p/`)).toBe(true);

    // The same token pointed elsewhere: refused in plain words, nothing recorded, no redirect.
    const elsewhere = new URL(paylinkClick);
    elsewhere.searchParams.set('u', 'https://evil.example/p/steal');
    const refused = await fetch(elsewhere, { redirect: 'manual' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('location')).toBeNull();
    expect(await refused.text()).toContain('This link does not work');
    // A made-up pixel: still an image (no broken picture in the e-mail), but nothing recorded.
    expect((await fetch(`${publicUrl}/t/o/${'A'.repeat(43)}.${'B'.repeat(22)}.gif`)).status).toBe(200);
    expect(await engagement(caseId)).toEqual([['message.opened', null]]);

    const click = await fetch(paylinkClick, { redirect: 'manual' });
    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toBe(paylink);
    expect(await engagement(caseId)).toEqual([
      ['message.opened', null],
      ['message.paylink_clicked', paylink],
    ]);
    const { rows } = await db.pool.query<{ opened: boolean; clicked: boolean }>(
      'select opened_at is not null as opened, clicked_at is not null as clicked from messages where case_id = $1',
      [caseId],
    );
    expect(rows).toEqual([{ opened: true, clicked: true }]);

    // The flow waited for any click: the paylink click woke it.
    await advanceRun(engine(), runId);
    expect(await pathOf(db.pool, caseId)).toEqual(['start:out', 'mail:sent', 'wait:event']);
  });
});
