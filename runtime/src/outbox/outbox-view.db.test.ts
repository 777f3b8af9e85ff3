/**
 * The Outbox page's data and the Connectors page's "send test message", through the designer's
 * API on a real database, with the SMTP and Sinch doubles behind real connectors.
 */

import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type SinchDouble, type SmtpDouble, startSinchDouble, startSmtpDouble } from '@collectflow/connectors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sinchSmsDoubleSettings, smtpDoubleSettings } from '../connectors/testing/double-connector-settings.ts';
import { WorkspaceConnectors } from '../connectors/workspace-connectors.ts';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { enrolIntoActiveFlows } from '../enrolment/enrol-into-active-flows.ts';
import { advanceRun, type RunEngine } from '../flows/advance-run.ts';
import { FlowDefinitions } from '../flows/flow-definitions.ts';
import { draft, publishDraft, seedDebtors } from '../flows/testing/flow-test-kit.ts';
import { createTestWorkspace, testSecretKey } from '../http/trpc/testing/callers.ts';
import { createLogger } from '../logging/logger.ts';
import { DispatcherRegistry } from './channel-dispatcher.ts';
import { sandboxDispatcher } from './sandbox-dispatcher.ts';
import { sendDueMessages } from './send-due-messages.ts';

const db = useTestDatabase();
const definitions = new FlowDefinitions();
const engine = (): RunEngine => ({ pool: db.pool, clock: () => new Date(), definitions });
let workspace: Awaited<ReturnType<typeof createTestWorkspace>>;
let smtp: SmtpDouble;
let sinch: SinchDouble;

beforeAll(async () => {
  workspace = await createTestWorkspace(db.pool, 'Outbox');
  smtp = await startSmtpDouble();
  sinch = await startSinchDouble();
});
afterAll(async () => {
  await smtp?.close();
  await sinch?.close();
});

