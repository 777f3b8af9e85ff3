import type { ConnectorConfigSummary } from '@collectflow/shared';
import { trpc } from '$lib/api/trpc.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
  const { user } = await parent();
  const [connectors, types] = await Promise.all([trpc.connectors.list.query(), trpc.connectors.types.query()]);
  return { connectors: connectors as ConnectorConfigSummary[], types, isAdmin: user.role === 'admin' };
};
