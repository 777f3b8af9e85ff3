/**
 * Configured connectors: settings checked by the plugin, secrets sealed and never shown, and an
 * e-mail step that really sends through SMTP (to the loopback double) with the brand's sender.
 */
import { type SmtpDouble, startSmtpDouble } from '@collectflow/connectors';
import { reminderEmailMjml } from '@collectflow/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { enrolIntoActiveFlows } from '../enrolment/enrol-into-active-flows.ts';
import { advanceRun, type RunEngine } from '../flows/advance-run.ts';
import { FlowDefinitions } from '../flows/flow-definitions.ts';
import { draft, publishDraft, seedDebtors } from '../flows/testing/flow-test-kit.ts';
import { createTestWorkspace, testSecretKey } from '../http/trpc/testing/callers.ts';
import { createLogger } from '../logging/logger.ts';
import { DispatcherRegistry } from '../outbox/channel-dispatcher.ts';
import { sandboxDispatcher } from '../outbox/sandbox-dispatcher.ts';
import { sendDueMessages } from '../outbox/send-due-messages.ts';
import { WorkspaceConnectors } from './workspace-connectors.ts';

const db = useTestDatabase({ poolSize: 8 });
let workspace: Awaited<ReturnType<typeof createTestWorkspace>>;
let smtp: SmtpDouble;

const settings = (port: number, password = '') => ({
  host: '127.0.0.1',
  port,
  requireTls: false,
  username: 'collectflow',
  password,
  defaultFrom: { name: 'Collectflow', address: 'noreply@example.com' },
  bounceDomain: 'bounces.test-energie.example',
});

beforeAll(async () => {
  smtp = await startSmtpDouble();
  workspace = await createTestWorkspace(db.pool, 'Connector Test');
});
afterAll(async () => {
  await smtp.close();
});

