import type { ConnectorConfigSummary, ImportSource } from '@collectflow/shared';
import { trpc } from '$lib/api/trpc.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent }) => {
  const { user } = await parent();
  const isAdmin = user.role === 'admin';
  const [connectors, types, importSources] = await Promise.all([
    trpc.connectors.list.query(),
    trpc.connectors.types.query(),
    isAdmin ? trpc.imports.sources.query() : Promise.resolve([]),
  ]);
  return {
    connectors: connectors as ConnectorConfigSummary[],
    types,
    isAdmin,
    importSources: importSources as ImportSource[],
  };
};
