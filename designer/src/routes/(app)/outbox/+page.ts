import type { OutboxPage } from '@collectflow/shared';
import { trpc } from '$lib/api/trpc.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async () => ({ page: (await trpc.outbox.list.query({})) as OutboxPage });
