/**
 * The REST API v1 at /api/v1: API-key authentication, the endpoints, error responses in one
 * shape, and the OpenAPI document at /api/v1/openapi.json (public).
 */
import type { FastifyInstance } from 'fastify';
import { authenticateApiKey } from '../../api-keys/api-key-queries.ts';
import type { Logger } from '../../logging/logger.ts';
import type { ApiContext } from './api-context.ts';
import { ApiProblem, toApiError } from './api-error.ts';
import { casesEndpoints } from './cases-endpoints.ts';
import { debtorsEndpoint } from './debtors-endpoint.ts';
import { invoicesEndpoint } from './invoices-endpoint.ts';
import { messagesEndpoint } from './messages-endpoint.ts';
import { openApiDocument } from './openapi-document.ts';
import { paymentsEndpoint } from './payments-endpoint.ts';
import { webhooksEndpoints } from './webhooks-endpoints.ts';

export interface ApiV1Options extends ApiContext {
  logger: Logger;
}

export async function apiV1(app: FastifyInstance, options: ApiV1Options): Promise<void> {
  const document = openApiDocument();
  app.get('/openapi.json', { config: { public: true } }, async () => document);

  app.decorateRequest('apiCaller', null);
  app.addHook('onRequest', async (request) => {
    if ((request.routeOptions.config as { public?: boolean }).public) return;
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    request.apiCaller = match ? await authenticateApiKey(options.pool, match[1]!) : null;
    if (!request.apiCaller) {
      throw new ApiProblem(
        401,
        'unauthorized',
        match
          ? 'This API key is not valid (revoked, or mistyped).'
          : 'Send an API key as "Authorization: Bearer cfk_…". Admins create keys with `collectflow api-key create`.',
      );
    }
  });

  app.setErrorHandler((error, request, reply) => {
    const known = toApiError(error);
    if (known) return reply.code(known.status).send(known.body);
    // Fastify's own: unreadable JSON, a body too large, an unknown content type, a wrong method.
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      const code = status === 413 ? 'body_too_large' : status === 415 ? 'unsupported_media_type' : 'invalid_request';
      const message =
        status === 413
          ? 'The body is too large; send at most 10,000 items per request.'
          : status === 415
            ? 'Send the body as JSON (Content-Type: application/json).'
            : `The request could not be read: ${(error as Error).message}`;
      return reply.code(status).send({ error: { code, message } });
    }
    options.logger.error({ err: error, url: request.url }, 'REST API request failed');
    return reply.code(500).send({
      error: { code: 'internal', message: 'Something went wrong on our side. Please try again in a moment.' },
    });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: {
        code: 'not_found',
        message: `There is no ${request.method} ${request.url} in the API; see /api/v1/openapi.json.`,
      },
    }),
  );

  debtorsEndpoint(app, options);
  invoicesEndpoint(app, options);
  paymentsEndpoint(app, options);
  casesEndpoints(app, options);
  messagesEndpoint(app, options);
  webhooksEndpoints(app, options);
}
