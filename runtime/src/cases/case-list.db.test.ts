/**
 * The agents' case list and case page through the real tRPC procedures: search by name, e-mail,
 * phone, customer number and invoice number; filters; keyset pages; the open figures the
 * triggers keep on each case; the timeline in order, with names, and followed live; and every
 * manual action with its reason on the timeline, refused input changing nothing.
 */
import type { CaseListItem, CaseTimelineEvent } from '@collectflow/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import type { SyntheticDebtor } from '../demo/synthetic-debtors.ts';
import {
  payCaseInFull,
  publishDraft,
  runsOfCase,
  seedDebtors,
  timelineOf,
  waitThenTextFlow,
} from '../flows/testing/flow-test-kit.ts';
import { createTestWorkspace } from '../http/trpc/testing/callers.ts';
import { upsertInvoices } from '../invoices/upsert-invoices.ts';
import { resumeCase } from './case-pause.ts';
import { followTimeline } from './case-timeline.ts';

const db = useTestDatabase();
let workspace: Awaited<ReturnType<typeof createTestWorkspace>>;
let agent: Awaited<ReturnType<Awaited<ReturnType<typeof createTestWorkspace>>['signInAs']>>['caller'];
let debtors: SyntheticDebtor[];
const today = new Date().toISOString().slice(0, 10);

const caseOf = async (externalId: string) =>
  (
    await db.pool.query<{ id: string }>(
      `select c.id from cases c join debtors d on d.id = c.debtor_id where d.workspace_id = $1 and d.external_id = $2`,
      [workspace.workspaceId, externalId],
    )
  ).rows[0]!.id;

const figures = async (caseId: string) =>
  (
    await db.pool.query<{ open: number; oldest: string | null; status: string }>(
      `select open_amount_minor as open, oldest_open_due_date::text as oldest, status::text from cases where id = $1`,
      [caseId],
    )
  ).rows[0]!;

beforeAll(async () => {
  workspace = await createTestWorkspace(db.pool, 'Case list');
  agent = (await workspace.signInAs('agent')).caller;
  debtors = await seedDebtors(db.pool, workspace.workspaceId, 60, {
    today,
    adjust: (debtor, index) => {
      if (index === 10) {
        // Not due yet: 0 days overdue, not a negative number.
        const due = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
        debtor.invoices = debtor.invoices.map((invoice) => ({ ...invoice, issueDate: today, dueDate: due }));
      }
      if (index === 0) {
        debtor.kind = 'person';
        debtor.companyName = null;
        debtor.firstName = 'Henriëtte';
        debtor.lastName = 'Zwanenburg';
        debtor.email = 'h.zwanenburg@example.nl';
        debtor.phone = '+31687654321';
        debtor.preferredChannel = 'sms';
        debtor.invoices = [
          { ...debtor.invoices[0]!, externalId: 'RE-2026-777', amountMinor: 12_345, openAmountMinor: 12_345 },
        ];
      }
    },
  });
});

