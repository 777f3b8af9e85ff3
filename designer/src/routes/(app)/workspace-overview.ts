import { trpc } from '$lib/api/trpc.ts';

/** The workspace's figures, loaded by the pages that show them. */
export const loadOverview = async () => ({ overview: await trpc.workspace.overview.query() });
