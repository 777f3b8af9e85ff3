import type { WebhookSubscription } from '@collectflow/shared';
import { trpc } from '$lib/api/trpc.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async () => ({ webhooks: (await trpc.webhooks.list.query()) as WebhookSubscription[] });
