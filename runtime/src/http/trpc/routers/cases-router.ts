/** Cases for the designer (so far: choosing one for a flow's test run). */
import { CaseChoiceInput, roleGroups } from '@collectflow/shared';
import { listCaseChoices } from '../../../cases/case-choices.ts';
import { authedProcedure, router } from '../trpc.ts';

export const casesRouter = router({
  choices: authedProcedure(roleGroups.everyone)
    .input(CaseChoiceInput.default({ search: '', limit: 20 }))
    .query(({ ctx, input }) => listCaseChoices(ctx.pool, ctx.workspaceId, input)),
});
