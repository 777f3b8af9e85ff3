/**
 * Disputes: a debtor says "already paid" on the paylink page with a receipt; the case pauses and
 * an agent finds the task, opens the receipt and resumes the reminders or closes the case.
 * Attachments are checked by their bytes; refused input changes nothing.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { advanceRun, type RunEngine } from '../flows/advance-run.ts';
import { FlowDefinitions } from '../flows/flow-definitions.ts';
import { publishDraft, runsOfCase, timelineOf, waitThenTextFlow } from '../flows/testing/flow-test-kit.ts';
import { buildTestServer } from '../http/testing/test-server.ts';
import { createTestWorkspace, testSecretKey } from '../http/trpc/testing/callers.ts';
import { createLogger } from '../logging/logger.ts';
import { Paylinks } from '../paylinks/paylinks.ts';
import { newPaylinkCase } from '../paylinks/testing/paylink-case.ts';

const db = useTestDatabase();
const paylinks = new Paylinks(testSecretKey);
const definitions = new FlowDefinitions();
const engine = (): RunEngine => ({ pool: db.pool, clock: () => new Date(), definitions });
let workspace: Awaited<ReturnType<typeof createTestWorkspace>>;
let app: FastifyInstance;

const flow = waitThenTextFlow();

const receipt = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

beforeAll(async () => {
  workspace = await createTestWorkspace(db.pool, 'Disputes');
  app = await buildTestServer(db.pool, createLogger('silent', false));
  await publishDraft(db.pool, workspace.workspaceId, flow);
});
afterAll(() => app?.close());

let count = 0;
async function newCase() {
  count += 1;
  return newPaylinkCase(db.pool, workspace.workspaceId, paylinks, {
    externalId: `DS-${count}`,
    adjust: (debtor) => {
      debtor.phone = '+31612345678';
      debtor.consents.sms = { granted: true, at: '2026-01-02T10:00:00Z', source: 'contract' };
    },
    enrol: definitions,
  });
}

const dispute = (token: string, payload: unknown) =>
  app.inject({ method: 'POST', url: `/api/paylinks/${token}/dispute`, payload: payload as object });
const caseStatus = async (caseId: string) =>
  (await db.pool.query<{ status: string }>('select status::text from cases where id = $1', [caseId])).rows[0]!.status;

describe('disputes', () => {
  it('pause the case and give an agent a task with the debtor’s message and receipt', async () => {
    const { caseId, token } = await newCase();
    const answered = await dispute(token, {
      kind: 'already_paid',
      message: 'Ik heb op 3 november betaald, zie bijlage.',
      attachment: { name: 'kwitantie.pdf', type: 'application/pdf', data: receipt.toString('base64') },
    });
    expect(answered.statusCode).toBe(200);
    expect(answered.json().dispute).toMatchObject({ kind: 'already_paid' });
    expect(await caseStatus(caseId)).toBe('paused');
    // The run waiting a day holds while the case is paused.
    const [run] = await runsOfCase(db.pool, caseId);
    expect(await advanceRun({ ...engine(), clock: () => new Date(Date.now() + 2 * 86_400_000) }, run!.id)).toBe('held');
    expect((await timelineOf(db.pool, caseId)).find((event) => event.type === 'dispute.opened')).toMatchObject({
      type: 'dispute.opened',
      payload: {
        kind: 'already_paid',
        attachment: { name: 'kwitantie.pdf', type: 'application/pdf', bytes: receipt.length },
      },
    });

    const { caller } = await workspace.signInAs('agent');
    const tasks = await caller.tasks.list();
    const task = tasks.find((one) => one.caseId === caseId)!;
    expect(task).toMatchObject({
      kind: 'dispute',
      debtor: { externalId: 'DS-1' },
      dispute: {
        kind: 'already_paid',
        message: 'Ik heb op 3 november betaald, zie bijlage.',
        attachment: { name: 'kwitantie.pdf', type: 'application/pdf', bytes: receipt.length },
      },
    });
    const file = await caller.tasks.attachment({ disputeId: task.dispute!.id });
    expect(Buffer.from(file.base64, 'base64')).toEqual(receipt);

    // Not paid after all: the agent resumes the reminders, with the reason on the timeline.
    await caller.tasks.resolve({ taskId: task.id, outcome: 'resume', note: 'No payment found on 3 November.' });
    expect(await caseStatus(caseId)).toBe('open');
    expect((await caller.tasks.list()).some((one) => one.id === task.id)).toBe(false);
    expect((await timelineOf(db.pool, caseId)).at(-1)).toMatchObject({
      type: 'dispute.resolved',
      payload: { outcome: 'resume', note: 'No payment found on 3 November.' },
    });
    const { rows: jobs } = await db.pool.query('select 1 from graphile_worker.jobs where key = $1', [run!.id]);
    expect(jobs).toHaveLength(1);
    await expect(caller.tasks.resolve({ taskId: task.id, outcome: 'close', note: 'Again.' })).rejects.toThrow(
      'This task is done already or does not exist.',
    );
    // The page no longer mentions the dispute.
    expect((await app.inject({ method: 'GET', url: `/api/paylinks/${token}` })).json().dispute).toBeNull();
  });

  it('closes the case when the agent agrees: every reminder stops', async () => {
    const { caseId, token } = await newCase();
    await dispute(token, { kind: 'not_mine', message: 'Ik heb nooit bij u een contract gehad.' });
    const { caller } = await workspace.signInAs('admin');
    const task = (await caller.tasks.list()).find((one) => one.caseId === caseId)!;
    await caller.tasks.resolve({ taskId: task.id, outcome: 'close', note: 'Identity mix-up, confirmed by phone.' });
    expect(await caseStatus(caseId)).toBe('closed');
    expect(await runsOfCase(db.pool, caseId)).toMatchObject([{ status: 'exited', exit_reason: 'dispute' }]);
    expect((await app.inject({ method: 'GET', url: `/api/paylinks/${token}` })).json()).toEqual({ status: 'settled' });
  });

  it('refuses a disguised file, one too large, an empty dispute and a second one — and records nothing', async () => {
    const { caseId, token } = await newCase();
    const attempts = [
      [
        {
          kind: 'other',
          message: 'See file',
          attachment: { name: 'x.pdf', type: 'application/pdf', data: png.toString('base64') },
        },
        'The attachment is not a PDF, JPEG or PNG file.',
      ],
      [
        {
          kind: 'other',
          message: 'Big',
          attachment: {
            name: 'scan.pdf',
            type: 'application/pdf',
            data: Buffer.concat([receipt, Buffer.alloc(5 * 1024 * 1024)]).toString('base64'),
          },
        },
        'The attachment is larger than 5 MB; please send a smaller file.',
      ],
      [
        {
          kind: 'other',
          message: 'Exe',
          attachment: { name: 'x.exe', type: 'application/x-msdownload', data: 'TVo=' },
        },
        'Attach a PDF, JPEG or PNG file.',
      ],
      [{ kind: 'other', message: '   ' }, 'Tell us in a few words what is wrong, or attach a document.'],
    ] as const;
    for (const [payload, error] of attempts) {
      const refused = await dispute(token, payload);
      expect(refused.statusCode, error).toBe(400);
      expect(refused.json()).toEqual({ error });
    }
    expect((await db.pool.query('select 1 from disputes where case_id = $1', [caseId])).rowCount).toBe(0);
    expect(await caseStatus(caseId)).toBe('open');

    expect((await dispute(token, { kind: 'amount_wrong', message: 'The amount is € 10 too high.' })).statusCode).toBe(
      200,
    );
    expect((await dispute(token, { kind: 'other', message: 'And another thing.' })).json()).toEqual({
      error: 'We already have your message and will get back to you.',
    });
    expect((await db.pool.query('select 1 from agent_tasks where case_id = $1', [caseId])).rowCount).toBe(1);
  });
});
