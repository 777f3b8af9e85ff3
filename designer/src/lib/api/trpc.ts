/** The designer's typed client for the runtime's tRPC API (types only cross the package line). */
import type { AppRouter } from '@collectflow/runtime/router';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';

export const trpc = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      // Subscriptions (a case's timeline while its page is open) are server-sent events.
      condition: (operation) => operation.type === 'subscription',
      true: httpSubscriptionLink({ url: '/trpc' }),
      false: httpBatchLink({ url: '/trpc' }),
    }),
  ],
});
