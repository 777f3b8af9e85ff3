/**
 * The HTTP server: tRPC for the designer at /trpc, the REST API for ERPs at /api/v1, health and
 * readiness probes, the built designer as static files, security headers, and session cookies.
 */

import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest, LogController } from 'fastify';
import { findSession, type Session, sessionTouchIntervalMs, touchSession } from '../auth/session-queries.ts';
import { hashSessionToken, sessionCookieName } from '../auth/session-token.ts';
import { defaultSignInLimits, type SignInLimits } from '../auth/sign-in-limits.ts';
import { WorkspaceConnectors } from '../connectors/workspace-connectors.ts';
import type { Pool } from '../db/pool.ts';
import { FlowDefinitions } from '../flows/flow-definitions.ts';
import { UploadImports } from '../imports/upload-imports.ts';
import { UploadStore } from '../imports/upload-store.ts';
import type { Logger } from '../logging/logger.ts';
import { Paylinks } from '../paylinks/paylinks.ts';
import type { Worker } from '../worker/worker.ts';
import { apiV1 } from './api-v1/api-v1-plugin.ts';
import { connectorCallbacks } from './connector-callbacks.ts';
import { contentSecurityPolicy, inlineScriptHashes } from './content-security-policy.ts';
import { readDesignerBuild, serveDesigner } from './designer-files.ts';
import { importRoutes } from './import-routes.ts';
import { paylinkRoutes } from './paylink-routes.ts';
import { checkReadiness } from './readiness.ts';
import { trackingRoutes } from './tracking-routes.ts';
import { createContextInner, type SessionCookie } from './trpc/context.ts';
import { type AppRouter, appRouter } from './trpc/routers/app-router.ts';

export interface ServerOptions {
  pool: Pool;
  logger: Logger;
  /** The worker running in this process, if any (for /readyz). */
  worker: Worker | null;
  designerDir: string;
  /** Whether cookies need `Secure` (the public URL is https). */
  secureCookies: boolean;
  trustProxy: boolean;
  idleHours: number;
  /** Where debtors reach this service. Default: the address each request came to. */
  publicUrl?: string;
  /** Seals connector secrets. Default: a key of this process only (secrets saved with it do not outlive it). */
  secretKey?: Buffer;
  /** The workspaces' configured connectors. Default: a registry of its own over `pool`. */
  workspaceConnectors?: WorkspaceConnectors;
  /** Default: {@link defaultSignInLimits}. */
  signInLimits?: SignInLimits;
  /** The flow definition cache to share with the worker. Default: a new one. */
  definitions?: FlowDefinitions;
  /** Where uploaded files wait for their import. Default: a folder of this process in the system's temp folder. */
  uploadsDir?: string;
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const secretKey = options.secretKey ?? randomBytes(32);
  const paylinks = new Paylinks(secretKey);
  const workspaceConnectors =
    options.workspaceConnectors ??
    new WorkspaceConnectors(options.pool, secretKey, options.publicUrl ? () => options.publicUrl! : undefined);
  const { pool, logger } = options;
  const definitions = options.definitions ?? new FlowDefinitions();
  const uploadImports = new UploadImports(
    pool,
    definitions,
    new UploadStore(options.uploadsDir ?? path.join(os.tmpdir(), `collectflow-uploads-${process.pid}`)),
    logger.child({ component: 'imports' }),
  );
  const app = Fastify({
    loggerInstance: logger.child({ component: 'http' }) as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: options.trustProxy,
    bodyLimit: 1024 * 1024,
  });
  const designer = readDesignerBuild(options.designerDir);

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: contentSecurityPolicy(designer ? inlineScriptHashes(designer.indexHtml) : []),
    hsts: options.secureCookies,
  });

  // SameSite=Lax cookies already keep other sites' forms out; refusing cross-origin API calls
  // that carry an Origin header closes the remaining gap for older browsers.
  app.addHook('onRequest', async (request, reply) => {
    if (
      request.method !== 'GET' &&
      (request.url.startsWith('/trpc') || request.url.startsWith('/api/imports')) &&
      isCrossOrigin(request)
    ) {
      return reply.code(403).send({ error: 'Cross-origin requests are not allowed.' });
    }
  });

  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax', secure: options.secureCookies } as const;
  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      async createContext({ req, res }) {
        const sessionCookie: SessionCookie = {
          set: (token, expiresAt) =>
            void res.setCookie(sessionCookieName, token, { ...cookieOptions, expires: expiresAt }),
          clear: () => void res.clearCookie(sessionCookieName, cookieOptions),
        };
        const token = req.cookies[sessionCookieName];
        let session: Session | null = null;
        if (token) {
          session = await findSession(pool, hashSessionToken(token));
          if (!session) sessionCookie.clear();
          else if (Date.now() - session.lastSeenAt.getTime() > sessionTouchIntervalMs) {
            const extendedTo = await touchSession(pool, session.sessionId, options.idleHours);
            if (extendedTo) sessionCookie.set(token, extendedTo);
          }
        }
        return createContextInner({
          pool,
          session,
          sessionCookie,
          ip: req.ip ?? null,
          userAgent: req.headers['user-agent'] ?? null,
          idleHours: options.idleHours,
          signInLimits: options.signInLimits ?? defaultSignInLimits,
          publicUrl: options.publicUrl ?? `${req.protocol}://${req.host}`,
          secretKey,
          paylinks,
          workspaceConnectors,
          uploadImports,
        });
      },
      onError({ error, path }) {
        if (error.code === 'INTERNAL_SERVER_ERROR')
          logger.error({ err: error.cause ?? error, path }, 'tRPC procedure failed');
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });

  await app.register(apiV1, {
    prefix: '/api/v1',
    pool,
    paylinks,
    secretKey,
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    definitions,
    logger: logger.child({ component: 'api' }),
  });

  await app.register(connectorCallbacks, {
    pool,
    workspaceConnectors,
    logger: logger.child({ component: 'callbacks' }),
  });

  await app.register(importRoutes, { pool, uploads: uploadImports.uploads });
  app.addHook('onClose', () => uploadImports.idle());

  await app.register(paylinkRoutes, {
    pool,
    workspaceConnectors,
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  });

  await app.register(trackingRoutes, {
    pool,
    secretKey,
    logger: logger.child({ component: 'tracking' }),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  });

  app.get('/healthz', async () => ({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) }));
  app.get('/readyz', async (_request, reply) => {
    const readiness = await checkReadiness(pool, options.worker);
    return reply.code(readiness.ready ? 200 : 503).send(readiness);
  });

  await serveDesigner(app, designer, options.designerDir);
  return app;
}

function isCrossOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}
