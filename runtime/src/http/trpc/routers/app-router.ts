/** The designer's API. The designer imports only the type `AppRouter` from here. */
import { router } from '../trpc.ts';
import { analyticsRouter } from './analytics-router.ts';
import { apiKeysRouter } from './api-keys-router.ts';
import { authRouter } from './auth-router.ts';
import { brandsRouter } from './brands-router.ts';
import { casesRouter } from './cases-router.ts';
import { connectorsRouter } from './connectors-router.ts';
import { flowsRouter } from './flows-router.ts';
import { importsRouter } from './imports-router.ts';
import { membersRouter } from './members-router.ts';
import { mlRouter } from './ml-router.ts';
import { outboxRouter } from './outbox-router.ts';
import { segmentsRouter } from './segments-router.ts';
import { tasksRouter } from './tasks-router.ts';
import { templatesRouter } from './templates-router.ts';
import { webhooksRouter } from './webhooks-router.ts';
import { workspaceRouter } from './workspace-router.ts';

export const appRouter = router({
  auth: authRouter,
  members: membersRouter,
  workspace: workspaceRouter,
  analytics: analyticsRouter,
  ml: mlRouter,
  brands: brandsRouter,
  cases: casesRouter,
  connectors: connectorsRouter,
  flows: flowsRouter,
  imports: importsRouter,
  outbox: outboxRouter,
  segments: segmentsRouter,
  templates: templatesRouter,
  apiKeys: apiKeysRouter,
  tasks: tasksRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;
