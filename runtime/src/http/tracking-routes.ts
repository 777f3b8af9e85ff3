/**
 * The public tracking addresses of e-mails (see tracking/tracking-links.ts):
 * - `GET /t/o/<token>.gif`: the open pixel. Always answers the image (a broken image would show
 *   in the e-mail); records the opening only for a token we signed.
 * - `GET /t/c/<token>?u=<target>`: records the click and forwards to the target. A token that
 *   does not match its target is refused with a page in plain words — never forwarded, so the
 *   address cannot be misused to send people elsewhere. If recording fails, the debtor is still
 *   forwarded: reaching the paylink matters more than the statistic.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Pool } from '../db/pool.ts';
import type { Logger } from '../logging/logger.ts';
import { isPaylinkUrl } from '../templates/paylink-url.ts';
import { recordClick, recordOpen } from '../tracking/record-engagement.ts';
import { clickRedirectPath, openPixelPath, readTrackingToken, trackingKey } from '../tracking/tracking-links.ts';

export interface TrackingRouteOptions {
  pool: Pool;
  secretKey: Buffer;
  logger: Logger;
  /** The service's public address; default: the address the request came to. */
  publicUrl?: string;
}

/** A transparent 1×1 GIF. */
const pixel = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

const damagedLinkPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>This link does not work</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1.5rem;color:#1f2937}h1{font-size:1.4rem}</style></head>
<body><h1>This link does not work</h1><p>The link is incomplete or was changed after we sent it. Please open it again from the e-mail, or copy the whole address into your browser.</p></body></html>`;

export async function trackingRoutes(app: FastifyInstance, options: TrackingRouteOptions): Promise<void> {
  const key = trackingKey(options.secretKey);
  const publicUrlOf = (request: FastifyRequest) => options.publicUrl ?? `${request.protocol}://${request.host}`;

  app.get<{ Params: { token: string } }>(openPixelPath, async (request, reply) => {
    const message = readTrackingToken(key, 'open', request.params.token.replace(/\.gif$/, ''));
    if (message) {
      await recordOpen(options.pool, message).catch((error: unknown) =>
        options.logger.error({ err: error }, 'An e-mail opening could not be recorded'),
      );
    }
    return reply
      .header('cache-control', 'no-store, private')
      .header('x-robots-tag', 'noindex')
      .type('image/gif')
      .send(pixel);
  });

  app.get<{ Params: { token: string }; Querystring: { u?: string } }>(clickRedirectPath, async (request, reply) => {
    const target = typeof request.query.u === 'string' ? request.query.u : '';
    const message = /^https?:\/\//i.test(target) ? readTrackingToken(key, 'click', request.params.token, target) : null;
    if (!message) {
      return reply.code(400).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(damagedLinkPage);
    }
    await recordClick(options.pool, message, target, isPaylinkUrl(publicUrlOf(request), target)).catch(
      (error: unknown) => options.logger.error({ err: error }, 'A click in an e-mail could not be recorded'),
    );
    return reply.code(302).header('cache-control', 'no-store').header('x-robots-tag', 'noindex').redirect(target);
  });
}
