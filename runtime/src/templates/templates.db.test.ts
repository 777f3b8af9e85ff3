/**
 * Templates in the database: drafts and immutable published versions, the text-only rule for
 * marketing, save-time problems, previews with a real case, and messages that record the exact
 * version they were rendered from.
 */
import { reminderEmailMjml, type TemplateContent } from '@collectflow/shared';
import type { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { enrolIntoActiveFlows } from '../enrolment/enrol-into-active-flows.ts';
import { advanceRun, type RunEngine } from '../flows/advance-run.ts';
import { FlowDefinitions } from '../flows/flow-definitions.ts';
import { publishDraft, seedDebtors } from '../flows/testing/flow-test-kit.ts';
import { createTestWorkspace } from '../http/trpc/testing/callers.ts';
import { createLogger } from '../logging/logger.ts';
import { type ChannelDispatcher, DispatcherRegistry, type OutboxMessage } from '../outbox/channel-dispatcher.ts';
import { sendDueMessages } from '../outbox/send-due-messages.ts';

const db = useTestDatabase({ poolSize: 8 });
let workspace: Awaited<ReturnType<typeof createTestWorkspace>>;
let brandId: string;

const mjml = (intro: string) =>
  reminderEmailMjml({ intro, after: 'Thank you.', closing: 'Regards,', installment: false });
const emailContent = (intro: string, subject = 'Reminder for {{ debtor.name }}'): TemplateContent => ({
  channel: 'email',
  fallbackLanguage: 'en',
  variants: [{ language: 'en', subjects: [subject], preheader: '', body: mjml(intro) }],
});

async function as(role: 'admin' | 'designer' | 'marketing' | 'viewer') {
  return (await workspace.signInAs(role)).caller;
}

beforeAll(async () => {
  workspace = await createTestWorkspace(db.pool, 'Template Test');
  const { rows } = await db.pool.query<{ id: string }>(
    `insert into brands (workspace_id, name, colours, fonts, payment, tone)
     values ($1, 'Test Energie', '{"primary":"#0b6e4f","accent":"#f2a541","text":"#1f2933","background":"#ffffff"}',
             '{"heading":"Georgia","body":"Arial"}',
             '{"iban":"NL91ABNA0417164300","bic":"ABNANL2A","creditorName":"Test Energie B.V."}', '{}') returning id`,
    [workspace.workspaceId],
  );
  brandId = rows[0]!.id;
});

async function createEmail(key: string, intro = 'Your invoice is open.') {
  const designer = await as('designer');
  const created = await designer.templates.create({ key, name: key, brandId, content: emailContent(intro) });
  return created.id;
}

describe('template versions', () => {
  it('publish the draft as numbered, compiled, unchangeable versions', async () => {
    const designer = await as('designer');
    const templateId = await createEmail('versioned');
    expect((await designer.templates.publish({ templateId, note: 'first' })).version).toBe(1);
    let detail = await designer.templates.get({ templateId });
    expect(detail).toMatchObject({ currentVersion: 1, unpublishedChanges: false, languages: ['en'] });

    const saved = await designer.templates.saveDraft({
      templateId,
      content: emailContent('Second wording.'),
      baseRevision: detail.draftRevision,
    });
    expect(saved.problems).toEqual([]);
    detail = await designer.templates.get({ templateId });
    expect(detail.unpublishedChanges).toBe(true);
    expect((await designer.templates.publish({ templateId, note: 'second' })).version).toBe(2);

    const { rows } = await db.pool.query<{ version: number; html: string }>(
      `select version, compiled #>> '{variants,0,html}' as html from template_versions where template_id = $1 order by version`,
      [templateId],
    );
    expect(rows.map((row) => row.version)).toEqual([1, 2]);
    // Compiled once at publish: MJML became table HTML, the Liquid is left for each message.
    expect(rows[0]!.html).toContain('<table');
    expect(rows[0]!.html).toContain('Your invoice is open.');
    expect(rows[1]!.html).toContain('Second wording.');
    await expect(
      db.pool.query(`update template_versions set note = 'x' where template_id = $1`, [templateId]),
    ).rejects.toThrow(/is published and cannot be changed/);
  });

  it('save drafts with unknown variables, name them, and refuse to publish them', async () => {
    const designer = await as('designer');
    const templateId = await createEmail('typo');
    const detail = await designer.templates.get({ templateId });
    const saved = await designer.templates.saveDraft({
      templateId,
      content: emailContent('Dear {{ debtor.frist_name }}'),
      baseRevision: detail.draftRevision,
    });
    expect(saved.problems).toEqual([
      expect.objectContaining({
        language: 'en',
        field: 'body',
        message: '“{{ debtor.frist_name }}” is not a variable Collectflow knows. Pick one from the variable list.',
      }),
    ]);
    const publishing = designer.templates.publish({ templateId, note: '' });
    await expect(publishing).rejects.toThrow('This template cannot be published yet: 1 problem to fix first.');
    const error = (await publishing.catch((caught: TRPCError) => caught)) as TRPCError;
    expect(
      (error.cause as unknown as { details: { templateProblems: unknown[] } }).details.templateProblems,
    ).toHaveLength(1);
    expect((await designer.templates.get({ templateId })).versions).toEqual([]);
  });

  it('refuse a save from an editor that missed a colleague’s save', async () => {
    const designer = await as('designer');
    const templateId = await createEmail('conflict');
    const { draftRevision } = await designer.templates.get({ templateId });
    await designer.templates.saveDraft({ templateId, content: emailContent('One.'), baseRevision: draftRevision });
    await expect(
      designer.templates.saveDraft({ templateId, content: emailContent('Two.'), baseRevision: draftRevision }),
    ).rejects.toThrow(/saved this template after you opened it/);
  });
});

describe('text-only editing', () => {
  it('lets marketing change words of a published layout, not the layout, and loses nothing', async () => {
    const designer = await as('designer');
    const marketing = await as('marketing');
    const templateId = await createEmail('locked', 'Please pay your invoice.');
    await designer.templates.publish({ templateId, note: 'v1' });

    let detail = await marketing.templates.get({ templateId });
    expect(detail.textOnly).toBe(true);
    expect((await designer.templates.get({ templateId })).textOnly).toBe(false);

    const reworded = emailContent(
      'Please pay your invoice <b>today</b>, it only takes a minute.',
      'Open: {{ totals.due }}',
    );
    await marketing.templates.saveDraft({ templateId, content: reworded, baseRevision: detail.draftRevision });
    detail = await marketing.templates.get({ templateId });
    expect(detail.draft).toEqual(reworded);

    const withoutTable = emailContent('Please pay.');
    const body = (withoutTable.variants[0] as { body: string }).body.replace(
      '<mj-raw>{% invoice_table %}</mj-raw>',
      '',
    );
    const attempt = marketing.templates.saveDraft({
      templateId,
      content: { ...withoutTable, variants: [{ ...(withoutTable.variants[0] as object), body }] } as TemplateContent,
      baseRevision: detail.draftRevision,
    });
    await expect(attempt).rejects.toThrow(
      'In the EN version the “Open invoices” block was removed. Your role may change the words only; ask a designer to change the layout.',
    );
    expect((await marketing.templates.get({ templateId })).draft).toEqual(reworded);
    await expect(marketing.templates.create({ key: 'mine', name: 'Mine', brandId, content: reworded })).rejects.toThrow(
      /Your role \(marketing\) does not allow this/,
    );
  });

  it('keeps a letter’s styles out of marketing’s reach too', async () => {
    const designer = await as('designer');
    const marketing = await as('marketing');
    const letter: TemplateContent = {
      channel: 'letter',
      fallbackLanguage: 'en',
      variants: [
        { language: 'en', subject: 'Reminder', body: '<p>Please pay.</p>{% payment_qr %}', css: 'p{color:#111}' },
      ],
    };
    const { id: templateId } = await designer.templates.create({
      key: 'styled-letter',
      name: 'Letter',
      brandId,
      content: letter,
    });
    await designer.templates.publish({ templateId, note: 'v1' });
    const { draftRevision } = await marketing.templates.get({ templateId });
    const restyled = {
      ...letter,
      variants: [{ ...letter.variants[0]!, css: 'p{color:red;font-size:30px}' }],
    } as TemplateContent;
    await expect(
      marketing.templates.saveDraft({ templateId, content: restyled, baseRevision: draftRevision }),
    ).rejects.toThrow('In the EN version the styles were changed.');
    const reworded = {
      ...letter,
      variants: [{ ...letter.variants[0]!, body: '<p>Please pay today.</p>{% payment_qr %}' }],
    } as TemplateContent;
    await marketing.templates.saveDraft({ templateId, content: reworded, baseRevision: draftRevision });
  });
});

describe('messages', () => {
  it('are rendered from the newest published version, which each message records', async () => {
    const { workspaceId } = workspace;
    const debtors = await seedDebtors(db.pool, workspaceId, 2, {
      adjust: (debtor, index) => {
        debtor.email = `debtor${index}@example.nl`;
        debtor.language = 'en';
        debtor.kind = 'person';
        debtor.firstName = index === 0 ? '<script>alert(1)</script>' : 'Jo';
        debtor.lastName = 'Doe';
        debtor.companyName = null;
      },
    });
    const designer = await as('designer');
    const templateId = await createEmail('reminder', 'First wording.');
    await designer.templates.publish({ templateId, note: 'v1' });

    const received: OutboxMessage[] = [];
    const recording: ChannelDispatcher = {
      id: 'sandbox',
      dispatch: async (messages) => {
        received.push(...messages);
        return messages.map(() => ({ status: 'sent', providerMessageId: null, reportExpected: false }));
      },
    };
    const sender = {
      pool: db.pool,
      dispatchers: new DispatcherRegistry([recording]),
      logger: createLogger('silent', false),
      workerId: 'test',
      publicUrl: () => 'https://collect.example.com',
    };
    const engine: RunEngine = { pool: db.pool, clock: () => new Date(), definitions: new FlowDefinitions() };
    const flowDraft = (await import('../flows/testing/flow-test-kit.ts')).oneMailFlow();
    await publishDraft(db.pool, workspaceId, flowDraft);
    const { rows: cases } = await db.pool.query<{ id: string }>(
      `select c.id from cases c join debtors d on d.id = c.debtor_id where c.workspace_id = $1 and d.external_id = any($2)
        order by d.external_id`,
      [workspaceId, debtors.map((debtor) => debtor.externalId)],
    );
    const caseIds = cases.map((row) => row.id);
    await enrolIntoActiveFlows(db.pool, engine.definitions, workspaceId, caseIds, new Date());
    const runs = await db.pool.query<{ id: string; case_id: string }>(
      'select id, case_id from runs where workspace_id = $1 and case_id = any($2)',
      [workspaceId, caseIds],
    );
    const first = runs.rows.find((run) => run.case_id === caseIds[0])!;
    await advanceRun(engine, first.id);
    await sendDueMessages(sender, 'email');

    // Version 2, then the second case's message.
    const { draftRevision } = await designer.templates.get({ templateId });
    await designer.templates.saveDraft({
      templateId,
      content: emailContent('Second wording.'),
      baseRevision: draftRevision,
    });
    await designer.templates.publish({ templateId, note: 'v2' });
    await advanceRun(engine, runs.rows.find((run) => run.case_id === caseIds[1])!.id);
    await sendDueMessages(sender, 'email');

    expect(received).toHaveLength(2);
    const [one, two] = received as [OutboxMessage, OutboxMessage];
    expect(one.content.html).toContain('First wording.');
    expect(one.content.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(one.content.html).not.toContain('<script>alert(1)');
    // The case's paylink: a 22-character token, not its reference.
    expect(one.content.html).toMatch(/https:\/\/collect\.example\.com\/p\/[\w-]{22}"/);
    expect(two.content.html).toContain('Second wording.');
    expect(one.content.text).toContain('First wording.');

    const { rows: messages } = await db.pool.query<{
      case_id: string;
      version: number;
      language: string;
      subject: string;
    }>(
      `select m.case_id, v.version, m.language, m.subject from messages m
         join template_versions v on v.id = m.template_version_id
        where m.workspace_id = $1 and m.case_id = any($2) order by v.version`,
      [workspaceId, caseIds],
    );
    expect(messages).toEqual([
      { case_id: caseIds[0], version: 1, language: 'en', subject: 'Reminder for <script>alert(1)</script> Doe' },
      { case_id: caseIds[1], version: 2, language: 'en', subject: 'Reminder for Jo Doe' },
    ]);
  });

  it('restyle with the brand kit: a brand change reaches published templates without republishing', async () => {
    const designer = await as('designer');
    const templateId = await createEmail('restyled');
    await designer.templates.publish({ templateId, note: 'v1' });
    const before = await designer.templates.preview({ templateId, language: 'en' });
    expect(before.html).toContain('background:#0b6e4f');
    await (await as('marketing')).brands.update({
      id: brandId,
      colours: {
        primary: '#aa3300',
        accent: '#f2a541',
        text: '#1f2933',
        background: '#ffffff',
      },
    });
    const after = await designer.templates.preview({ templateId, language: 'en' });
    expect(after.html).toContain('background:#aa3300');
    expect(after.html).not.toContain('#0b6e4f');
    await expect(
      (await as('marketing')).brands.update({
        id: brandId,
        payment: { iban: 'NL00ABNA0000000000', bic: '', creditorName: 'X' },
      }),
    ).rejects.toThrow('This is not a valid IBAN; check it against the bank statement.');
  });

  it('previews a draft with a real case, and with example values', async () => {
    const viewer = await as('viewer');
    const templateId = await createEmail('preview', 'Hello {{ debtor.first_name }}.');
    const withSample = await viewer.templates.preview({ templateId, language: 'en' });
    expect(withSample).toMatchObject({ caseLabel: null, subject: 'Reminder for Sanne de Vries' });
    expect(withSample.html).toContain('Hello Sanne.');

    const { rows } = await db.pool.query<{ id: string; first_name: string; external_id: string }>(
      `select c.id, d.first_name, d.external_id from cases c join debtors d on d.id = c.debtor_id
        where c.workspace_id = $1 and d.kind = 'person' limit 1`,
      [workspace.workspaceId],
    );
    const real = await viewer.templates.preview({
      templateId,
      language: 'en',
      caseId: rows[0]!.id,
      content: emailContent('Hi {{ debtor.first_name }}, unsaved words.'),
    });
    expect(real.caseLabel).toContain(rows[0]!.external_id);
    expect(real.html).toContain('unsaved words.');
    await expect(
      viewer.templates.preview({ templateId, language: 'en', content: emailContent('{{ nope }}') }),
    ).rejects.toThrow('The preview needs these fixed first: “{{ nope }}” is not a variable Collectflow knows.');
  });
});
