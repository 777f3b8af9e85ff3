import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { createLogger } from '../logging/logger.ts';
import { inlineScriptHashes } from './content-security-policy.ts';
import { buildServer } from './server.ts';
import { createTestWorkspace, testPassword } from './trpc/testing/callers.ts';

const db = useTestDatabase();
let app: FastifyInstance;
let workspace: Awaited<ReturnType<typeof createTestWorkspace>>;
const bootstrap = 'import("/_app/start.js").then((app) => app.start())';
const indexHtml = `<!doctype html><html><head></head><body><div id="app"></div><script>${bootstrap}</script></body></html>`;

beforeAll(async () => {
  workspace = await createTestWorkspace(db.pool, 'Http Test');
  const designerDir = await mkdtemp(path.join(os.tmpdir(), 'designer-'));
  await writeFile(path.join(designerDir, 'index.html'), indexHtml);
  app = await buildServer({
    pool: db.pool,
    logger: createLogger('silent', false),
    worker: null,
    designerDir,
    secureCookies: false,
    trustProxy: false,
    idleHours: 168,
  });
});
afterAll(() => app?.close());

const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/trpc/auth.signIn',
    headers: { 'content-type': 'application/json', ...headers },
    payload: { email, password },
  });

describe('HTTP server', () => {
  it('answers /healthz while the process lives', async () => {
    const response = await app.inject('/healthz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok' });
  });

  it('reports not ready until some worker sends a heartbeat, naming the failing check', async () => {
    const notReady = await app.inject('/readyz');
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toEqual({
      ready: false,
      checks: {
        database: { ok: true },
        migrations: { ok: true, pending: [] },
        worker: { ok: false, source: 'heartbeat' },
      },
    });
    await db.pool.query(`insert into worker_heartbeats (worker_id, hostname, pid) values ('w1', 'elsewhere', 1)`);
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().ready).toBe(true);
  });

  it('signs in over HTTP with an httpOnly, SameSite=Lax session cookie, then knows the user', async () => {
    const response = await signIn(workspace.members.agent.email, testPassword);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'cf_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    const me = await app.inject({ url: '/trpc/auth.me', cookies: { cf_session: cookie!.value } });
    expect(me.json().result.data).toMatchObject({ email: workspace.members.agent.email, role: 'agent' });
  });

  it('slides the idle expiry of an active session, writing at most once a minute', async () => {
    const cookie = (await signIn(workspace.members.marketing.email, testPassword)).cookies[0]!;
    const fresh = await app.inject({ url: '/trpc/auth.me', cookies: { cf_session: cookie.value } });
    expect(fresh.cookies).toEqual([]);

    await db.pool.query(
      `update sessions set last_seen_at = now() - interval '2 minutes', expires_at = now() + interval '1 hour'
        where user_id = $1`,
      [workspace.members.marketing.id],
    );
    const idle = await app.inject({ url: '/trpc/auth.me', cookies: { cf_session: cookie.value } });
    const renewed = idle.cookies.find((c) => c.name === 'cf_session');
    expect(renewed?.value).toBe(cookie.value);
    expect(renewed!.expires!.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    const { rows } = await db.pool.query(
      `select bool_and(last_seen_at > now() - interval '10 seconds') as touched from sessions where user_id = $1`,
      [workspace.members.marketing.id],
    );
    expect(rows[0].touched).toBe(true);
  });

  it('answers a wrong password with 401 and a readable message, and an unknown cookie as signed out', async () => {
    const response = await signIn(workspace.members.agent.email, 'wrong password');
    expect(response.statusCode).toBe(401);
    expect(response.json().error.message).toBe(
      'That e-mail address and password do not match. Check both and try again.',
    );
    const me = await app.inject({ url: '/trpc/auth.me', cookies: { cf_session: 'forged-token' } });
    expect(me.json().result.data).toBeNull();
  });

  it('returns a viewer’s forbidden call as 403 without internals', async () => {
    const cookie = (await signIn(workspace.members.viewer.email, testPassword)).cookies[0]!;
    const response = await app.inject({
      method: 'POST',
      url: '/trpc/brands.update',
      headers: { 'content-type': 'application/json' },
      cookies: { cf_session: cookie.value },
      payload: { id: '00000000-0000-4000-8000-000000000000', name: 'x' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.body).not.toMatch(/stack|\.ts:/);
  });

  it('refuses API mutations from another origin', async () => {
    const response = await signIn(workspace.members.admin.email, testPassword, { origin: 'https://evil.example' });
    expect(response.statusCode).toBe(403);
  });

  it('sends security headers, allowing exactly the designer’s inline bootstrap script', async () => {
    const response = await app.inject({ url: '/flows', headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(indexHtml);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain(`script-src 'self' ${inlineScriptHashes(indexHtml)[0]}`);
    expect(csp).toContain("frame-ancestors 'none'");
    // Brand logos (on the creditor's https site) show in previews and on paylink pages; scripts never.
    expect(csp).toContain("img-src 'self' data: blob: https:");
    expect(csp).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it('serves the app at the root address too', async () => {
    const response = await app.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(indexHtml);
  });

  it('answers unknown API paths with JSON 404, not the app', async () => {
    const response = await app.inject({ url: '/trpc-nothing/here', headers: { accept: 'application/json' } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'Not found', path: '/trpc-nothing/here' });
  });
});

describe('inlineScriptHashes', () => {
  it('hashes inline scripts only', () => {
    const hashes = inlineScriptHashes(
      '<script src="/a.js"></script><script type="module">x()</script><script> </script>',
    );
    expect(hashes).toEqual(["'sha256-D6IGS8VMvCoyaR/l0h9tERrBTATY01CoPS7l6xDv0kI='"]);
  });
});
