/**
 * The print drop folder (`print-folder`): the usual pickup contract of print shops and mail
 * rooms. Each letter becomes two files in `<folder>/<yyyy-mm-dd>/`:
 *
 * - `<message id>.pdf` — the letter, A4, address in the window of a C5/6 (DL) envelope;
 * - `<message id>.json` — its manifest (`PrintManifest`): file, size, SHA-256, pages, address.
 *
 * Both are written under a temporary name and renamed when complete, the PDF first: **a letter
 * is ready for pickup when its manifest exists**, and a collector that takes only manifested
 * PDFs never takes half a letter. A letter whose manifest is already there is not written again.
 */
import { createHash } from 'node:crypto';
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { definePrintConnector, type PrintConnector, type PrintJob } from '../sdk/define-connector.ts';

export const PrintFolderSettings = z.object({
  folder: z
    .string()
    .trim()
    .refine((value) => path.isAbsolute(value), { message: 'Use a full path such as /srv/print/outbox.' })
    .meta({ title: 'Print folder', description: 'Where the PDFs go for the print shop or mail room to collect.' }),
});
export type PrintFolderSettings = z.output<typeof PrintFolderSettings>;

/** What the print shop reads next to each PDF. Version 1; fields are only ever added. */
export const PrintManifest = z.object({
  version: z.literal(1),
  messageId: z.uuid(),
  /** The PDF's file name, in the same folder. */
  file: z.string(),
  bytes: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  pages: z.number().int().positive(),
  paper: z.literal('A4'),
  envelope: z.literal('C5/6 (DL) window, DIN 5008'),
  duplex: z.boolean(),
  colour: z.boolean(),
  language: z.string(),
  address: z.array(z.string()).min(1),
  createdAt: z.iso.datetime(),
});
export type PrintManifest = z.infer<typeof PrintManifest>;

const day = (date: Date) => date.toISOString().slice(0, 10);

/** Where a letter's files go: by day of hand-over, named by the message id. */
export function printFolderPaths(folder: string, messageId: string, date = new Date()) {
  const base = path.join(folder, day(date), messageId);
  return { pdf: `${base}.pdf`, manifest: `${base}.json` };
}

/** Pages in a PDF as Chromium writes it (one `/Type /Page` object per page). */
export function countPdfPages(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
}

async function writeAtomically(file: string, content: Buffer | string): Promise<void> {
  await writeFile(`${file}.part`, content);
  await rename(`${file}.part`, file);
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

export function createPrintFolder(settings: PrintFolderSettings): PrintConnector {
  /**
   * Manifests of these messages already in the folder: today's and yesterday's day folders, as a
   * retry after an interrupted hand-over comes within hours (a retry may cross midnight).
   */
  async function handedOver(messageIds: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const now = Date.now();
    for (const messageId of messageIds) {
      for (const date of [new Date(now), new Date(now - 86_400_000)]) {
        const { pdf, manifest } = printFolderPaths(settings.folder, messageId, date);
        if (await exists(manifest)) {
          found.set(messageId, pdf);
          break;
        }
      }
    }
    return found;
  }

  return {
    async handOver(job: PrintJob) {
      const already = (await handedOver([job.messageId])).get(job.messageId);
      if (already) return { reference: already };
      const target = printFolderPaths(settings.folder, job.messageId);
      await mkdir(path.dirname(target.pdf), { recursive: true });
      await writeAtomically(target.pdf, job.pdf);
      const manifest: PrintManifest = {
        version: 1,
        messageId: job.messageId,
        file: path.basename(target.pdf),
        bytes: job.pdf.length,
        sha256: createHash('sha256').update(job.pdf).digest('hex'),
        pages: countPdfPages(job.pdf),
        paper: 'A4',
        envelope: 'C5/6 (DL) window, DIN 5008',
        duplex: false,
        colour: true,
        language: job.language,
        address: job.addressLines,
        createdAt: new Date().toISOString(),
      };
      await writeAtomically(target.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
      return { reference: target.pdf };
    },
    handedOver,
    async testConnection() {
      try {
        await mkdir(settings.folder, { recursive: true });
        await writeFile(path.join(settings.folder, '.collectflow-check'), new Date().toISOString());
        return { ok: true };
      } catch (error) {
        return { ok: false, reason: `the print folder cannot be written: ${(error as Error).message}` };
      }
    },
    async close() {},
  };
}

/** Reads a manifest the print folder wrote (for tools and tests that collect letters). */
export async function readPrintManifest(file: string): Promise<PrintManifest> {
  return PrintManifest.parse(JSON.parse(await readFile(file, 'utf8')));
}

export const printFolder = definePrintConnector({
  id: 'print-folder',
  kind: 'print',
  label: 'Print drop folder',
  description: 'Writes each letter as PDF with a JSON manifest into a folder your print shop or mail room collects.',
  settings: PrintFolderSettings,
  secretFields: [],
  create: (settings) => createPrintFolder(settings),
});
