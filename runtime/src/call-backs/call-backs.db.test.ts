/**
 * A debtor presses "call me back" in a reminder call: an agent task appears (once, however
 * often they press), and the agent's call is recorded on the timeline.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { timelineOf, workspaceWithCases } from '../flows/testing/flow-test-kit.ts';
import { type callerFor, signedInCaller } from '../http/trpc/testing/callers.ts';
import { recordRecipientResponses } from '../outbox/delivery-reports.ts';
import { createMember } from '../users/member-queries.ts';

const db = useTestDatabase();
let workspaceId: string;
let caseId: string;
let messageId: string;
let agent: ReturnType<typeof callerFor>;

beforeAll(async () => {
  const seeded = await workspaceWithCases(db.pool, 1, (debtor) => {
    debtor.phone = '+31612345678';
  });
  workspaceId = seeded.workspaceId;
  caseId = seeded.caseIds[0]!;
  const { rows } = await db.pool.query<{ id: string }>(
    `insert into messages (workspace_id, case_id, debtor_id, channel, connector, template, recipient, status)
     select workspace_id, id, debtor_id, 'voice', 'voice', 'voice-reminder', '+31612345678', 'sent' from cases where id = $1
     returning id`,
    [caseId],
  );
  messageId = rows[0]!.id;
  await createMember(db.pool, workspaceId, {
    email: 'agent@call-backs.example',
    name: 'Agent Smit',
    role: 'agent',
    password: 'correct horse battery staple',
  });
});

describe('call-back requests', () => {
  it('become one agent task per case, and the agent’s call goes on the timeline', async () => {
    const press = (choice: string) =>
      recordRecipientResponses(db.pool, workspaceId, 'voice', [
        { messageId, type: 'keypress', details: { choice, callId: `call-${choice}` } },
      ]);
    await press('paylink-sms');
    agent = (await signedInCaller(db.pool, 'agent@call-backs.example', 'correct horse battery staple')).caller;
    expect(await agent.tasks.list()).toEqual([]);

    await press('call-back');
    await press('call-back');
    const tasks = await agent.tasks.list();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      kind: 'call_back',
      caseId,
      dispute: null,
      debtor: { phone: '+31612345678' },
      note: expect.stringMatching(/^Asked to be called back in the \d\d \w{3} reminder call$/),
    });

    await expect(agent.tasks.completeCallBack({ taskId: tasks[0]!.id, note: ' ' })).rejects.toThrow(
      'Say in a few words what came of the call.',
    );
    await expect(agent.tasks.resolve({ taskId: tasks[0]!.id, outcome: 'resume', note: 'x' })).rejects.toThrow(
      'This task is done already or does not exist.',
    );
    await agent.tasks.completeCallBack({ taskId: tasks[0]!.id, note: 'Called: pays on Friday' });
    expect(await agent.tasks.list()).toEqual([]);
    const called = (await timelineOf(db.pool, caseId)).filter((event) => event.type === 'case.called_back');
    expect(called.map((event) => event.payload.note)).toEqual(['Called: pays on Friday']);
    await expect(agent.tasks.completeCallBack({ taskId: tasks[0]!.id, note: 'again' })).rejects.toThrow('done already');

    // A new request after the call is a new task.
    await press('call-back');
    expect(await agent.tasks.list()).toHaveLength(1);
  });
});