describe('the case list', () => {
  it('keeps each case’s open amount and oldest open due date, through imports and payments', async () => {
    for (const debtor of debtors.slice(0, 10)) {
      const open = debtor.invoices.reduce((sum, invoice) => sum + invoice.openAmountMinor, 0);
      const oldest = debtor.invoices.map((invoice) => invoice.dueDate).sort()[0];
      expect(await figures(await caseOf(debtor.externalId))).toMatchObject({ open, oldest });
    }
    const zwanenburg = await caseOf(debtors[0]!.externalId);
    // A second invoice through the REST API's write path, due earlier.
    await upsertInvoices(db.pool, workspace.workspaceId, [
      {
        externalId: 'RE-2026-778',
        debtorExternalId: debtors[0]!.externalId,
        amountMinor: 5_000,
        openAmountMinor: 5_000,
        currency: 'EUR',
        issueDate: '2026-01-01',
        dueDate: '2026-01-15',
        status: 'open',
        attributes: {},
      },
    ]);
    expect(await figures(zwanenburg)).toMatchObject({ open: 17_345, oldest: '2026-01-15' });
    const other = await caseOf(debtors[1]!.externalId);
    await payCaseInFull(db.pool, workspace.workspaceId, other);
    expect(await figures(other)).toMatchObject({ open: 0, oldest: null, status: 'paid' });
  });

  it('finds a debtor by any part of the name, e-mail, phone, customer number, and by invoice number', async () => {
    const zwanenburg = await caseOf(debtors[0]!.externalId);
    for (const search of [
      'zwanen',
      'HENRIËTTE',
      'h.zwanenburg@',
      '87654321',
      debtors[0]!.externalId,
      'RE-2026-777',
      're-2026-778',
    ]) {
      const page = await agent.cases.search({ search });
      expect(
        page.items.map((item) => item.id),
        search,
      ).toContain(zwanenburg);
      expect(page.total, search).toBe(1);
    }
    const item = (await agent.cases.search({ search: 'RE-2026-777' })).items[0]!;
    expect(item).toMatchObject({
      debtor: { name: 'Henriëtte Zwanenburg', email: 'h.zwanenburg@example.nl' },
      openMinor: 17_345,
      status: 'open',
      disputed: false,
    });
    expect(item.daysOverdue).toBe(Math.round((Date.parse(today) - Date.parse('2026-01-15')) / 86_400_000));
    expect((await agent.cases.search({ search: debtors[10]!.externalId })).items[0]?.daysOverdue).toBe(0);
    expect((await agent.cases.search({ search: 'nobody-by-this-name' })).items).toEqual([]);
    // LIKE's wildcards are searched for as themselves.
    expect((await agent.cases.search({ search: '%' })).total).toBe(0);
  });

  it('filters by status, amount, days overdue, preferred channel and dispute, and says what is wrong with a filter', async () => {
    const all = await allPages({});
    expect(all).toHaveLength(60);
    const paid = await allPages({ status: ['paid'] });
    expect(paid.map((item) => item.status)).toEqual(['paid']);
    const large = await allPages({ minOpenMinor: 10_000, maxOpenMinor: 50_000, status: ['open'] });
    expect(large.length).toBeGreaterThan(0);
    expect(large.every((item) => item.openMinor >= 10_000 && item.openMinor <= 50_000)).toBe(true);
    expect(large.length).toBe(
      all.filter((item) => item.status === 'open' && item.openMinor >= 10_000 && item.openMinor <= 50_000).length,
    );
    const overdue = await allPages({ minDaysOverdue: 30, maxDaysOverdue: 90 });
    expect(overdue.length).toBe(
      all.filter((item) => item.daysOverdue !== null && item.daysOverdue >= 30 && item.daysOverdue <= 90).length,
    );
    const bySms = await allPages({ preferredChannel: 'sms' });
    expect(bySms.length).toBe(debtors.filter((debtor) => debtor.preferredChannel === 'sms').length);
    expect(await allPages({ hasDispute: true })).toEqual([]);

    await expect(agent.cases.search({ minOpenMinor: 500, maxOpenMinor: 100 })).rejects.toThrow(
      'The lowest amount is above the highest.',
    );
    await expect(agent.cases.search({ nodeId: 'sms' })).rejects.toThrow('Choose the flow of the step first.');
    await expect(agent.cases.search({ after: 'not-a-cursor' })).rejects.toThrow(
      /must be the .+next.+ value of a previous page/,
    );
  });

  it('pages by a cursor in the chosen order, every case once', async () => {
    for (const sort of ['most_overdue', 'largest', 'newest'] as const) {
      const items = await allPages({ sort }, 7);
      expect(new Set(items.map((item) => item.id)).size).toBe(60);
      if (sort === 'largest') {
        const amounts = items.map((item) => item.openMinor);
        expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
      }
      if (sort === 'most_overdue') {
        const days = items.map((item) => item.daysOverdue ?? Number.NEGATIVE_INFINITY);
        expect(days).toEqual([...days].sort((a, b) => b - a));
      }
    }
  });
});

/** Every page of a search, `limit` at a time. */
async function allPages(search: Parameters<typeof agent.cases.search>[0], limit = 100): Promise<CaseListItem[]> {
  const items: CaseListItem[] = [];
  let after: string | undefined;
  do {
    const page = await agent.cases.search({ ...search, limit, ...(after ? { after } : {}) });
    items.push(...page.items);
    after = page.next ?? undefined;
  } while (after);
  return items;
}

const oneSms = waitThenTextFlow();

