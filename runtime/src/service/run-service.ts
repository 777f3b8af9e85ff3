/**
 * Runs Collectflow as a long-lived process: the HTTP server, the worker, or both. Opens the
 * database (embedded or DATABASE_URL), migrates it, optionally seeds the demo, and on SIGINT or
 * SIGTERM stops everything in order: HTTP, worker, pool, then the embedded PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/config.ts';
import { startBounceReceiver } from '../connectors/bounce-receiver.ts';
import { loadSecretKey } from '../connectors/secret-key.ts';
import { WorkspaceConnectors } from '../connectors/workspace-connectors.ts';
import { openDatabase } from '../db/database.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { createPool } from '../db/pool.ts';
import { startDemoChannels } from '../demo/demo-channels.ts';
import { demoAdminEmail, demoPassword } from '../demo/demo-workspace.ts';
import { seedDemo } from '../demo/seed-demo.ts';
import { FlowDefinitions } from '../flows/flow-definitions.ts';
import { buildServer } from '../http/server.ts';
import { importSourceByKey } from '../imports/import-sources.ts';
import { createLogger } from '../logging/logger.ts';
import { sandboxDispatcher } from '../outbox/sandbox-dispatcher.ts';
import { Paylinks } from '../paylinks/paylinks.ts';
import { startWorker, type Worker } from '../worker/worker.ts';

export interface ServiceOptions {
  server: boolean;
  worker: boolean;
  /** Seed the demo workspace if it does not exist yet. */
  demo: boolean;
}

export const defaultDesignerDir = fileURLToPath(new URL('../../../designer/build', import.meta.url));

