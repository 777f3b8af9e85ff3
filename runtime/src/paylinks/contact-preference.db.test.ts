/**
 * The debtor's preferred channel: chosen on the paylink page among the channels we can reach
 * them on, recorded on the timeline, and honoured by the `preferredChannel` step of a flow.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { enrolIntoActiveFlows } from '../enrolment/enrol-into-active-flows.ts';
import { advanceRun, type RunEngine } from '../flows/advance-run.ts';
import { FlowDefinitions } from '../flows/flow-definitions.ts';
import { draft, pathOf, publishDraft, runsOfCase, timelineOf } from '../flows/testing/flow-test-kit.ts';
import { buildTestServer } from '../http/testing/test-server.ts';
import { createTestWorkspace, testSecretKey } from '../http/trpc/testing/callers.ts';
import { createLogger } from '../logging/logger.ts';
import { Paylinks } from './paylinks.ts';
import { newPaylinkCase } from './testing/paylink-case.ts';

const db = useTestDatabase();
const paylinks = new Paylinks(testSecretKey);
const definitions = new FlowDefinitions();
const engine = (): RunEngine => ({ pool: db.pool, clock: () => new Date(), definitions });
let workspace: Awaited<ReturnType<typeof createTestWorkspace>>;
let app: FastifyInstance;

/** start → preferred channel → an e-mail, an SMS or a letter; no preference → e-mail. */
const byPreference = draft(
  'By preference',
  [
    ['start', 'entry'],
    ['route', 'preferredChannel'],
    ['mail', 'email', { template: 'reminder', connector: 'sandbox' }],
    ['text', 'sms', { template: 'sms-reminder', connector: 'sandbox' }],
    ['post', 'letter', { template: 'reminder-letter', connector: 'sandbox' }],
    ['end', 'exit'],
  ],
  [
    ['start', 'out', 'route'],
    ['route', 'email', 'mail'],
    ['route', 'sms', 'text'],
    ['route', 'letter', 'post'],
    ['route', 'voice', 'mail'],
    ['route', 'none', 'mail'],
    ['mail', 'sent', 'end'],
    ['mail', 'failed', 'end'],
    ['text', 'sent', 'end'],
    ['text', 'failed', 'mail'],
    ['post', 'sent', 'end'],
    ['post', 'failed', 'end'],
  ],
);

beforeAll(async () => {
  workspace = await createTestWorkspace(db.pool, 'Preferences');
  app = await buildTestServer(db.pool, createLogger('silent', false));
});
afterAll(() => app?.close());

let count = 0;
async function newDebtorCase(contact: { email: string | null; phone: string | null; withAddress: boolean }) {
  count += 1;
  const externalId = `PC-${count}`;
  const created = await newPaylinkCase(db.pool, workspace.workspaceId, paylinks, {
    externalId,
    adjust: (debtor) => {
      debtor.email = contact.email;
      debtor.phone = contact.phone;
      debtor.consents.sms = { granted: true, at: '2026-01-02T10:00:00Z', source: 'contract' };
      if (!contact.withAddress) debtor.address = null;
    },
  });
  return { ...created, externalId };
}

const choose = (token: string, preferredChannel: string | null) =>
  app.inject({ method: 'POST', url: `/api/paylinks/${token}/contact`, payload: { preferredChannel } });

describe('the preferred channel', () => {
  it('is chosen among the channels we can reach the debtor on, stored on the debtor and on the timeline', async () => {
    const { caseId, token, externalId } = await newDebtorCase({
      email: 'sanne@example.nl',
      phone: '+31612345678',
      withAddress: false,
    });
    const view = (await app.inject({ method: 'GET', url: `/api/paylinks/${token}` })).json();
    expect(view.contact).toEqual({ channels: ['email', 'sms'], preferredChannel: null });
    // The page never shows the address or number themselves.
    expect(JSON.stringify(view)).not.toContain('sanne@example.nl');

    const chosen = await choose(token, 'sms');
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json().contact.preferredChannel).toBe('sms');
    await choose(token, 'sms');
    const { rows } = await db.pool.query('select preferred_channel::text from debtors where external_id = $1', [
      externalId,
    ]);
    expect(rows).toEqual([{ preferred_channel: 'sms' }]);
    const changes = (await timelineOf(db.pool, caseId)).filter((event) => event.type === 'debtor.preference_changed');
    expect(changes).toEqual([
      { type: 'debtor.preference_changed', payload: { preferredChannel: 'sms', previous: null } },
    ]);

    expect((await choose(token, 'letter')).json()).toEqual({
      error: 'We cannot reach you that way; please choose another.',
    });
    expect((await choose(token, 'voice')).statusCode).toBe(400);
    expect((await choose(token, null)).json().contact.preferredChannel).toBeNull();
  });

  it('routes each case in a flow to its debtor’s preferred channel, and the rest by “no preference”', async () => {
    await publishDraft(db.pool, workspace.workspaceId, byPreference);
    const texter = await newDebtorCase({ email: 'a@example.nl', phone: '+31611111112', withAddress: true });
    const writer = await newDebtorCase({ email: 'b@example.nl', phone: '+31611111113', withAddress: true });
    const indifferent = await newDebtorCase({ email: 'c@example.nl', phone: '+31611111114', withAddress: true });
    await choose(texter.token, 'sms');
    await choose(writer.token, 'letter');
    const caseIds = [texter.caseId, writer.caseId, indifferent.caseId];
    await enrolIntoActiveFlows(db.pool, definitions, workspace.workspaceId, caseIds, new Date());
    for (const caseId of caseIds)
      for (const run of await runsOfCase(db.pool, caseId)) await advanceRun(engine(), run.id);

    expect(await pathOf(db.pool, texter.caseId)).toEqual(expect.arrayContaining(['route:sms']));
    expect(await pathOf(db.pool, writer.caseId)).toEqual(expect.arrayContaining(['route:letter']));
    expect(await pathOf(db.pool, indifferent.caseId)).toEqual(expect.arrayContaining(['route:none']));
    const channels = async (caseId: string) =>
      (await db.pool.query('select channel::text from messages where case_id = $1', [caseId])).rows;
    expect(await channels(texter.caseId)).toEqual([{ channel: 'sms' }]);
    expect(await channels(writer.caseId)).toEqual([{ channel: 'letter' }]);
    expect(await channels(indifferent.caseId)).toEqual([{ channel: 'email' }]);
  });
});
