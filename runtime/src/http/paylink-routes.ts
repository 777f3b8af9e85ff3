/**
 * The paylink page's API (public: the token is the key):
 *
 * - `GET /api/paylinks/:token`: what the page shows;
 * - `POST /api/paylinks/:token/promise {date}`: the debtor promises to pay by that date;
 * - `POST /api/paylinks/:token/plan {count}`: the debtor chooses an installment plan;
 * - `POST /api/paylinks/:token/contact {preferredChannel}`: how the debtor wants to be reached;
 * - `POST /api/paylinks/:token/dispute {kind, message, attachment}`: "already paid", "not mine" …;
 * - `POST /api/paylinks/:token/checkout`: "Pay now" — the payment provider's checkout page;
 * - `GET /api/paylinks/:token/checkouts/:id`: back from the provider, how the payment stands.
 *
 * An unknown token gets 404 and says nothing about why; answers are never cached or indexed.
 */

import {
  ChoosePlanInput,
  ContactPreferenceInput,
  DisputeInput,
  issueMessage,
  PromiseToPayInput,
} from '@collectflow/shared';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { WorkspaceConnectors } from '../connectors/workspace-connectors.ts';
import type { Pool } from '../db/pool.ts';
import { openDispute } from '../disputes/disputes.ts';
import { DomainError } from '../errors/domain-error.ts';
import { choosePreferredChannel } from '../paylinks/contact-preference.ts';
import { paylinkDeviceOf } from '../paylinks/paylink-device.ts';
import { visitPaylink } from '../paylinks/paylink-visit.ts';
import { makePromise } from '../paylinks/promise-to-pay.ts';
import { checkoutStatusFor, startCheckout } from '../payments/checkouts.ts';
import { agreePlan } from '../plans/installment-plans.ts';

export interface PaylinkRouteOptions {
  pool: Pool;
  workspaceConnectors: WorkspaceConnectors;
  /** The service's public address; default: the address the request came to. */
  publicUrl?: string;
}

const statusOf = { NOT_FOUND: 404, CONFLICT: 409, SERVICE_UNAVAILABLE: 503 } as Record<string, number>;

/** A refusal in the debtor's words, or the error again when it is a bug. */
function refuse(reply: FastifyReply, error: unknown) {
  if (!(error instanceof DomainError)) throw error;
  return reply.code(statusOf[error.code] ?? 400).send({ error: error.message });
}

const uuid = /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;

export async function paylinkRoutes(app: FastifyInstance, options: PaylinkRouteOptions): Promise<void> {
  app.get<{ Params: { token: string } }>('/api/paylinks/:token', async (request, reply) => {
    reply.header('cache-control', 'no-store, private').header('x-robots-tag', 'noindex');
    const view = await visitPaylink(options.pool, request.params.token, paylinkDeviceOf(request.headers['user-agent']));
    if (!view)
      return reply
        .code(404)
        .send({ error: 'This payment link does not exist. Please use the link from your most recent message.' });
    return view;
  });

  app.post<{ Params: { token: string } }>('/api/paylinks/:token/promise', async (request, reply) => {
    reply.header('cache-control', 'no-store, private');
    const input = PromiseToPayInput.safeParse(request.body ?? {});
    if (!input.success) return reply.code(400).send({ error: 'Choose a date.' });
    try {
      await makePromise(options.pool, request.params.token, input.data.date);
    } catch (error) {
      return refuse(reply, error);
    }
    return visitPaylink(options.pool, request.params.token);
  });

  app.post<{ Params: { token: string } }>('/api/paylinks/:token/contact', async (request, reply) => {
    reply.header('cache-control', 'no-store, private');
    const input = ContactPreferenceInput.safeParse(request.body ?? {});
    if (!input.success) return reply.code(400).send({ error: 'Choose e-mail, SMS or letter.' });
    try {
      await choosePreferredChannel(options.pool, request.params.token, input.data.preferredChannel);
    } catch (error) {
      return refuse(reply, error);
    }
    return visitPaylink(options.pool, request.params.token);
  });

  // Up to 5 MB of attachment, base64 in JSON: 7 MB.
  app.post<{ Params: { token: string } }>(
    '/api/paylinks/:token/dispute',
    { bodyLimit: 7 * 1024 * 1024 },
    async (request, reply) => {
      reply.header('cache-control', 'no-store, private');
      const input = DisputeInput.safeParse(request.body ?? {});
      if (!input.success) return reply.code(400).send({ error: issueMessage(input.error.issues[0]!) });
      try {
        await openDispute(options.pool, request.params.token, input.data);
      } catch (error) {
        return refuse(reply, error);
      }
      return visitPaylink(options.pool, request.params.token);
    },
  );

  app.post<{ Params: { token: string } }>('/api/paylinks/:token/plan', async (request, reply) => {
    reply.header('cache-control', 'no-store, private');
    const input = ChoosePlanInput.safeParse(request.body ?? {});
    if (!input.success) return reply.code(400).send({ error: 'Choose one of the plans offered.' });
    try {
      await agreePlan(options.pool, request.params.token, input.data.count);
    } catch (error) {
      return refuse(reply, error);
    }
    return visitPaylink(options.pool, request.params.token);
  });

  app.post<{ Params: { token: string } }>('/api/paylinks/:token/checkout', async (request, reply) => {
    reply.header('cache-control', 'no-store, private');
    try {
      const publicUrl = options.publicUrl ?? `${request.protocol}://${request.host}`;
      return await startCheckout(options.pool, options.workspaceConnectors, publicUrl, request.params.token);
    } catch (error) {
      return refuse(reply, error);
    }
  });

  app.get<{ Params: { token: string; checkoutId: string } }>(
    '/api/paylinks/:token/checkouts/:checkoutId',
    async (request, reply) => {
      reply.header('cache-control', 'no-store, private').header('x-robots-tag', 'noindex');
      if (!uuid.test(request.params.checkoutId)) return reply.code(404).send({ error: 'There is no such payment.' });
      try {
        const status = await checkoutStatusFor(
          options.pool,
          options.workspaceConnectors,
          request.params.token,
          request.params.checkoutId,
        );
        return { status };
      } catch (error) {
        return refuse(reply, error);
      }
    },
  );
}
