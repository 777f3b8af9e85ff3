/**
 * Cases for the designer: the agents' list and case page (detail, timeline, live updates) and
 * their manual actions; and picking a case for a flow's test run. Every member reads cases;
 * agents and admins act on them.
 */
import {
  CaseChoiceInput,
  CaseSearch,
  CaseTimelineQuery,
  ChangePreferredChannelInput,
  MarkPaidInput,
  MoveToFlowInput,
  PauseCaseInput,
  RecordDisputeInput,
  ResumeCaseInput,
  roleGroups,
  SendOneOffMessageInput,
  UpdateContactInput,
} from '@collectflow/shared';
import { tracked } from '@trpc/server';
import { z } from 'zod';
import { recordDisputeByAgent } from '../../../cases/agent-actions/agent-dispute.ts';
import { sendMessageByAgent } from '../../../cases/agent-actions/agent-message.ts';
import { moveCaseByAgent } from '../../../cases/agent-actions/agent-move.ts';
import { pauseCaseByAgent, resumeCaseByAgent } from '../../../cases/agent-actions/agent-pause.ts';
import { markPaidByAgent } from '../../../cases/agent-actions/agent-payment.ts';
import { listCaseChoices } from '../../../cases/case-choices.ts';
import { getCaseDetail } from '../../../cases/case-detail.ts';
import { searchCases } from '../../../cases/case-search.ts';
import { followTimeline, staffTimeline } from '../../../cases/case-timeline.ts';
import { changePreferredChannelByAgent, updateContactByAgent } from '../../../debtors/agent-contact-changes.ts';
import { authedProcedure, router } from '../trpc.ts';

const readers = authedProcedure(roleGroups.everyone);
const caseWorkers = authedProcedure(roleGroups.caseWorkers);

export const casesRouter = router({
  choices: readers
    .input(CaseChoiceInput.default({ search: '', limit: 20 }))
    .query(({ ctx, input }) => listCaseChoices(ctx.pool, ctx.workspaceId, input)),
  search: readers.input(CaseSearch).query(({ ctx, input }) => searchCases(ctx.pool, ctx.workspaceId, input)),
  show: readers
    .input(z.object({ caseId: z.uuid() }))
    .query(({ ctx, input }) => getCaseDetail(ctx.pool, ctx.workspaceId, input.caseId)),
  timeline: readers.input(CaseTimelineQuery).query(({ ctx, input }) => staffTimeline(ctx.pool, ctx.workspaceId, input)),
  /**
   * Events as they are recorded, after event id `sinceId` (server-sent events). On reconnect the
   * client sends the id of the last event it got as `lastEventId`.
   */
  timelineLive: readers
    .input(z.object({ caseId: z.uuid(), sinceId: z.number().int().min(0), lastEventId: z.string().nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      const sinceId = Math.max(input.sinceId, Number(input.lastEventId ?? 0) || 0);
      for await (const event of followTimeline(ctx.pool, ctx.workspaceId, input.caseId, {
        sinceId,
        signal: signal ?? new AbortController().signal,
      })) {
        yield tracked(String(event.id), event);
      }
    }),
  pause: caseWorkers
    .input(PauseCaseInput)
    .mutation(({ ctx, input }) => pauseCaseByAgent(ctx.pool, ctx.workspaceId, ctx.session.userId, input)),
  resume: caseWorkers
    .input(ResumeCaseInput)
    .mutation(({ ctx, input }) => resumeCaseByAgent(ctx.pool, ctx.workspaceId, ctx.session.userId, input)),
  markPaid: caseWorkers
    .input(MarkPaidInput)
    .mutation(({ ctx, input }) => markPaidByAgent(ctx.pool, ctx.workspaceId, ctx.session.userId, input)),
  recordDispute: caseWorkers
    .input(RecordDisputeInput)
    .mutation(({ ctx, input }) => recordDisputeByAgent(ctx.pool, ctx.workspaceId, ctx.session.userId, input)),
  changePreferredChannel: caseWorkers
    .input(ChangePreferredChannelInput)
    .mutation(({ ctx, input }) => changePreferredChannelByAgent(ctx.pool, ctx.workspaceId, ctx.session.userId, input)),
  updateContact: caseWorkers
    .input(UpdateContactInput)
    .mutation(({ ctx, input }) => updateContactByAgent(ctx.pool, ctx.workspaceId, ctx.session.userId, input)),
  sendMessage: caseWorkers
    .input(SendOneOffMessageInput)
    .mutation(({ ctx, input }) => sendMessageByAgent(ctx.pool, ctx.workspaceId, ctx.session.userId, input)),
  moveToFlow: caseWorkers
    .input(MoveToFlowInput)
    .mutation(({ ctx, input }) => moveCaseByAgent(ctx.pool, ctx.workspaceId, ctx.session.userId, input)),
});