describe('the case page and manual actions', () => {
  it('pauses with a reason and holds the case until an agent resumes it, whatever else ends', async () => {
    const caseId = await caseOf(debtors[2]!.externalId);
    const paused = await agent.cases.pause({ caseId, reason: 'Customer called: sends proof of payment' });
    expect(paused.outcome).toContain('Paused');
    expect((await figures(caseId)).status).toBe('paused');
    // A kept promise or resolved dispute resumes a case — not one an agent paused.
    expect(await resumeCase(db.pool, workspace.workspaceId, caseId)).toBe(false);
    await expect(agent.cases.pause({ caseId, reason: 'again' })).rejects.toThrow('paused by an agent already');
    await expect(agent.cases.resume({ caseId, reason: '  ' })).rejects.toThrow('Say in a few words why');
    const resumed = await agent.cases.resume({ caseId, reason: 'Proof did not come' });
    expect(resumed.outcome).toContain('Resumed');
    expect((await figures(caseId)).status).toBe('open');

    const detail = await agent.cases.show({ caseId });
    expect(detail).toMatchObject({
      status: 'open',
      pausedByAgent: false,
      debtor: { externalId: debtors[2]!.externalId },
    });
    const timeline = await agent.cases.timeline({ caseId });
    const manual = timeline.items.filter((event) => event.source === 'user');
    expect(manual.map((event) => [event.type, event.payload.reason, event.actorName])).toEqual([
      ['case.paused', 'Customer called: sends proof of payment', 'agent of Case list'],
      ['case.resumed', 'Proof did not come', 'agent of Case list'],
    ]);
  });

  it('says what still holds a case the agent resumes: a dispute recorded by phone', async () => {
    const caseId = await caseOf(debtors[3]!.externalId);
    await agent.cases.recordDispute({ caseId, kind: 'amount_wrong', reason: 'Says the meter reading is wrong' });
    await expect(agent.cases.recordDispute({ caseId, kind: 'other', reason: 'x' })).rejects.toThrow(
      'open dispute already',
    );
    const tasks = await agent.tasks.list();
    expect(tasks.find((task) => task.caseId === caseId)?.dispute).toMatchObject({
      kind: 'amount_wrong',
      message: 'Says the meter reading is wrong',
    });
    await agent.cases.pause({ caseId, reason: 'Waiting for the meter photo' });
    const resumed = await agent.cases.resume({ caseId, reason: 'Photo came' });
    expect(resumed.outcome).toBe('Your pause is lifted, but the case stays paused: a dispute waits in the task inbox.');
    expect((await figures(caseId)).status).toBe('paused');
    expect((await agent.cases.search({ hasDispute: true })).items.map((item) => item.id)).toEqual([caseId]);
  });

  it('marks a case paid with the amount: part first, then the rest settles it and its runs exit', async () => {
    const flowId = await publishDraft(db.pool, workspace.workspaceId, oneSms);
    const debtor = debtors[4]!;
    const caseId = await caseOf(debtor.externalId);
    await agent.cases.moveToFlow({ caseId, flowId, reason: 'Prefers text messages' });
    expect((await runsOfCase(db.pool, caseId)).map((run) => run.status)).toEqual(['active']);
    const open = (await figures(caseId)).open;
    const part = await agent.cases.markPaid({ caseId, amountMinor: 1_000, reason: 'Paid cash at the office' });
    expect(part.outcome).toMatch(/^Recorded €10\.00\. €[\d,.]+ is still open\.$/);
    expect((await figures(caseId)).open).toBe(open - 1_000);
    await expect(agent.cases.markPaid({ caseId, amountMinor: 0, reason: 'x' })).rejects.toThrow('Enter the amount');
    const rest = await agent.cases.markPaid({ caseId, amountMinor: open - 1_000, reason: 'Bank transfer seen' });
    expect(rest.outcome).toContain('The case is paid; every reminder stopped.');
    expect((await runsOfCase(db.pool, caseId)).map((run) => run.status)).toEqual(['exited']);
    const payments = (await timelineOf(db.pool, caseId)).filter((event) => event.type === 'payment.received');
    expect(payments.map((event) => event.payload.note)).toEqual(['Paid cash at the office', 'Bank transfer seen']);
    await expect(agent.cases.pause({ caseId, reason: 'x' })).rejects.toThrow('This case is paid');
  });

  it('moves a case into another flow, leaving the one it ran in', async () => {
    const first = await publishDraft(db.pool, workspace.workspaceId, waitThenTextFlow('First'));
    const second = await publishDraft(db.pool, workspace.workspaceId, waitThenTextFlow('Second'));
    const caseId = await caseOf(debtors[5]!.externalId);
    await agent.cases.moveToFlow({ caseId, flowId: first, reason: 'Start' });
    const moved = await agent.cases.moveToFlow({ caseId, flowId: second, reason: 'B2B customer' });
    expect(moved.outcome).toContain('Moved into “Second” (version 1)');
    const runs = await runsOfCase(db.pool, caseId);
    expect(runs.map((run) => [run.flow_id, run.status])).toEqual([
      [first, 'exited'],
      [second, 'active'],
    ]);
    const event = (await timelineOf(db.pool, caseId)).findLast((entry) => entry.type === 'case.moved');
    expect(event?.payload).toMatchObject({ flowName: 'Second', left: ['First'], reason: 'B2B customer' });
    expect((await agent.cases.search({ flowId: second })).items.map((item) => item.id)).toContain(caseId);
  });

  it('corrects contact data and consents, logging old and new values; refused input changes nothing', async () => {
    const debtor = debtors[6]!;
    const caseId = await caseOf(debtor.externalId);
    const before = await agent.cases.show({ caseId });
    const contact = {
      caseId,
      email: 'new.address@example.nl',
      phone: '+31 6 1111 2222',
      addressLine1: before.debtor.addressLine1,
      addressLine2: before.debtor.addressLine2,
      postalCode: before.debtor.postalCode,
      city: before.debtor.city,
      countryCode: before.debtor.countryCode,
      consents: { sms: !before.debtor.consents.sms?.granted },
      reason: 'Customer gave new details on the phone',
    };
    await expect(agent.cases.updateContact({ ...contact, email: 'not an address' })).rejects.toThrow(
      'This is not an e-mail address.',
    );
    expect((await agent.cases.show({ caseId })).debtor.email).toBe(before.debtor.email);
    const saved = await agent.cases.updateContact(contact);
    expect(saved.outcome).toMatch(/^Saved \d changes/);
    const after = await agent.cases.show({ caseId });
    expect(after.debtor).toMatchObject({ email: 'new.address@example.nl', phone: '+31611112222' });
    expect(after.debtor.consents.sms).toMatchObject({
      granted: !before.debtor.consents.sms?.granted,
      source: 'Agent: Customer gave new details on the phone',
    });
    const event = (await timelineOf(db.pool, caseId)).findLast((entry) => entry.type === 'debtor.contact_changed');
    expect(event?.payload.changes).toMatchObject({
      email: { from: before.debtor.email, to: 'new.address@example.nl' },
      phone: { from: before.debtor.phone, to: '+31611112222' },
    });
    await expect(agent.cases.updateContact(contact)).rejects.toThrow('Nothing changed');

    await agent.cases.changePreferredChannel({ caseId, preferredChannel: 'letter', reason: 'Asked for paper' });
    expect((await agent.cases.show({ caseId })).debtor.preferredChannel).toBe('letter');
  });

  it('sends a one-off message from a template, or records why it could not', async () => {
    const caseId = await caseOf(debtors[7]!.externalId);
    // oneSms's publish published the sms-reminder template.
    const sent = await agent.cases.sendMessage({
      caseId,
      template: 'sms-reminder',
      reason: 'Asked for the link again',
    });
    const { rows } = await db.pool.query<{ status: string; connector: string; channel: string }>(
      'select status::text, connector, channel::text from messages where case_id = $1',
      [caseId],
    );
    const phone = debtors[7]!.phone && debtors[7]!.consents.sms?.granted;
    expect(rows).toEqual([{ status: phone ? 'queued' : 'failed', connector: 'sandbox', channel: 'sms' }]);
    expect(sent.outcome).toEqual(
      phone
        ? 'The text message is on its way; it shows on the timeline once sent.'
        : expect.stringMatching(/^Not sent: /),
    );
    await expect(agent.cases.sendMessage({ caseId, template: 'no-such', reason: 'x' })).rejects.toThrow(
      'There is no published template “no-such”.',
    );
  });

  it('lets viewers read but not act', async () => {
    const viewer = (await workspace.signInAs('viewer')).caller;
    const caseId = await caseOf(debtors[8]!.externalId);
    expect((await viewer.cases.show({ caseId })).id).toBe(caseId);
    await expect(viewer.cases.pause({ caseId, reason: 'x' })).rejects.toThrow('Your role (viewer) does not allow this');
  });
});

