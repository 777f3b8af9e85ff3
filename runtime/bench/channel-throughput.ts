/**
 * Messages per second through the whole outbox path of each channel — claim, render from the
 * published template, hand over through the workspace's configured connector, record the
 * outcome — against its test double on loopback, next to the bare client sending one fixed,
 * already rendered message through the same double in the same run:
 *
 * - e-mail: `email-smtp` to the SMTP double, vs nodemailer with the same connection pool;
 * - SMS: `sinch-sms` through `@sinch/sdk-core` to the Sinch double, vs the bare SDK call;
 * - letters: `letter-pdf` printing to PDF in one Chromium, vs printing a fixed letter with the
 *   same page setup and number of pages at once.
 *
 * One sender per channel, as the worker runs it (one `send_messages` job per channel).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromiumArgs, findChromium, startSinchDouble, startSmtpDouble } from '@collectflow/connectors';
import type { Channel, RenderedMessage } from '@collectflow/shared';
import { SinchClient } from '@sinch/sdk-core';
import nodemailer from 'nodemailer';
import { chromium } from 'playwright-core';
import { createBrand } from '../src/brands/brand-queries.ts';
import { saveConnectorConfig } from '../src/connectors/connector-configs.ts';
import { WorkspaceConnectors } from '../src/connectors/workspace-connectors.ts';
import type { Pool } from '../src/db/pool.ts';
import { insertBulkCases } from '../src/demo/bulk-cases.ts';
import { demoBrand } from '../src/demo/demo-workspace.ts';
import { publishExampleTemplates } from '../src/demo/seed-demo.ts';
import { createLogger } from '../src/logging/logger.ts';
import { DispatcherRegistry } from '../src/outbox/channel-dispatcher.ts';
import { renderClaimedMessages } from '../src/outbox/render-claimed-messages.ts';
import { sendDueMessages } from '../src/outbox/send-due-messages.ts';
import { createWorkspace } from '../src/workspaces/workspace-queries.ts';

export interface ChannelCounts {
  emails: number;
  sms: number;
  letters: number;
}

export interface ChannelRate {
  /** Through the whole outbox path. */
  perSecond: number;
  /** The bare client, one fixed message, same double. */
  barePerSecond: number;
}

export interface ChannelThroughput {
  email: ChannelRate;
  sms: ChannelRate;
  letter: ChannelRate;
}

const benchSecretKey = Buffer.alloc(32, 5);
/** Connections and pages at once, the connectors' defaults, for both sides of each ratio. */
const smtpConnections = 5;
const letterPages = 4;
/** Messages a sender hands over at once (its claim batch), for the bare clients too. */
const batchSize = 100;

export async function measureChannelThroughput(pool: Pool, counts: ChannelCounts): Promise<ChannelThroughput> {
  const { id: workspaceId } = await createWorkspace(pool, 'Benchmark channels');
  const total = counts.emails + counts.sms + counts.letters;
  await insertBulkCases(pool, workspaceId, { count: total });
  const brand = await createBrand(pool, workspaceId, demoBrand);
  await publishExampleTemplates(pool, workspaceId, brand.id);

  const smtp = await startSmtpDouble({ keep: 0 });
  const sinch = await startSinchDouble({ callbackDelayMs: 0 });
  const printFolder = await mkdtemp(path.join(tmpdir(), 'collectflow-bench-letters-'));
  const connectors = new WorkspaceConnectors(pool, benchSecretKey);
  try {
    const save = (key: string, connector: string, settings: Record<string, unknown>) =>
      saveConnectorConfig(pool, benchSecretKey, workspaceId, { key, connector, name: key, settings }, null);
    await save('mail', 'email-smtp', {
      host: smtp.host,
      port: smtp.port,
      requireTls: false,
      maxConnections: smtpConnections,
      defaultFrom: { name: 'Bench', address: 'bench@example.com' },
      bounceDomain: 'bounces.example.com',
    });
    await save('sms', 'sinch-sms', {
      servicePlanId: sinch.credentials.servicePlanId,
      apiToken: sinch.credentials.apiToken,
      sender: 'Bench',
      signingSecret: sinch.credentials.smsSigningSecret,
      apiAddress: sinch.url,
    });
    await save('letter', 'letter-pdf', { folder: printFolder, parallel: letterPages });

    // Queue the messages: each case gets one, on one channel.
    const queue = async (channel: Channel, connector: string, template: string, count: number, skip: number) => {
      const recipient = { email: 'd.email', sms: 'd.phone', letter: `d.address_line1 || ', ' || d.city` }[
        channel as 'email' | 'sms' | 'letter'
      ];
      await pool.query(
        `insert into messages (workspace_id, case_id, debtor_id, channel, connector, template, recipient)
         select c.workspace_id, c.id, c.debtor_id, $2::channel, $3, $4, ${recipient}
           from cases c join debtors d on d.workspace_id = c.workspace_id and d.id = c.debtor_id
          where c.workspace_id = $1 order by c.id offset $5 limit $6`,
        [workspaceId, channel, connector, template, skip, count],
      );
    };
    await queue('email', 'mail', 'reminder-friendly', counts.emails, 0);
    await queue('sms', 'sms', 'sms-reminder', counts.sms, counts.emails);
    await queue('letter', 'letter', 'reminder-letter', counts.letters, counts.emails + counts.sms);
    const fixed = await oneRenderedMessagePerChannel(pool, workspaceId);

    const sender = {
      pool,
      dispatchers: new DispatcherRegistry([]),
      logger: createLogger('warn', false),
      workerId: 'bench',
      batchSize,
      workspaceConnectors: connectors,
    };
    const drain = async (channel: Channel, count: number) => {
      // Open the connector (pool, browser) before timing, as a running worker has it open.
      await connectors.dispatcherFor(workspaceId, { email: 'mail', sms: 'sms', letter: 'letter' }[channel as 'sms']);
      const started = performance.now();
      while ((await sendDueMessages(sender, channel, 60_000)).more);
      const seconds = (performance.now() - started) / 1000;
      const { rows } = await pool.query<{ sent: number }>(
        `select count(*)::int as sent from messages where workspace_id = $1 and channel = $2 and status = 'sent'`,
        [workspaceId, channel],
      );
      if (rows[0]!.sent !== count) {
        const { rows: failures } = await pool.query<{ failure_reason: string | null }>(
          `select distinct failure_reason from messages where workspace_id = $1 and channel = $2 and status <> 'sent'`,
          [workspaceId, channel],
        );
        const why = failures.map((row) => row.failure_reason ?? 'still queued').join('; ');
        throw new Error(`${rows[0]!.sent} of ${count} ${channel} messages were sent: ${why}`);
      }
      return count / seconds;
    };

    const emailRate = await drain('email', counts.emails);
    if (smtp.acceptedCount !== counts.emails) throw new Error(`the SMTP double took ${smtp.acceptedCount} e-mails`);
    const bareEmail = await bareNodemailer(smtp, fixed.email, counts.emails);

    const smsRate = await drain('sms', counts.sms);
    const bareSms = await bareSinchSms(sinch, fixed.sms, counts.sms);

    const letterRate = await drain('letter', counts.letters);
    const bareLetter = await bareChromiumPdf(fixed.letter, counts.letters, printFolder);

    return {
      email: { perSecond: emailRate, barePerSecond: bareEmail },
      sms: { perSecond: smsRate, barePerSecond: bareSms },
      letter: { perSecond: letterRate, barePerSecond: bareLetter },
    };
  } finally {
    await connectors.close();
    await Promise.all([smtp.close(), sinch.close()]);
    await rm(printFolder, { recursive: true, force: true });
  }
}

