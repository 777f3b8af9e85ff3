/** The REST API v1 through HTTP (Fastify's inject), on a real database. */
import SwaggerParser from '@apidevtools/swagger-parser';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../api-keys/api-key-queries.ts';
import { useTestDatabase } from '../../db/testing/use-test-database.ts';
import { draft, publishDraft } from '../../flows/testing/flow-test-kit.ts';
import { createLogger } from '../../logging/logger.ts';
import { createWorkspace } from '../../workspaces/workspace-queries.ts';
import { buildServer } from '../server.ts';

const db = useTestDatabase();
let app: FastifyInstance;
let workspaceId: string;
let key: string;
let readOnlyKey: string;
let otherKey: string;

beforeAll(async () => {
  app = await buildServer({
    pool: db.pool,
    logger: createLogger('silent', false),
    worker: null,
    designerDir: '/nonexistent',
    secureCookies: false,
    trustProxy: false,
    idleHours: 168,
  });
  workspaceId = (await createWorkspace(db.pool, 'Api Test')).id;
  key = (
    await createApiKey(db.pool, workspaceId, {
      name: 'ERP',
      scopes: ['debtors:write', 'invoices:write', 'payments:write', 'cases:read', 'messages:write'],
      createdBy: null,
    })
  ).token;
  readOnlyKey = (await createApiKey(db.pool, workspaceId, { name: 'Reports', scopes: ['cases:read'], createdBy: null }))
    .token;
  const other = await createWorkspace(db.pool, 'Someone Else');
  otherKey = (await createApiKey(db.pool, other.id, { name: 'Other', scopes: ['cases:read'], createdBy: null })).token;
});
afterAll(() => app?.close());

const call = (method: 'GET' | 'POST', url: string, body?: unknown, headers: Record<string, string> = {}, token = key) =>
  app.inject({
    method,
    url: `/api/v1${url}`,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });

const debtor = (externalId: string, extra: Record<string, unknown> = {}) => ({
  externalId,
  lastName: 'Jansen',
  firstName: 'Eva',
  language: 'nl',
  email: `${externalId.toLowerCase()}@example.nl`,
  ...extra,
});
const invoice = (externalId: string, debtorExternalId: string, extra: Record<string, unknown> = {}) => ({
  externalId,
  debtorExternalId,
  amountMinor: 12_500,
  currency: 'EUR',
  issueDate: '2026-10-01',
  dueDate: '2026-10-15',
  ...extra,
});

