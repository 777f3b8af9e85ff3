/**
 * Serves the built designer (a single-page app): hashed assets cached for a year, and
 * `index.html` for every other page address so that the client-side router can take over; and
 * the public paylink page at `/p/<token>` (`paylink/index.html`, a bundle of its own).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export interface DesignerBuild {
  dir: string;
  indexHtml: string;
  /** The public paylink page (its own small bundle in `paylink/`); null when not built. */
  paylinkHtml: string | null;
}

/** Reads the built designer, or returns null when it has not been built. */
export function readDesignerBuild(dir: string): DesignerBuild | null {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) return null;
  const paylink = path.join(dir, 'paylink', 'index.html');
  return {
    dir,
    indexHtml: readFileSync(index, 'utf8'),
    paylinkHtml: existsSync(paylink) ? readFileSync(paylink, 'utf8') : null,
  };
}

const apiPrefixes = ['/trpc', '/healthz', '/readyz'];

export async function serveDesigner(app: FastifyInstance, build: DesignerBuild | null, missingDir: string) {
  if (build) {
    await app.register(fastifyStatic, {
      root: build.dir,
      index: false,
      wildcard: true,
      setHeaders(reply, filePath) {
        const immutable =
          filePath.includes(`${path.sep}immutable${path.sep}`) ||
          filePath.includes(`${path.sep}paylink${path.sep}assets${path.sep}`);
        reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  const sendApp = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(build?.indexHtml);

  // The static plugin answers folders (including `/`) with 403; the root address is the app.
  if (build) app.get('/', (_request, reply) => sendApp(reply));

  // A debtor's paylink: the small public page, which loads its case from /api/paylinks/<token>.
  app.get('/p/:token', (_request, reply) => {
    reply.header('cache-control', 'no-cache').header('x-robots-tag', 'noindex');
    if (!build?.paylinkHtml) {
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><meta charset="utf-8"><title>Payment</title><p>This page is not available right now.</p>',
        );
    }
    return reply.type('text/html; charset=utf-8').send(build.paylinkHtml);
  });

  app.setNotFoundHandler((request, reply) => {
    const wantsPage =
      request.method === 'GET' &&
      !apiPrefixes.some((prefix) => request.url.startsWith(prefix)) &&
      (request.headers.accept ?? '').includes('text/html');
    if (!wantsPage) {
      return reply.code(404).send({ error: 'Not found', path: request.url.split('?')[0] });
    }
    if (!build) {
      return reply
        .code(503)
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><meta charset="utf-8"><title>Collectflow</title>` +
            `<p>The designer has not been built (no <code>${missingDir}/index.html</code>).</p>` +
            `<p>Run <code>npm start</code>, or <code>corepack pnpm --filter @collectflow/designer build</code>.</p>`,
        );
    }
    return sendApp(reply);
  });
}
