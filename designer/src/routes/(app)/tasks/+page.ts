import { type AgentTask, roleGroups } from '@collectflow/shared';
import { trpc } from '$lib/api/trpc.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
  const { user } = await parent();
  const handlesTasks = (roleGroups.caseWorkers as readonly string[]).includes(user.role);
  return { tasks: handlesTasks ? ((await trpc.tasks.list.query()) as AgentTask[]) : null };
};