describe('REST API v1', () => {
  it('publishes a valid OpenAPI 3.1 document without a key', async () => {
    const response = await app.inject('/api/v1/openapi.json');
    expect(response.statusCode).toBe(200);
    const document = response.json();
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeTruthy();
    expect(Object.keys(document.paths)).toEqual([
      '/debtors',
      '/invoices',
      '/payments',
      '/cases',
      '/cases/{id}',
      '/cases/{id}/timeline',
      '/messages/{id}/returned',
      '/webhooks',
      '/webhooks/{id}',
      '/webhook-deliveries',
      '/webhook-deliveries/{id}/retry',
    ]);
  });

  it('refuses requests without a valid key, and keys without the scope', async () => {
    const none = await app.inject({ method: 'GET', url: '/api/v1/cases?debtorExternalId=X' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.message).toMatch(/Authorization: Bearer cfk_/);
    expect(
      (
        await call(
          'GET',
          '/cases?debtorExternalId=X',
          undefined,
          {},
          'cfk_00000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        )
      ).statusCode,
    ).toBe(401);
    const refused = await call('POST', '/debtors', { items: [debtor('D-1')] }, {}, readOnlyKey);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({
      error: { code: 'insufficient_scope', message: expect.stringContaining('“debtors:write”') },
    });
  });

  it('creates and updates debtors: left-out fields stay, null clears, consents merge', async () => {
    const created = await call('POST', '/debtors', {
      items: [
        debtor('D-100', {
          phone: '+31612345678',
          consents: { sms: { granted: true, at: '2026-01-01T00:00:00Z', source: 'web' } },
        }),
      ],
    });
    expect(created.statusCode).toBe(200);
    expect(created.json().items).toEqual([{ externalId: 'D-100', id: expect.any(String), created: true }]);
    const updated = await call('POST', '/debtors', {
      items: [
        {
          externalId: 'D-100',
          lastName: 'Jansen-de Boer',
          language: 'en',
          email: null,
          consents: { voice: { granted: false, at: '2026-02-01T00:00:00Z', source: 'call' } },
        },
      ],
    });
    expect(updated.json().items[0]).toMatchObject({ created: false });
    const { rows } = await db.pool.query(
      `select last_name, first_name, language, email, phone, consents from debtors where workspace_id = $1 and external_id = 'D-100'`,
      [workspaceId],
    );
    expect(rows[0]).toEqual({
      last_name: 'Jansen-de Boer',
      first_name: 'Eva',
      language: 'en',
      email: null,
      phone: '+31612345678',
      consents: {
        sms: { granted: true, at: '2026-01-01T00:00:00Z', source: 'web' },
        voice: { granted: false, at: '2026-02-01T00:00:00Z', source: 'call' },
      },
    });
  });

  it('names the item and field of every problem, and saves nothing from a bad batch', async () => {
    const response = await call('POST', '/debtors', {
      items: [
        debtor('D-200'),
        debtor('D-201', { email: 'not-an-address' }),
        { externalId: 'D-202', language: 'xx' },
        debtor('D-200'),
      ],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'invalid_request',
      message: '2 items are not valid; nothing was saved.',
    });
    expect(response.json().error.details).toEqual([
      { index: 1, field: 'email', message: 'must be an e-mail address' },
      { index: 2, field: 'language', message: '“language” must be one of: nl, de, en, fr, es, it, pl, tr.' },
    ]);
    const duplicates = await call('POST', '/debtors', { items: [debtor('D-300'), debtor('D-300')] });
    expect(duplicates.json().error.details).toEqual([
      { index: 1, field: 'externalId', message: expect.stringContaining('is also item 0') },
    ]);
    const saved = await db.pool.query(`select 1 from debtors where external_id in ('D-200', 'D-300')`);
    expect(saved.rowCount).toBe(0);
    const tooMany = await call('POST', '/debtors', {
      items: Array.from({ length: 10_001 }, (_, index) => debtor(`X-${index}`)),
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toMatch(/at most 10,000 debtors/);
  });

  it('opens a case for new invoices, enrols it into active flows, and refuses unknown debtors item by item', async () => {
    await publishDraft(
      db.pool,
      workspaceId,
      draft(
        'Everyone',
        [
          ['start', 'entry'],
          ['end', 'exit'],
        ],
        [['start', 'out', 'end']],
      ),
    );
    await call('POST', '/debtors', { items: [debtor('D-400')] });
    const response = await call('POST', '/invoices', {
      items: [invoice('INV-400-1', 'D-400'), invoice('INV-400-2', 'D-400', { openAmountMinor: 2_500 })],
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ casesOpened: 1, casesSettled: 0, runsStarted: 1 });
    expect(body.items[0].caseId).toBe(body.items[1].caseId);
    const again = await call('POST', '/invoices', { items: [invoice('INV-400-3', 'D-400')] });
    expect(again.json()).toMatchObject({
      casesOpened: 0,
      runsStarted: 0,
      items: [{ caseId: body.items[0].caseId, created: true }],
    });

    const refused = await call('POST', '/invoices', {
      items: [invoice('INV-401', 'D-400'), invoice('INV-402', 'NOBODY')],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toEqual({
      code: 'bad_request',
      message: 'One invoice is not valid; nothing was saved.',
      details: [
        { index: 1, field: 'debtorExternalId', message: 'there is no debtor “NOBODY”; send it to /debtors first' },
      ],
    });
    expect((await db.pool.query(`select 1 from invoices where external_id = 'INV-401'`)).rowCount).toBe(0);
  });

  it('records payments: a settling payment stops the case’s flows; a retry with the same key changes nothing', async () => {
    await call('POST', '/debtors', { items: [debtor('D-500')] });
    const opened = (
      await call('POST', '/invoices', { items: [invoice('INV-500', 'D-500', { amountMinor: 10_000 })] })
    ).json();
    const caseId = opened.items[0].caseId as string;

    const partial = await call(
      'POST',
      '/payments',
      { items: [{ invoiceExternalId: 'INV-500', amountMinor: 4_000, currency: 'EUR' }] },
      { 'idempotency-key': 'pay-1' },
    );
    expect(partial.json().items[0]).toMatchObject({ appliedMinor: 4_000, invoiceOpenMinor: 6_000, caseSettled: false });
    const replay = await call(
      'POST',
      '/payments',
      { items: [{ invoiceExternalId: 'INV-500', amountMinor: 4_000, currency: 'EUR' }] },
      { 'idempotency-key': 'pay-1' },
    );
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(partial.json());
    const reused = await call(
      'POST',
      '/payments',
      { items: [{ invoiceExternalId: 'INV-500', amountMinor: 1, currency: 'EUR' }] },
      { 'idempotency-key': 'pay-1' },
    );
    expect(reused.statusCode).toBe(422);

    const rest = await call('POST', '/payments', {
      items: [{ invoiceExternalId: 'INV-500', amountMinor: 6_000, currency: 'EUR', externalId: 'BANK-9' }],
    });
    expect(rest.json().items[0]).toMatchObject({ caseSettled: true, invoiceOpenMinor: 0 });
    const view = (await call('GET', `/cases/${caseId}`)).json();
    expect(view).toMatchObject({ status: 'paid', totals: { openMinor: 0, amountMinor: 10_000 } });
    expect(view.runs).toEqual([expect.objectContaining({ status: 'exited', exitReason: 'paid' })]);
    const payments = await db.pool.query('select sum(amount_minor)::int as total from payments where case_id = $1', [
      caseId,
    ]);
    expect(payments.rows[0].total).toBe(10_000);

    const unknown = await call('POST', '/payments', {
      items: [
        { invoiceExternalId: 'INV-500', amountMinor: 1, currency: 'USD' },
        { invoiceExternalId: 'NOPE', amountMinor: 1, currency: 'EUR' },
      ],
    });
    expect(unknown.json().error.details).toEqual([
      { index: 0, field: 'currency', message: 'Invoice “INV-500” is in EUR; the payment is in USD.' },
      { index: 1, field: 'invoiceExternalId', message: 'There is no invoice with external id “NOPE”.' },
    ]);
  });

  it('settles a case whose invoices the ERP marks paid', async () => {
    await call('POST', '/debtors', { items: [debtor('D-600')] });
    const opened = (await call('POST', '/invoices', { items: [invoice('INV-600', 'D-600')] })).json();
    const settled = await call('POST', '/invoices', { items: [invoice('INV-600', 'D-600', { openAmountMinor: 0 })] });
    expect(settled.json()).toMatchObject({ casesSettled: 1 });
    expect((await call('GET', `/cases/${opened.items[0].caseId}`)).json()).toMatchObject({ status: 'paid' });
  });

  it('finds cases by debtor, pages through timelines, and never shows another workspace’s case', async () => {
    const cases = (await call('GET', '/cases?debtorExternalId=D-500', undefined, {}, readOnlyKey)).json();
    expect(cases.items).toHaveLength(1);
    const caseId = cases.items[0].id as string;
    // Paid: no paylink any more.
    expect(cases.items[0].paylinkUrl).toBeNull();
    const first = (await call('GET', `/cases/${caseId}/timeline?limit=2`)).json();
    expect(first.items.map((event: { type: string }) => event.type)).toEqual(['case.opened', 'payment.received']);
    expect(first.next).toMatch(/^\d+-\d+$/);
    const second = (await call('GET', `/cases/${caseId}/timeline?limit=50&after=${first.next}`)).json();
    expect(second.items[0].id).toBeGreaterThan(first.items[1].id);
    expect(second.items.map((event: { type: string }) => event.type)).toEqual([
      'payment.received',
      'flow.exited',
      'case.paid',
    ]);
    expect(second.next).toBeNull();

    for (const url of [`/cases/${caseId}`, `/cases/${caseId}/timeline`]) {
      const foreign = await call('GET', url, undefined, {}, otherKey);
      expect(foreign.statusCode).toBe(404);
    }
    expect((await call('GET', '/cases/not-a-uuid')).statusCode).toBe(404);
    expect((await call('GET', '/cases?debtorExternalId=D-500', undefined, {}, otherKey)).json()).toEqual({ items: [] });
  });

  it('records a letter returned by post as failed, once, and only for letters that went out', async () => {
    await call('POST', '/debtors', { items: [debtor('D-700')] });
    await call('POST', '/invoices', { items: [invoice('INV-700', 'D-700')] });
    const found = (await call('GET', '/cases?debtorExternalId=D-700')).json().items[0];
    const caseId = found.id as string;
    // An open case comes with its paylink, for the ERP to print on its own documents; it opens.
    expect(found.paylinkUrl).toMatch(/^http:\/\/localhost(:\d+)?\/p\/[\w-]{22}$/);
    expect((await call('GET', `/cases/${caseId}`)).json().paylinkUrl).toBe(found.paylinkUrl);
    const token = (found.paylinkUrl as string).split('/p/')[1];
    expect((await app.inject({ method: 'GET', url: `/api/paylinks/${token}` })).json()).toMatchObject({
      status: 'open',
    });
    const { rows } = await db.pool.query<{ id: string; channel: string }>(
      `insert into messages (workspace_id, case_id, debtor_id, channel, connector, template, recipient, status, attempts, sent_at)
       select c.workspace_id, c.id, c.debtor_id, m.channel::channel, 'letter', 'reminder-letter', 'Eva Jansen', m.status::message_status, 1, now()
         from cases c, (values ('letter', 'sent'), ('email', 'sent'), ('letter', 'queued')) m(channel, status)
        where c.id = $1
       returning id, channel`,
      [caseId],
    );
    const [letter, email, queued] = rows.map((row) => row.id);

    const returned = await call('POST', `/messages/${letter}/returned`, { reason: 'addressee unknown' });
    expect(returned.statusCode).toBe(200);
    expect(returned.json()).toEqual({ messageId: letter, caseId, status: 'failed', alreadyRecorded: false });
    const again = await call('POST', `/messages/${letter}/returned`, { reason: 'addressee unknown' });
    expect(again.json()).toMatchObject({ alreadyRecorded: true });
    const timeline = (await call('GET', `/cases/${caseId}/timeline?limit=50`)).json();
    const failures = timeline.items.filter((event: { type: string }) => event.type === 'message.failed');
    expect(failures).toHaveLength(1);
    expect(failures[0].payload).toMatchObject({ messageId: letter, reason: 'returned by post: addressee unknown' });

    const notALetter = await call('POST', `/messages/${email}/returned`, { reason: 'moved' });
    expect(notALetter.statusCode).toBe(409);
    expect(notALetter.json().error.message).toContain('only letters come back by post');
    expect((await call('POST', `/messages/${queued}/returned`, { reason: 'moved' })).json().error.message).toContain(
      'is queued, not sent',
    );
    expect((await call('POST', `/messages/${letter}/returned`, { reason: ' ' })).statusCode).toBe(400);
    // Another workspace's key, or one without the scope, changes nothing.
    const elsewhere = await createWorkspace(db.pool, 'Print Shop Elsewhere');
    const foreignKey = (
      await createApiKey(db.pool, elsewhere.id, { name: 'Mail room', scopes: ['messages:write'], createdBy: null })
    ).token;
    expect((await call('POST', `/messages/${letter}/returned`, { reason: 'x' }, {}, foreignKey)).statusCode).toBe(404);
    expect((await call('POST', `/messages/${letter}/returned`, { reason: 'x' }, {}, readOnlyKey)).statusCode).toBe(403);
  });

  it('manages webhooks with a webhooks:admin key only, showing the secret once', async () => {
    const refused = await call('GET', '/webhooks', undefined, {}, key);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain('“webhooks:admin”');
    const admin = (
      await createApiKey(db.pool, workspaceId, { name: 'Hooks', scopes: ['webhooks:admin'], createdBy: null })
    ).token;
    const created = await call(
      'POST',
      '/webhooks',
      { url: 'https://erp.example/hooks', events: ['case.paid', 'case.paid', 'dispute.opened'] },
      {},
      admin,
    );
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      url: 'https://erp.example/hooks',
      events: ['case.paid', 'dispute.opened'],
      active: true,
      secret: expect.stringMatching(/^whsec_/),
    });
    const listed = (await call('GET', '/webhooks', undefined, {}, admin)).json();
    expect(listed.items).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain('whsec_');
    const invalid = await call('POST', '/webhooks', { url: 'ftp://erp.example', events: [] }, {}, admin);
    expect(invalid.statusCode).toBe(400);
    expect((await call('GET', '/webhook-deliveries?status=dead', undefined, {}, admin)).json()).toEqual({ items: [] });
    const deleted = await app.inject({
      method: 'DELETE',
      url: `/api/v1/webhooks/${created.json().id}`,
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(deleted.statusCode).toBe(204);
    expect((await call('GET', '/webhooks', undefined, {}, admin)).json()).toEqual({ items: [] });
  });

  it('answers unreadable bodies and unknown paths in the same error shape', async () => {
    const broken = await app.inject({
      method: 'POST',
      url: '/api/v1/debtors',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: '{"items": [',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('invalid_request');
    const wrongType = await app.inject({
      method: 'POST',
      url: '/api/v1/debtors',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      payload: 'a,b',
    });
    expect(wrongType.statusCode).toBe(415);
    expect((await call('GET', '/nothing-here')).json().error.code).toBe('not_found');
  });
});