describe('outbox', () => {
  it('lists the workspace’s messages newest first, a page at a time, and shows each as sent', async () => {
    await publishDraft(
      db.pool,
      workspace.workspaceId,
      draft(
        'One e-mail',
        [
          ['start', 'entry'],
          ['mail', 'email', { template: 'reminder', connector: 'sandbox' }],
          ['end', 'exit'],
        ],
        [
          ['start', 'out', 'mail'],
          ['mail', 'sent', 'end'],
          ['mail', 'failed', 'end'],
        ],
      ),
    );
    const debtors = await seedDebtors(db.pool, workspace.workspaceId, 3, {
      adjust: (debtor, index) => {
        debtor.externalId = `OB-${index}`;
        debtor.firstName = `Outbox${index}`;
        debtor.invoices.forEach((invoice, number) => {
          invoice.externalId = `OB-${index}-${number}`;
        });
      },
    });
    const { rows: cases } = await db.pool.query<{ id: string }>(
      'select c.id from cases c join debtors d on d.id = c.debtor_id where d.workspace_id = $1 and d.external_id = any($2) order by d.external_id',
      [workspace.workspaceId, debtors.map((debtor) => debtor.externalId)],
    );
    for (const { id } of cases) {
      await enrolIntoActiveFlows(db.pool, definitions, workspace.workspaceId, [id], new Date());
      const { rows } = await db.pool.query<{ id: string }>('select id from runs where case_id = $1', [id]);
      await advanceRun(engine(), rows[0]!.id);
    }
    await sendDueMessages(
      {
        pool: db.pool,
        dispatchers: new DispatcherRegistry([sandboxDispatcher(db.pool)]),
        logger: createLogger('silent', false),
        workerId: 'test',
      },
      'email',
    );

    const { caller } = await workspace.signInAs('viewer');
    const first = await caller.outbox.list({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.next).not.toBeNull();
    const second = await caller.outbox.list({ limit: 2, before: first.next! });
    const all = [...first.items, ...second.items];
    expect(second.next).toBeNull();
    expect(all.map((item) => item.status)).toEqual(['sent', 'sent', 'sent']);
    expect(new Set(all.map((item) => item.id)).size).toBe(3);
    const times = all.map((item) => item.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect((await caller.outbox.list({ channel: 'sms' })).items).toEqual([]);
    expect((await caller.outbox.list({ status: 'failed' })).items).toEqual([]);

    const shown = await caller.outbox.show({ id: all[0]!.id });
    expect(shown).toMatchObject({ channel: 'email', templateVersion: 1, renderProblem: null, printFile: null });
    expect(shown.rendered?.html).toContain(all[0]!.debtorName.split(' ')[0]);
    expect(shown.rendered?.subject).toBeTruthy();

    // Another workspace sees none of it.
    const other = await createTestWorkspace(db.pool, 'Outbox Elsewhere');
    const stranger = (await other.signInAs('admin')).caller;
    expect((await stranger.outbox.list({})).items).toEqual([]);
    await expect(stranger.outbox.show({ id: all[0]!.id })).rejects.toThrow('This message does not exist');
  });

  it('sends a test message through a connector, and explains a wrong recipient', async () => {
    const admin = (await workspace.signInAs('admin')).caller;
    await admin.connectors.save({
      key: 'mail',
      connector: 'email-smtp',
      name: 'Company mail',
      settings: smtpDoubleSettings(smtp),
    });
    await admin.connectors.save({
      key: 'text',
      connector: 'sinch-sms',
      name: 'Sinch SMS',
      settings: sinchSmsDoubleSettings(sinch),
    });

    const mail = await admin.connectors.sendTest({ key: 'mail', recipient: 'it@test-energie.example' });
    expect(mail.message).toMatch(/^Sent to it@test-energie\.example \(reference <.+>\)\.$/);
    const received = smtp.received.find((one) => one.envelopeTo[0] === 'it@test-energie.example')!;
    expect(received.parsed.subject).toBe('Collectflow test: Company mail');

    const text = await admin.connectors.sendTest({ key: 'text', recipient: '+31612345678' });
    expect(text.providerMessageId).toBeTruthy();
    expect(sinch.sms.at(-1)).toMatchObject({ to: ['+31612345678'], body: expect.stringContaining('Sinch SMS') });

    await expect(admin.connectors.sendTest({ key: 'text', recipient: '0612345678' })).rejects.toThrow(
      'Enter the number in international form',
    );
    await expect(admin.connectors.sendTest({ key: 'mail', recipient: 'not-an-address' })).rejects.toThrow(
      'Enter an e-mail address',
    );
    await expect(admin.connectors.sendTest({ key: 'nothing', recipient: 'a@b.example' })).rejects.toThrow(
      'There is no connector “nothing”',
    );
    // A failure of the provider is said in words, not swallowed.
    sinch.failNextRequests(1, 401);
    await expect(admin.connectors.sendTest({ key: 'text', recipient: '+31612345678' })).rejects.toThrow(
      /^The test was not sent: /,
    );
    const viewer = (await workspace.signInAs('viewer')).caller;
    await expect(viewer.connectors.sendTest({ key: 'mail', recipient: 'a@b.example' })).rejects.toThrow();
  });

  it('shows a printed letter with its PDF from the print folder', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'outbox-print-'));
    const admin = (await workspace.signInAs('admin')).caller;
    await admin.connectors.save({ key: 'post', connector: 'letter-pdf', name: 'Print', settings: { folder } });
    await publishDraft(
      db.pool,
      workspace.workspaceId,
      draft(
        'One letter',
        [
          ['start', 'entry'],
          ['post', 'letter', { template: 'letter', connector: 'post' }],
          ['end', 'exit'],
        ],
        [
          ['start', 'out', 'post'],
          ['post', 'sent', 'end'],
          ['post', 'failed', 'end'],
        ],
      ),
    );
    const [debtor] = await seedDebtors(db.pool, workspace.workspaceId, 1, {
      adjust: (one) => {
        one.externalId = 'OB-LETTER';
        one.address = { line1: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE' };
        one.invoices.forEach((invoice, number) => {
          invoice.externalId = `OB-LETTER-${number}`;
        });
      },
    });
    const { rows } = await db.pool.query<{ id: string }>(
      'select c.id from cases c join debtors d on d.id = c.debtor_id where d.workspace_id = $1 and d.external_id = $2',
      [workspace.workspaceId, debtor!.externalId],
    );
    await enrolIntoActiveFlows(db.pool, definitions, workspace.workspaceId, [rows[0]!.id], new Date());
    const { rows: runs } = await db.pool.query<{ id: string }>('select id from runs where case_id = $1', [rows[0]!.id]);
    for (const run of runs) await advanceRun(engine(), run.id);
    const connectors = new WorkspaceConnectors(db.pool, testSecretKey);
    try {
      await sendDueMessages(
        {
          pool: db.pool,
          dispatchers: new DispatcherRegistry([]),
          workspaceConnectors: connectors,
          logger: createLogger('silent', false),
          workerId: 'test',
        },
        'letter',
      );
    } finally {
      await connectors.close();
    }

    const viewer = (await workspace.signInAs('viewer')).caller;
    const [letter] = (await viewer.outbox.list({ channel: 'letter' })).items;
    expect(letter).toMatchObject({
      status: 'sent',
      connector: 'post',
      recipient: expect.stringContaining('10115 Berlin'),
    });
    const shown = await viewer.outbox.show({ id: letter!.id });
    expect(shown.printFile).toMatch(new RegExp(`^${folder}/\\d{4}-\\d{2}-\\d{2}/${letter!.id}\\.pdf$`));
    expect(shown.rendered?.html).toContain('aria-label="GiroCode"');
    const pdf = await viewer.outbox.letterPdf({ id: letter!.id });
    expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    // Not a printed letter: said plainly.
    const [mail] = (await viewer.outbox.list({ channel: 'email' })).items;
    await expect(viewer.outbox.letterPdf({ id: mail!.id })).rejects.toThrow('This letter was not printed to a PDF');
  });
});
