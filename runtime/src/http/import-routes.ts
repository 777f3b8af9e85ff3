/**
 * The designer's file routes for imports (tRPC takes JSON; files go here), for signed-in
 * administrators, same-origin only:
 *
 * - `POST /api/imports/uploads?name=<file name>` with the file as the body (any content type):
 *   stored for the mapping step, answered with `{uploadId, fileName, bytes}`;
 * - `GET /api/imports/:id/rejected.csv`: an import's rejected rows with their reasons, to
 *   correct and import again.
 */
import type { Readable } from 'node:stream';
import { roleGroups } from '@collectflow/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findSession, type Session } from '../auth/session-queries.ts';
import { hashSessionToken, sessionCookieName } from '../auth/session-token.ts';
import type { Pool } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import { importRejections } from '../imports/import-records.ts';
import { rejectedRowsCsv } from '../imports/import-report-csv.ts';
import { maxUploadBytes, type UploadStore } from '../imports/upload-store.ts';

export interface ImportRouteOptions {
  pool: Pool;
  uploads: UploadStore;
}

const uuid = /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;

/** The signed-in administrator, or null with the refusal sent. */
async function administrator(pool: Pool, request: FastifyRequest, reply: FastifyReply): Promise<Session | null> {
  const token = request.cookies[sessionCookieName];
  const session = token ? await findSession(pool, hashSessionToken(token)) : null;
  if (!session) {
    await reply.code(401).send({ error: 'Your session has ended. Please sign in again.' });
    return null;
  }
  if (!(roleGroups.admins as readonly string[]).includes(session.role)) {
    await reply.code(403).send({ error: `Your role (${session.role}) does not allow importing files.` });
    return null;
  }
  return session;
}

export async function importRoutes(app: FastifyInstance, options: ImportRouteOptions): Promise<void> {
  const { pool, uploads } = options;
  // The body stays a stream: a file of hundreds of megabytes goes to disk, never into memory.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { bodyLimit: maxUploadBytes }, (_request, payload, done) => done(null, payload));

  app.post<{ Querystring: { name?: string } }>('/api/imports/uploads', async (request, reply) => {
    const session = await administrator(pool, request, reply);
    if (!session) return reply;
    try {
      const upload = await uploads.save(
        session.workspaceId,
        request.query.name ?? 'upload.csv',
        request.body as Readable,
      );
      return { uploadId: upload.id, fileName: upload.fileName, bytes: upload.bytes };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return reply.code(400).send({ error: error.message });
    }
  });

  app.get<{ Params: { id: string } }>('/api/imports/:id/rejected.csv', async (request, reply) => {
    const session = await administrator(pool, request, reply);
    if (!session) return reply;
    if (!uuid.test(request.params.id)) return reply.code(404).send({ error: 'There is no such import.' });
    try {
      const rejections = await importRejections(pool, session.workspaceId, request.params.id);
      const name = rejections.fileName.replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_');
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}-rejected-rows.csv"`)
        .header('cache-control', 'no-store')
        .send(`\ufeff${rejectedRowsCsv(rejections)}`);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'NOT_FOUND')
        return reply.code(404).send({ error: error.message });
      throw error;
    }
  });
}