export async function runService(config: Config, options: ServiceOptions): Promise<void> {
  const logger = createLogger(config.LOG_LEVEL);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const stops: Array<[string, () => Promise<unknown>]> = [];
  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    say(`\nStopping Collectflow (${reason})…`);
    for (const [name, stop] of stops.reverse()) {
      await stop().catch((error: unknown) => logger.debug({ err: error }, `Stopping ${name} failed`));
    }
    say('Collectflow stopped.');
  };
  // Ctrl-C reaches every process of the terminal's group, so wrappers (npm, pnpm) may forward
  // a second SIGINT at once; only a third signal forces the exit.
  let signals = 0;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      signals += 1;
      if (signals >= 3) {
        say('Forced exit.');
        process.exit(1);
      }
      if (signals === 1) void shutdown(signal).then(() => process.exit(0));
    });
  }

  try {
    if (!config.DATABASE_URL) say(`Starting the embedded PostgreSQL in ${config.dataDir}/postgres …`);
    const database = await openDatabase(config);
    stops.push(['PostgreSQL', () => database.close()]);
    const { applied } = await migrateDatabase(database.connectionString, (line) => logger.info(line));
    if (applied.length > 0)
      say(`Database migrated (${applied.length} migration${applied.length === 1 ? '' : 's'} applied).`);
    // The connections' name tells other workers this process is alive (worker/worker.ts). Short
    // and ASCII: PostgreSQL cuts names at 63 bytes, and a cut name would look like a dead worker.
    const instance = randomBytes(6).toString('hex');
    // Headroom beyond one connection per job: a sender job holds its transaction's connection
    // and briefly uses a second one for its dispatch log (at most two sender jobs per channel).
    const pool = createPool({
      connectionString: database.connectionString,
      max: config.WORKER_CONCURRENCY + 10,
      applicationName: `collectflow ${instance}`,
      onIdleError: (error) => {
        if (!stopping) logger.warn({ err: error }, 'An idle database connection failed');
      },
    });
    stops.push(['database pool', () => pool.end()]);

    const secretKey = await loadSecretKey({ configured: config.COLLECTFLOW_SECRET_KEY, dataDir: config.dataDir });

    // Bounces come back over SMTP to the return paths of sent e-mails (the bounce domain's MX).
    const bounceReceiver =
      config.BOUNCE_SMTP_PORT !== undefined || options.demo
        ? await startBounceReceiver({
            pool,
            logger: logger.child({ component: 'bounces' }),
            host: config.HOST,
            port: config.BOUNCE_SMTP_PORT ?? 0,
          })
        : null;
    if (bounceReceiver) {
      stops.push(['bounce endpoint', () => bounceReceiver.close()]);
      logger.info({ port: bounceReceiver.port }, 'Taking bounces over SMTP');
    }
    // The demo's providers are local doubles; its connectors and flows are set up against them.
    const demoChannels =
      options.demo && bounceReceiver
        ? await startDemoChannels({
            pool,
            secretKey,
            bounceTo: { host: '127.0.0.1', port: bounceReceiver.port },
            printFolder: path.join(config.dataDir, 'print-outbox'),
          })
        : null;
    if (demoChannels) stops.push(['demo channels', () => demoChannels.close()]);
    const seeded = demoChannels
      ? await seedDemo(pool, {
          setUpConnectors: demoChannels.setUpConnectors,
          importFolder: path.join(config.dataDir, 'erp-inbox'),
        })
      : null;
    if (seeded?.created) say('Demo workspace "Demo Energie" created with 1,000 debtors.');
    // Known for sure once the server listens (PORT=0 picks a port); paylinks in messages and
    // the connectors' callback addresses use it.
    let publicUrl = config.PUBLIC_URL ?? `http://${config.HOST}:${config.PORT}`;
    const workspaceConnectors = new WorkspaceConnectors(pool, secretKey, () => publicUrl);
    stops.push(['connectors', () => workspaceConnectors.close()]);

    // Published flow versions never change: server and worker share one cache of them.
    const definitions = new FlowDefinitions();
    let worker: Worker | null = null;
    if (options.worker) {
      worker = await startWorker({
        pool,
        concurrency: config.WORKER_CONCURRENCY,
        logger,
        id: `${os.hostname()}:${process.pid}:${instance}`,
        dispatchers: [sandboxDispatcher(pool, { delayMs: config.SANDBOX_LATENCY_MS })],
        definitions,
        publicUrl: () => publicUrl,
        paylinks: new Paylinks(secretKey),
        workspaceConnectors,
        secretKey,
      });
      stops.push(['worker', () => worker!.stop()]);
      say(`Worker running (${config.WORKER_CONCURRENCY} concurrent jobs).`);
    }

    if (options.server) {
      const app = await buildServer({
        pool,
        logger,
        worker,
        designerDir: config.DESIGNER_DIR ?? defaultDesignerDir,
        secureCookies: config.PUBLIC_URL?.startsWith('https:') ?? false,
        trustProxy: config.TRUST_PROXY,
        idleHours: config.SESSION_IDLE_HOURS,
        definitions,
        secretKey,
        workspaceConnectors,
        uploadsDir: path.join(config.dataDir, 'uploads'),
        ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}),
      });
      stops.push(['HTTP server', () => app.close()]);
      await app.listen({ host: config.HOST, port: config.PORT }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EADDRINUSE') throw error;
        throw new Error(
          `Port ${config.PORT} is already in use. Start with another port, e.g. PORT=3001 npm start (PORT=0 picks a free one).`,
        );
      });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.PORT;
      const host = ['0.0.0.0', '::'].includes(config.HOST) ? 'localhost' : config.HOST;
      publicUrl = config.PUBLIC_URL ?? `http://${host}:${port}`;
      demoChannels?.setPublicUrl(publicUrl);
      say('');
      say(`  Collectflow is running at ${publicUrl}`);
      if (options.demo) say(`  Sign in as ${demoAdminEmail} with password ${demoPassword}`);
      if (demoChannels) {
        say('  E-mail, SMS and calls go to local test doubles: nothing leaves this machine.');
        say(
          demoChannels.printsLetters
            ? `  Letters become PDFs in ${path.join(config.dataDir, 'print-outbox')}.`
            : '  Letters stay in the sandbox (install Chromium to print them as PDFs).',
        );
        say('  The Outbox page shows every message as its recipient would see it.');
        say('  "Pay now" on a paylink goes to a local Mollie double: choose "Paid" there, no money moves.');
        const inbox = seeded ? await importSourceByKey(pool, seeded.workspaceId, 'erp-export') : null;
        if (inbox?.watchFolder) say(`  CSV exports dropped into ${inbox.watchFolder} are imported within a minute.`);
      }
      say('  Press Ctrl-C to stop.');
      say('');
    }
  } catch (error) {
    await shutdown('start-up failed');
    throw error;
  }
}
