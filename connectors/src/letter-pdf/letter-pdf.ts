/**
 * Letters to PDF (`letter-pdf`): each rendered letter (an A4 page in DIN 5008 layout with the
 * address in the window of a C5/DL envelope, fold marks, the paylink QR and the EPC069-12
 * GiroCode, all drawn by the letter template) is printed to PDF by headless Chromium
 * (`playwright-core`, the system's Chromium) and written into the print folder that the print
 * shop or mail room collects from: `<folder>/<yyyy-mm-dd>/<message id>.pdf`. A file is written
 * under a temporary name and renamed when complete, so a collector never takes half a letter,
 * and a letter already in the folder is not printed twice.
 *
 * One browser serves the connector (started on first use); its pages are kept and reused, and a
 * batch prints `parallel` letters at once.
 */
import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { z } from 'zod';
import {
  type ChannelConnector,
  type ConnectorContext,
  defineConnector,
  type OutboundMessage,
  type SendResult,
} from '../sdk/define-connector.ts';
import { chromiumArgs, findChromium } from './system-chromium.ts';

export const LetterPdfSettings = z.object({
  folder: z
    .string()
    .trim()
    .refine((value) => path.isAbsolute(value), { message: 'Use a full path such as /srv/print/outbox.' })
    .meta({ title: 'Print folder', description: 'Where the PDFs go for the print shop or mail room to collect.' }),
  /** Letters printed at the same time. Default: 4. */
  parallel: z.number().int().min(1).max(16).default(4).meta({ title: 'Letters at once' }),
});
export type LetterPdfSettings = z.output<typeof LetterPdfSettings>;

/** Where a message's PDF lands: by day of sending, named by the message id. */
export function letterPdfPath(folder: string, messageId: string, day = new Date()): string {
  return path.join(folder, day.toISOString().slice(0, 10), `${messageId}.pdf`);
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

function createLetterPdf(settings: LetterPdfSettings, context: ConnectorContext): ChannelConnector {
  let browser: Promise<Browser> | null = null;
  let printing: Promise<BrowserContext> | null = null;
  /** Pages between letters: opening one costs more than printing a letter, so they are reused. */
  const idle: Page[] = [];
  const launch = () => {
    browser ??= chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
    return browser;
  };
  // The letter is self-contained (inline CSS, QR codes as data: images): offline and without
  // scripts, nothing in it can reach the network.
  const printContext = () => {
    printing ??= launch().then((running) => running.newContext({ offline: true, javaScriptEnabled: false }));
    return printing;
  };

  async function withPage<T>(use: (page: Page) => Promise<T>): Promise<T> {
    const page = idle.pop() ?? (await (await printContext()).newPage());
    try {
      const result = await use(page);
      idle.push(page);
      return result;
    } catch (error) {
      await page.close().catch(() => {});
      throw error;
    }
  }

  async function printOne(message: OutboundMessage): Promise<SendResult> {
    if (message.channel !== 'letter' || message.content.html === null) {
      return { status: 'failed', retryable: false, reason: `letter-pdf prints letters, not ${message.channel}` };
    }
    const html = message.content.html;
    const target = letterPdfPath(settings.folder, message.id);
    if (await exists(target)) return { status: 'sent', providerMessageId: target, reportExpected: false };
    const pdf = await withPage(async (page) => {
      await page.setContent(html, { waitUntil: 'load' });
      return page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    });
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(`${target}.part`, pdf);
    await rename(`${target}.part`, target);
    return { status: 'sent', providerMessageId: target, reportExpected: false };
  }

  async function safely(message: OutboundMessage): Promise<SendResult> {
    try {
      return await printOne(message);
    } catch (error) {
      context.log?.('error', 'A letter could not be printed to PDF', { messageId: message.id });
      return {
        status: 'failed',
        retryable: true,
        reason: `the letter could not be printed: ${(error as Error).message}`,
      };
    }
  }

  return {
    async send(messages) {
      const results: SendResult[] = new Array(messages.length);
      let next = 0;
      const worker = async () => {
        while (next < messages.length) {
          const index = next++;
          results[index] = await safely(messages[index]!);
        }
      };
      await Promise.all(Array.from({ length: Math.min(settings.parallel, messages.length) }, worker));
      return results;
    },
    async testConnection() {
      try {
        await mkdir(settings.folder, { recursive: true });
        await writeFile(path.join(settings.folder, '.collectflow-check'), new Date().toISOString());
        await launch();
        return { ok: true };
      } catch (error) {
        return { ok: false, reason: (error as Error).message };
      }
    },
    async close() {
      const running = browser;
      browser = null;
      printing = null;
      idle.length = 0;
      if (running) await (await running).close();
    },
  };
}

export const letterPdf = defineConnector({
  id: 'letter-pdf',
  kind: 'channel',
  channel: 'letter',
  label: 'Letters as PDF to a print folder',
  description:
    'Prints each letter to PDF (A4, for C5/DL window envelopes) into a folder your print shop or mail room collects.',
  settings: LetterPdfSettings,
  secretFields: [],
  create: (settings, context) => createLetterPdf(settings, context),
});
