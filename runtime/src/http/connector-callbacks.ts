/**
 * `POST /hooks/connectors/:workspaceId/:key`: where providers call back a workspace's connector
 * (delivery reports, call events; payment webhooks, whose payments are then fetched from the
 * provider). The body is read raw, because signatures are computed over
 * its bytes; the connector checks the signature and reads the callback, then its reports and
 * the recipients' responses are recorded. An unsigned or wrongly signed callback gets 401 and
 * changes nothing; one for a connector that does not exist gets 404.
 */
import type { FastifyInstance } from 'fastify';
import { connectorCallbackPath } from '../connectors/connector-callback-url.ts';
import type { WorkspaceConnectors } from '../connectors/workspace-connectors.ts';
import type { Pool } from '../db/pool.ts';
import type { Logger } from '../logging/logger.ts';
import { recordDeliveryReports, recordRecipientResponses } from '../outbox/delivery-reports.ts';
import { syncCheckout } from '../payments/checkouts.ts';

export interface ConnectorCallbackOptions {
  pool: Pool;
  workspaceConnectors: WorkspaceConnectors;
  logger: Logger;
}

const uuid = /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;

export async function connectorCallbacks(app: FastifyInstance, options: ConnectorCallbackOptions): Promise<void> {
  // Scoped to this plugin: every body arrives as the string the provider signed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post<{ Params: { workspaceId: string; key: string } }>(connectorCallbackPath, async (request, reply) => {
    const { workspaceId, key } = request.params;
    const working = uuid.test(workspaceId)
      ? await options.workspaceConnectors.connectorFor(workspaceId, key)
      : undefined;
    const callback = {
      method: request.method,
      path: request.url,
      headers: request.headers,
      body: typeof request.body === 'string' ? request.body : '',
    };
    if (working?.kind === 'payment') {
      const reading = await working.connector.readWebhook(callback);
      if (!reading.accepted) {
        options.logger.warn({ workspaceId, connector: key, reason: reading.reason }, 'Refused a payment webhook');
        return reply.code(reading.status).send({ error: reading.reason });
      }
      for (const providerPaymentId of reading.providerPaymentIds) {
        // A provider error (5xx) lets the provider call again later; the status is only ever fetched.
        const status = await syncCheckout(options.pool, working.connector, workspaceId, key, providerPaymentId);
        if (status === null) {
          options.logger.warn(
            { workspaceId, connector: key, providerPaymentId },
            'A payment webhook named an unknown payment',
          );
        }
      }
      // Unknown payments get 200 too (Mollie's advice): the answer tells a prober nothing.
      return reply.code(200).send({ ok: true });
    }
    if (working?.kind !== 'channel' || !working.connector.handleCallback) {
      return reply.code(404).send({ error: 'There is no such connector.' });
    }
    const result = await working.connector.handleCallback(callback);
    if (!result.accepted) {
      options.logger.warn({ workspaceId, connector: key, reason: result.reason }, 'Refused a connector callback');
      return reply.code(result.status).send({ error: result.reason });
    }
    await recordDeliveryReports(options.pool, workspaceId, key, result.reports);
    await recordRecipientResponses(options.pool, workspaceId, key, result.responses ?? []);
    if (result.reply) return reply.code(200).type(result.reply.contentType).send(result.reply.body);
    return reply.code(200).send({ ok: true });
  });
}