describe('the timeline', () => {
  it('lists events in the order they happened, and follows new ones live', async () => {
    const caseId = await caseOf(debtors[9]!.externalId);
    const first = await agent.cases.timeline({ caseId });
    const times = first.items.map((event) => event.occurredAt);
    expect(times).toEqual([...times].sort());
    const sinceId = Math.max(0, ...first.items.map((event) => event.id));

    const controller = new AbortController();
    const seen: CaseTimelineEvent[] = [];
    const following = (async () => {
      for await (const event of followTimeline(db.pool, workspace.workspaceId, caseId, {
        sinceId,
        signal: controller.signal,
        intervalMs: 50,
      })) {
        seen.push(event);
        if (seen.length === 2) controller.abort();
      }
    })();
    await agent.cases.pause({ caseId, reason: 'Live one' });
    await agent.cases.resume({ caseId, reason: 'Live two' });
    await following;
    expect(seen.map((event) => [event.type, event.payload.reason, event.actorName])).toEqual([
      ['case.paused', 'Live one', 'agent of Case list'],
      ['case.resumed', 'Live two', 'agent of Case list'],
    ]);
    const again = await agent.cases.timeline({ caseId, after: first.cursor ?? undefined });
    expect(again.items.map((event) => event.id)).toEqual(seen.map((event) => event.id));
  });
});
