import type { ImportRecord, ImportSource } from '@collectflow/shared';
import { trpc } from '$lib/api/trpc.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async () => {
  const [sources, imports] = await Promise.all([trpc.imports.sources.query(), trpc.imports.list.query()]);
  return { sources: sources as ImportSource[], imports: imports as ImportRecord[] };
};