describe('configured connectors', () => {
  it('keep secrets sealed: never in the settings, never in what the API returns', async () => {
    const admin = (await workspace.signInAs('admin')).caller;
    const saved = await admin.connectors.save({
      key: 'email',
      connector: 'email-smtp',
      name: 'Our mail server',
      settings: settings(smtp.port, 'smtp-password-123'),
    });
    expect(saved).toMatchObject({ key: 'email', connector: 'email-smtp', channel: 'email', secretsSet: ['password'] });
    expect(JSON.stringify(saved)).not.toContain('smtp-password-123');
    expect(JSON.stringify(await (await workspace.signInAs('viewer')).caller.connectors.list())).not.toContain(
      'smtp-password-123',
    );
    const { rows } = await db.pool.query<{ settings: object; secrets: Buffer }>(
      'select settings, secrets from connector_configs where workspace_id = $1 and key = $2',
      [workspace.workspaceId, 'email'],
    );
    expect(JSON.stringify(rows[0]!.settings)).not.toContain('smtp-password-123');
    expect(rows[0]!.secrets.toString('latin1')).not.toContain('smtp-password-123');

    // Saved again from the form, where the password field stays empty: the password is kept.
    await admin.connectors.save({
      key: 'email',
      connector: 'email-smtp',
      name: 'Our mail server',
      settings: settings(smtp.port),
    });
    expect((await admin.connectors.list())[0]!.secretsSet).toEqual(['password']);
    expect(await admin.connectors.test({ key: 'email' })).toEqual({ ok: true });
  });

  it('keep the cost per message: set, kept when a save leaves it out, cleared with null', async () => {
    const admin = (await workspace.signInAs('admin')).caller;
    const save = (costPerMessage?: number | null) =>
      admin.connectors.save({
        key: 'costly',
        connector: 'email-smtp',
        name: 'Costly mail',
        settings: settings(smtp.port),
        ...(costPerMessage === undefined ? {} : { costPerMessage }),
      });
    expect((await save(0.0025)).costPerMessage).toBe(0.0025);
    expect((await save()).costPerMessage).toBe(0.0025);
    expect((await save(null)).costPerMessage).toBeNull();
    await expect(save(-1)).rejects.toThrow('A cost cannot be negative.');
    await db.pool.query(`delete from connector_configs where workspace_id = $1 and key = 'costly'`, [
      workspace.workspaceId,
    ]);
  });

  it('explain settings that cannot work, and unknown plugins, saving nothing', async () => {
    const admin = (await workspace.signInAs('admin')).caller;
    await expect(
      admin.connectors.save({
        key: 'broken',
        connector: 'email-smtp',
        name: 'Broken',
        settings: { ...settings(smtp.port), bounceDomain: 'localhost' },
      }),
    ).rejects.toThrow('Use a domain name such as mail.example.com.');
    await expect(
      admin.connectors.save({ key: 'fax', connector: 'fax-machine', name: 'Fax', settings: {} }),
    ).rejects.toThrow('There is no connector “fax-machine”.');
    expect((await admin.connectors.list()).map((config) => config.key)).toEqual(['email']);
  });

  it('send a flow’s e-mail through SMTP with the brand’s sender, and only known connectors can be published', async () => {
    const { workspaceId } = workspace;
    await db.pool.query(
      `insert into brands (workspace_id, name, colours, fonts, sender_identities)
       values ($1, 'Test Energie', '{"primary":"#0b6e4f","accent":"#f2a541","text":"#1f2933","background":"#ffffff"}',
               '{"heading":"Arial","body":"Arial"}',
               '[{"channel":"email","name":"Test Energie Service","address":"service@test-energie.example"}]')`,
      [workspaceId],
    );
    const [debtor] = await seedDebtors(db.pool, workspaceId, 1, {
      adjust: (one) => {
        one.email = 'debtor@example.nl';
        one.language = 'en';
      },
    });
    const mailFlow = (connector: string) =>
      draft(
        `Mail via ${connector}`,
        [
          ['start', 'entry'],
          ['mail', 'email', { template: 'reminder', connector }],
          ['end', 'exit'],
        ],
        [
          ['start', 'out', 'mail'],
          ['mail', 'sent', 'end'],
          ['mail', 'failed', 'end'],
        ],
      );
    await expect(publishDraft(db.pool, workspaceId, mailFlow('nope'))).rejects.toThrow(
      '“E-mail” (mail) sends through the connector “nope”, which is not set up in this workspace.',
    );
    await publishDraft(db.pool, workspaceId, mailFlow('email'));

    const engine: RunEngine = { pool: db.pool, clock: () => new Date(), definitions: new FlowDefinitions() };
    const { rows: cases } = await db.pool.query<{ id: string }>(
      'select c.id from cases c join debtors d on d.id = c.debtor_id where d.workspace_id = $1 and d.external_id = $2',
      [workspaceId, debtor!.externalId],
    );
    await enrolIntoActiveFlows(db.pool, engine.definitions, workspaceId, [cases[0]!.id], new Date());
    const { rows: runs } = await db.pool.query<{ id: string }>('select id from runs where case_id = $1', [
      cases[0]!.id,
    ]);
    await advanceRun(engine, runs[0]!.id);

    const connectors = new WorkspaceConnectors(db.pool, testSecretKey);
    const handled = await sendDueMessages(
      {
        pool: db.pool,
        dispatchers: new DispatcherRegistry([sandboxDispatcher(db.pool)]),
        workspaceConnectors: connectors,
        logger: createLogger('silent', false),
        workerId: 'test',
      },
      'email',
    );
    await connectors.close();
    expect(handled.handled).toBe(1);
    const { rows: messages } = await db.pool.query<{ id: string; status: string; provider_message_id: string }>(
      'select id, status, provider_message_id from messages where case_id = $1',
      [cases[0]!.id],
    );
    expect(messages[0]).toMatchObject({
      status: 'sent',
      provider_message_id: `<${messages[0]!.id}@bounces.test-energie.example>`,
    });
    const mail = smtp.received.find((received) => received.envelopeTo.includes('debtor@example.nl'))!;
    expect(mail.parsed.from?.value).toEqual([
      { name: 'Test Energie Service', address: 'service@test-energie.example' },
    ]);
    expect(mail.envelopeFrom).toBe(`bounce+${messages[0]!.id}@bounces.test-energie.example`);
    expect(mail.parsed.subject).toMatch(/^Reminder: .* open$/);
  });
});