/** One message of each channel rendered as the sender renders it: the bare clients' fixed payload. */
async function oneRenderedMessagePerChannel(pool: Pool, workspaceId: string) {
  const { rows } = await pool.query<{ id: string; case_id: string; template: string; channel: Channel }>(
    `select distinct on (channel) id, case_id, template, channel from messages where workspace_id = $1 order by channel, id`,
    [workspaceId],
  );
  const rendered = await renderClaimedMessages(
    pool,
    rows.map((row) => ({ id: row.id, workspaceId, caseId: row.case_id, template: row.template })),
    { publicUrl: 'https://collect.example.com' },
  );
  const contentOf = (channel: Channel): RenderedMessage => {
    const outcome = rendered.get(rows.find((row) => row.channel === channel)!.id);
    if (!outcome?.ok) throw new Error(`the ${channel} template did not render`);
    return outcome.content;
  };
  return { email: contentOf('email'), sms: contentOf('sms'), letter: contentOf('letter') };
}

/** Sends `count` items in batches of `batchSize`, each batch at once, as the sender does. */
async function inBatches(count: number, send: (index: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let from = 0; from < count; from += batchSize) {
    await Promise.all(Array.from({ length: Math.min(batchSize, count - from) }, (_, offset) => send(from + offset)));
  }
  return count / ((performance.now() - started) / 1000);
}

async function bareNodemailer(
  smtp: { host: string; port: number },
  content: RenderedMessage,
  count: number,
): Promise<number> {
  const transport = nodemailer.createTransport({
    pool: true,
    host: smtp.host,
    port: smtp.port,
    ignoreTLS: true,
    maxConnections: smtpConnections,
  });
  try {
    await transport.verify();
    return await inBatches(count, (index) =>
      transport.sendMail({
        from: 'bench@example.com',
        to: `debtor${index}@example.nl`,
        subject: content.subject ?? '',
        html: content.html ?? '',
        text: content.text,
      }),
    );
  } finally {
    transport.close();
  }
}

async function bareSinchSms(
  sinch: { url: string; credentials: { servicePlanId: string; apiToken: string } },
  content: RenderedMessage,
  count: number,
): Promise<number> {
  const client = new SinchClient({
    servicePlanId: sinch.credentials.servicePlanId,
    apiToken: sinch.credentials.apiToken,
    smsHostname: sinch.url,
  });
  return inBatches(count, (index) =>
    client.sms.batches.send({
      sendSMSRequestBody: { to: [`+3161${String(index).padStart(7, '0')}`], from: 'Bench', body: content.text },
    }),
  );
}

async function bareChromiumPdf(content: RenderedMessage, count: number, folder: string): Promise<number> {
  const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
  try {
    // The same page setup as letter-pdf's: offline, no scripts, pages reused.
    const printing = await browser.newContext({ offline: true, javaScriptEnabled: false });
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      const page = await printing.newPage();
      try {
        while (next < count) {
          next += 1;
          await page.setContent(content.html ?? '', { waitUntil: 'load' });
          await page.pdf({ path: path.join(folder, `bare-${next}.pdf`), format: 'A4', printBackground: true });
        }
      } finally {
        await page.close();
      }
    };
    await Promise.all(Array.from({ length: letterPages }, worker));
    return count / ((performance.now() - started) / 1000);
  } finally {
    await browser.close();
  }
}
