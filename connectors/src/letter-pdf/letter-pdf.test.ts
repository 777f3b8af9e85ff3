import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { RenderedMessage } from '@collectflow/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printFolderPaths, readPrintManifest } from '../print-folder/print-folder.ts';
import type { ChannelConnector, OutboundMessage } from '../sdk/define-connector.ts';
import { LetterPdfSettings, letterPdf } from './letter-pdf.ts';

let folder: string;
let connector: ChannelConnector;
beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'print-'));
  connector = letterPdf.create(LetterPdfSettings.parse({ folder }), {});
});
afterAll(() => connector.close());

const letter = (id: string, html: string): OutboundMessage => ({
  id,
  channel: 'letter',
  recipient: 'Klaus Weber\nHauptstraße 1\n10115 Berlin\nDE',
  sender: null,
  content: {
    channel: 'letter',
    language: 'de',
    subject: 'Zahlungserinnerung',
    html,
    text: '',
  } satisfies RenderedMessage,
  attempt: 1,
});

const page = (body: string) =>
  `<!doctype html><html><head><style>@page { size: A4; margin: 0 } body { margin: 0 }
   .window { position: absolute; left: 20mm; top: 45mm; width: 85mm; height: 45mm }</style></head>
   <body><div class="window">Klaus Weber<br>Hauptstraße 1<br>10115 Berlin</div>${body}</body></html>`;

describe('letter-pdf', () => {
  it('prints each letter to one A4 PDF page in the print folder, once', async () => {
    const first = letter(
      '5d3c2b1a-0f9e-4d8c-b7a6-000000000001',
      page('<p style="margin-top:110mm">Sehr geehrter Herr Weber</p>'),
    );
    const second = letter(
      '5d3c2b1a-0f9e-4d8c-b7a6-000000000002',
      page('<p style="margin-top:110mm">Zweiter Brief</p>'),
    );
    expect(await connector.findHandedOver!([first.id])).toEqual(new Set());
    const results = await connector.send([first, second]);
    const target = printFolderPaths(folder, first.id).pdf;
    expect(results).toEqual([
      { status: 'sent', providerMessageId: target, reportExpected: false },
      { status: 'sent', providerMessageId: printFolderPaths(folder, second.id).pdf, reportExpected: false },
    ]);
    // The manifest beside it tells the print shop what it collects; its presence means "ready".
    const manifest = await readPrintManifest(printFolderPaths(folder, first.id).manifest);
    expect(manifest).toMatchObject({
      version: 1,
      messageId: first.id,
      file: `${first.id}.pdf`,
      pages: 1,
      paper: 'A4',
      language: 'de',
      address: ['Klaus Weber', 'Hauptstraße 1', '10115 Berlin', 'DE'],
    });
    expect(manifest.sha256).toBe(
      createHash('sha256')
        .update(await readFile(target))
        .digest('hex'),
    );
    expect(manifest.bytes).toBe((await stat(target)).size);
    expect(await connector.findHandedOver!([first.id, '5d3c2b1a-0f9e-4d8c-b7a6-00000000000f'])).toEqual(
      new Set([first.id]),
    );
    const pdf = await readFile(target);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // One page, A4 (595 × 842 points).
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 59[45](\.\d+)? 84[12](\.\d+)?\]/);
    const printed = (await stat(target)).mtimeMs;
    // Sent again (a retry after a crash): the letter in the folder is not printed twice.
    expect(await connector.send([first])).toEqual([results[0]]);
    expect((await stat(target)).mtimeMs).toBe(printed);
    // Nothing half-written is left behind.
    expect((await readdir(path.dirname(target))).filter((file) => file.endsWith('.part'))).toEqual([]);
  });

  it('refuses what is not a letter, and explains a folder it cannot use', async () => {
    const [result] = await connector.send([{ ...letter('5d3c2b1a-0f9e-4d8c-b7a6-000000000003', ''), channel: 'sms' }]);
    expect(result).toMatchObject({ status: 'failed', retryable: false });
    expect(() => LetterPdfSettings.parse({ folder: 'relative/path' })).toThrow(
      'Use a full path such as /srv/print/outbox.',
    );
    // A folder that cannot exist: its parent is a file.
    await writeFile(path.join(folder, 'a-file'), 'x');
    const blocked = letterPdf.create(LetterPdfSettings.parse({ folder: path.join(folder, 'a-file', 'print') }), {});
    expect(await blocked.testConnection()).toMatchObject({ ok: false });
    await blocked.close();
  });

  it('prints offline: a letter cannot make Chromium fetch anything', async () => {
    const requests: string[] = [];
    const server = createServer((request, response) => {
      requests.push(request.url ?? '');
      response.end('x');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const tracking = `<img src="http://127.0.0.1:${port}/pixel.png"><script>fetch('http://127.0.0.1:${port}/js')</script>`;
      const [result] = await connector.send([letter('5d3c2b1a-0f9e-4d8c-b7a6-000000000004', page(tracking))]);
      expect(result).toMatchObject({ status: 'sent' });
      expect(requests).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
