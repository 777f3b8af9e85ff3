/** The designer's typed client for the runtime's tRPC API (types only cross the package line). */
import type { AppRouter } from '@collectflow/runtime/router';
import { createTRPCClient, httpBatchLink } from '@trpc/client';

export const trpc = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: '/trpc' })],
});