describe('the connector registry', () => {
  it('builds one connector for concurrent senders, and a new one when the settings change', async () => {
    const admin = (await workspace.signInAs('admin')).caller;
    await admin.connectors.save({ key: 'email', connector: 'email-smtp', name: 'Mail', settings: settings(smtp.port) });
    const registry = new WorkspaceConnectors(db.pool, testSecretKey);
    const [first, second] = await Promise.all([
      registry.dispatcherFor(workspace.workspaceId, 'email'),
      registry.dispatcherFor(workspace.workspaceId, 'email'),
    ]);
    expect(first).toBeDefined();
    expect(second).toBe(first);
    await admin.connectors.save({
      key: 'email',
      connector: 'email-smtp',
      name: 'Mail (renamed)',
      settings: settings(smtp.port),
    });
    expect(await registry.dispatcherFor(workspace.workspaceId, 'email')).not.toBe(first);
    expect(await registry.dispatcherFor(workspace.workspaceId, 'nothing-here')).toBeUndefined();
    await registry.close();
  });
});

describe('send test', () => {
  it('sends the previewed draft to a chosen address through a configured connector, marked as a test', async () => {
    const admin = (await workspace.signInAs('admin')).caller;
    await admin.connectors.save({ key: 'email', connector: 'email-smtp', name: 'Mail', settings: settings(smtp.port) });
    let brandId = (await admin.brands.list())[0]?.id;
    brandId ??= (
      await db.pool.query<{ id: string }>(
        `insert into brands (workspace_id, name, colours, fonts) values ($1, 'Test brand',
           '{"primary":"#0b6e4f","accent":"#f2a541","text":"#1f2933","background":"#ffffff"}', '{"heading":"Arial","body":"Arial"}')
         returning id`,
        [workspace.workspaceId],
      )
    ).rows[0]!.id;
    const designer = (await workspace.signInAs('designer')).caller;
    const { id: templateId } = await designer.templates.create({
      key: 'test-me',
      name: 'Test me',
      brandId,
      content: {
        channel: 'email',
        fallbackLanguage: 'en',
        variants: [
          {
            language: 'en',
            subjects: ['Reminder for {{ debtor.first_name }}'],
            preheader: '',
            body: reminderEmailMjml({
              intro: 'Draft words.',
              after: 'Thanks.',
              closing: 'Regards,',
              installment: false,
            }),
          },
        ],
      },
    });
    const marketing = (await workspace.signInAs('marketing')).caller;
    const sent = await marketing.templates.sendTest({
      templateId,
      language: 'en',
      connector: 'email',
      recipient: 'mila@demo-energie.example',
    });
    expect(sent.providerMessageId).toMatch(/@bounces\.test-energie\.example>$/);
    const mail = smtp.received.find((received) => received.envelopeTo.includes('mila@demo-energie.example'))!;
    expect(mail.parsed.subject).toBe('[Test] Reminder for Sanne');
    expect(mail.parsed.html).toContain('Draft words.');

    await expect(
      marketing.templates.sendTest({
        templateId,
        language: 'en',
        connector: 'nope',
        recipient: 'mila@demo-energie.example',
      }),
    ).rejects.toThrow('There is no connector “nope” in this workspace.');
    await expect(
      marketing.templates.sendTest({ templateId, language: 'en', connector: 'email', recipient: 'not an address' }),
    ).rejects.toThrow('Enter the e-mail address the test should go to.');
    await expect(
      (await workspace.signInAs('viewer')).caller.templates.sendTest({
        templateId,
        language: 'en',
        connector: 'email',
        recipient: 'mila@demo-energie.example',
      }),
    ).rejects.toThrow(/Your role \(viewer\) does not allow this/);
  });
});
