/**
 * A double of Example ERP's open-items API on loopback, for the connector's tests: the same
 * endpoint, bearer key, paging and error bodies as the real API (change it with the connector).
 * Tests change the data as a bookkeeper would: `putItem` adds or changes an open item, which
 * gives it the next sequence number, so the next pull sees it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExampleErpOpenItem } from './example-erp.ts';

export interface ExampleErpDouble {
  /** The API address to configure, e.g. http://127.0.0.1:41234/api. */
  apiUrl: string;
  apiKey: string;
  /** Adds or changes an item (by invoice number); returns it with its new sequence. */
  putItem(item: Omit<ExampleErpOpenItem, 'sequence'>): ExampleErpOpenItem;
  /** The requests received, e.g. `GET /api/open-items?after=0&limit=100`. */
  requests: string[];
  close(): Promise<void>;
}

export async function startExampleErpDouble(apiKey = 'example-erp-test-key'): Promise<ExampleErpDouble> {
  const items = new Map<string, ExampleErpOpenItem>();
  const requests: string[] = [];
  let sequence = 0;

  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const url = new URL(request.url ?? '/', 'http://double');
    if (request.method !== 'GET' || url.pathname !== '/api/open-items') return send(404, { error: 'not found' });
    if (request.headers.authorization !== `Bearer ${apiKey}`) return send(401, { error: 'invalid api key' });
    const after = Number(url.searchParams.get('after') ?? 0);
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 100), 500);
    const changed = [...items.values()].filter((item) => item.sequence > after).sort((a, b) => a.sequence - b.sequence);
    send(200, { items: changed.slice(0, limit), hasMore: changed.length > limit });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    apiKey,
    putItem(item) {
      sequence += 1;
      const stored = { ...item, sequence };
      items.set(item.invoiceNumber, stored);
      return stored;
    },
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
