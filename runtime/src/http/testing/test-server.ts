/** The HTTP server for tests: built with the test secret key, and optionally listening on loopback. */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { WorkspaceConnectors } from '../../connectors/workspace-connectors.ts';
import type { Pool } from '../../db/pool.ts';
import type { Logger } from '../../logging/logger.ts';
import { buildServer } from '../server.ts';
import { testSecretKey } from '../trpc/testing/callers.ts';

/** The server, to call through `app.inject`. */
export function buildTestServer(
  pool: Pool,
  logger: Logger,
  workspaceConnectors?: WorkspaceConnectors,
): Promise<FastifyInstance> {
  return buildServer({
    pool,
    logger,
    worker: null,
    designerDir: '/nonexistent',
    secureCookies: false,
    trustProxy: false,
    idleHours: 168,
    secretKey: testSecretKey,
    ...(workspaceConnectors ? { workspaceConnectors } : {}),
  });
}

/** The server on a free loopback port, for tests that need providers or browsers to call it. */
export async function startListeningServer(
  pool: Pool,
  workspaceConnectors: WorkspaceConnectors,
  logger: Logger,
): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildTestServer(pool, logger, workspaceConnectors);
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}
