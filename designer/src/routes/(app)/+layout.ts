import { redirect } from '@sveltejs/kit';
import { session } from '$lib/session/session.svelte.ts';
import type { LayoutLoad } from './$types';

/** Every page in this group needs a signed-in member; others go to sign-in and come back. */
export const load: LayoutLoad = async ({ url }) => {
  const user = await session.refresh();
  if (!user) redirect(307, `/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`);
  return { user };
};
