import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RenderedMessage } from '@collectflow/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelConnector, OutboundMessage } from '../sdk/define-connector.ts';
import { LetterPdfSettings, letterPdf, letterPdfPath } from './letter-pdf.ts';

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
    const results = await connector.send([first, second]);
    const target = letterPdfPath(folder, first.id);
    expect(results).toEqual([
      { status: 'sent', providerMessageId: target, reportExpected: false },
      { status: 'sent', providerMessageId: letterPdfPath(folder, second.id), reportExpected: false },
    ]);
    const pdf = await readFile(target);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // One page, A4 (595 × 842 points).
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 59[45](\.\d+)? 84[12](\.\d+)?\]/);
    const printed = (await stat(target)).mtimeMs;
    // Sent again (a retry after a crash): the letter in the folder is not printed twice.
    await connector.send([first]);
    expect((await stat(target)).mtimeMs).toBe(printed);
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
});
