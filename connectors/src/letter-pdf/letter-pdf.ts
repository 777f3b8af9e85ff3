/**
 * Letters to PDF (`letter-pdf`): each rendered letter (an A4 page in DIN 5008 layout with the
 * address in the window of a C5/6 (DL) envelope, fold marks, the paylink QR and the EPC069-12
 * GiroCode, all drawn by the letter template) is printed to PDF by headless Chromium
 * (`playwright-core`, the system's Chromium) and handed to the print drop folder
 * (`print-folder`: PDF plus JSON manifest per letter, see there), where the print shop or mail
 * room collects it. A letter counts as sent once handed over; one already there is not printed
 * again, and after an interrupted hand-over the folder says which letters it has.
 *
 * One browser serves the connector (started on first use); its pages are kept and reused, and a
 * batch prints `parallel` letters at once.
 */
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { z } from 'zod';
import { createPrintFolder, PrintFolderSettings } from '../print-folder/print-folder.ts';
import {
  type ChannelConnector,
  type ConnectorContext,
  defineConnector,
  type OutboundMessage,
  type SendResult,
} from '../sdk/define-connector.ts';
import { chromiumArgs, findChromium } from './system-chromium.ts';

export const LetterPdfSettings = PrintFolderSettings.extend({
  /** Letters printed at the same time. Default: 4. */
  parallel: z.number().int().min(1).max(16).default(4).meta({ title: 'Letters at once' }),
});
export type LetterPdfSettings = z.output<typeof LetterPdfSettings>;

function createLetterPdf(settings: LetterPdfSettings, context: ConnectorContext): ChannelConnector {
  const printer = createPrintFolder(settings);
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
    const already = (await printer.handedOver([message.id])).get(message.id);
    if (already) return { status: 'sent', providerMessageId: already, reportExpected: false };
    const pdf = await withPage(async (page) => {
      await page.setContent(html, { waitUntil: 'load' });
      return page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    });
    const { reference } = await printer.handOver({
      messageId: message.id,
      pdf,
      addressLines: message.recipient.split('\n'),
      language: message.content.language,
    });
    return { status: 'sent', providerMessageId: reference, reportExpected: false };
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
    async findHandedOver(messageIds) {
      return new Set((await printer.handedOver(messageIds)).keys());
    },
    async testConnection() {
      const folder = await printer.testConnection();
      if (!folder.ok) return folder;
      try {
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
    'Prints each letter to PDF (A4, for C5/6 DL window envelopes) with a JSON manifest into a folder your print shop or mail room collects.',
  settings: LetterPdfSettings,
  secretFields: [],
  create: (settings, context) => createLetterPdf(settings, context),
});
