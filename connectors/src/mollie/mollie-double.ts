/**
 * A Mollie double on loopback for the demo and the tests. It speaks the part of Mollie's v2 API
 * that `@mollie/api-client` calls for a hosted checkout, with Mollie's payloads and errors:
 *
 * 1. `POST /v2/payments` (bearer API key) creates a payment and answers its `_links.checkout`;
 * 2. the debtor opens that checkout page — like Mollie's test mode, it lets them choose how the
 *    payment ends (paid, failed, canceled, expired) — and is sent back to the `redirectUrl`;
 * 3. the double calls the `webhookUrl` with only `id=tr_…` (form-encoded), retrying when the
 *    answer is not 2xx, as Mollie does;
 * 4. the receiver asks `GET /v2/payments/:id` for the status: the webhook body carries none.
 *
 * `GET /v2/methods` answers for "test connection". `failNextRequests` imitates an outage.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../doubles/read-body.ts';

export type MollieDoubleStatus = 'open' | 'pending' | 'paid' | 'failed' | 'canceled' | 'expired';

export interface MollieDoublePayment {
  id: string;
  status: MollieDoubleStatus;
  amount: { currency: string; value: string };
  description: string;
  redirectUrl: string | null;
  webhookUrl: string | null;
  metadata: unknown;
  locale: string | null;
  method: string | null;
  createdAt: string;
  paidAt: string | null;
  /** Idempotency key the client sent with the creation. */
  idempotencyKey: string | null;
}

export interface MollieDoubleOptions {
  /** The API key the double accepts. Default: a random `test_…` key. */
  apiKey?: string;
  /** Delays between webhook attempts after the first; Mollie's own span a day. Default: 50, 200, 1000 ms. */
  webhookRetryDelaysMs?: number[];
}

export interface MollieDouble {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The `apiEndpoint` for `@mollie/api-client`: `<url>/v2/`. */
  readonly apiEndpoint: string;
  readonly apiKey: string;
  readonly payments: Map<string, MollieDoublePayment>;
  /** Every webhook call, with the HTTP status the receiver answered (null: not reachable). */
  readonly webhookCalls: { paymentId: string; url: string; status: number | null }[];
  /** Ends a payment as the checkout page would, and calls its webhook. */
  complete(paymentId: string, status: Exclude<MollieDoubleStatus, 'open'>, method?: string): Promise<void>;
  /** The next `count` API requests get this status (an outage); nothing is created. */
  failNextRequests(count: number, status?: number): void;
  /** Resolves when every webhook started so far has been answered or given up. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const methods = [
  { id: 'ideal', description: 'iDEAL' },
  { id: 'bancontact', description: 'Bancontact' },
  { id: 'creditcard', description: 'Card' },
  { id: 'banktransfer', description: 'Bank transfer' },
];

function hal(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/hal+json' }).end(JSON.stringify(body));
}

/** Mollie's error body. */
function problem(response: ServerResponse, status: number, title: string, detail: string, field?: string): void {
  hal(response, status, {
    status,
    title,
    detail,
    ...(field ? { field } : {}),
    _links: { documentation: { href: 'https://docs.mollie.com/errors', type: 'text/html' } },
  });
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export async function startMollieDouble(options: MollieDoubleOptions = {}): Promise<MollieDouble> {
  const apiKey = options.apiKey ?? `test_${randomBytes(15).toString('hex')}`;
  const retryDelays = options.webhookRetryDelaysMs ?? [50, 200, 1000];
  const payments = new Map<string, MollieDoublePayment>();
  const idempotent = new Map<string, string>();
  const inFlight = new Set<Promise<void>>();
  let outage = { count: 0, status: 503 };
  let base = '';

  function paymentJson(payment: MollieDoublePayment) {
    const links: Record<string, { href: string; type: string }> = {
      self: { href: `${base}/v2/payments/${payment.id}`, type: 'application/hal+json' },
      dashboard: { href: `${base}/dashboard/payments/${payment.id}`, type: 'text/html' },
      documentation: { href: 'https://docs.mollie.com/reference/get-payment', type: 'text/html' },
    };
    if (payment.status === 'open') links.checkout = { href: `${base}/checkout/${payment.id}`, type: 'text/html' };
    return {
      resource: 'payment',
      id: payment.id,
      mode: 'test',
      createdAt: payment.createdAt,
      amount: payment.amount,
      description: payment.description,
      method: payment.method,
      metadata: payment.metadata,
      status: payment.status,
      isCancelable: false,
      ...(payment.status === 'open'
        ? { expiresAt: new Date(Date.parse(payment.createdAt) + 15 * 60_000).toISOString() }
        : {}),
      ...(payment.paidAt
        ? {
            paidAt: payment.paidAt,
            amountRemaining: payment.amount,
            amountRefunded: { ...payment.amount, value: '0.00' },
          }
        : {}),
      ...(payment.status === 'failed' ? { failedAt: new Date().toISOString() } : {}),
      ...(payment.status === 'canceled' ? { canceledAt: new Date().toISOString() } : {}),
      ...(payment.status === 'expired' ? { expiredAt: new Date().toISOString() } : {}),
      ...(payment.locale ? { locale: payment.locale } : {}),
      profileId: 'pfl_double',
      sequenceType: 'oneoff',
      redirectUrl: payment.redirectUrl,
      webhookUrl: payment.webhookUrl,
      _links: links,
    };
  }

  async function callWebhook(payment: MollieDoublePayment): Promise<void> {
    if (!payment.webhookUrl) return;
    for (let attempt = 0; attempt <= retryDelays.length; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, retryDelays[attempt - 1]));
      const entry = { paymentId: payment.id, url: payment.webhookUrl, status: null as number | null };
      double.webhookCalls.push(entry);
      try {
        const response = await fetch(payment.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ id: payment.id }).toString(),
        });
        entry.status = response.status;
        await response.arrayBuffer();
        if (response.ok) return;
      } catch {
        // Unreachable: Mollie tries again later.
      }
    }
  }

  function track(work: Promise<void>): Promise<void> {
    const running = work.catch(() => {}).finally(() => inFlight.delete(running));
    inFlight.add(running);
    return running;
  }

  const double: MollieDouble = {
    url: '',
    apiEndpoint: '',
    apiKey,
    payments,
    webhookCalls: [],
    async complete(paymentId, status, method = 'ideal') {
      const payment = payments.get(paymentId);
      if (!payment) throw new Error(`The Mollie double has no payment ${paymentId}.`);
      payment.status = status;
      payment.method = method;
      if (status === 'paid') payment.paidAt = new Date().toISOString();
      await track(callWebhook(payment));
    },
    failNextRequests(count, status = 503) {
      outage = { count, status };
    },
    async settled() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    async close() {
      await double.settled();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function createPayment(request: IncomingMessage, body: string, response: ServerResponse) {
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return problem(response, 400, 'Bad Request', 'The request body is not valid JSON.');
    }
    const key = request.headers['idempotency-key'];
    const idempotencyKey = typeof key === 'string' ? key : null;
    const earlier = idempotencyKey ? idempotent.get(idempotencyKey) : undefined;
    if (earlier) return hal(response, 201, paymentJson(payments.get(earlier)!));
    const amount = input.amount as { currency?: unknown; value?: unknown } | undefined;
    if (!amount || typeof amount.currency !== 'string' || typeof amount.value !== 'string') {
      return problem(response, 422, 'Unprocessable Entity', 'The amount is required.', 'amount');
    }
    if (!/^\d+(\.\d{2})$/.test(amount.value) || Number(amount.value) < 0.01) {
      return problem(response, 422, 'Unprocessable Entity', 'The amount is lower than the minimum.', 'amount');
    }
    if (typeof input.description !== 'string' || input.description.length === 0) {
      return problem(response, 422, 'Unprocessable Entity', 'The description is invalid.', 'description');
    }
    if (typeof input.redirectUrl !== 'string') {
      return problem(response, 422, 'Unprocessable Entity', 'The redirect URL is invalid.', 'redirectUrl');
    }
    const payment: MollieDoublePayment = {
      id: `tr_${randomBytes(5).toString('hex')}`,
      status: 'open',
      amount: { currency: amount.currency, value: amount.value },
      description: input.description,
      redirectUrl: input.redirectUrl,
      webhookUrl: typeof input.webhookUrl === 'string' ? input.webhookUrl : null,
      metadata: input.metadata ?? null,
      locale: typeof input.locale === 'string' ? input.locale : null,
      method: null,
      createdAt: new Date().toISOString(),
      paidAt: null,
      idempotencyKey,
    };
    payments.set(payment.id, payment);
    if (idempotencyKey) idempotent.set(idempotencyKey, payment.id);
    hal(response, 201, paymentJson(payment));
  }

  function checkoutPage(payment: MollieDoublePayment, response: ServerResponse): void {
    const choices = (['paid', 'failed', 'canceled', 'expired'] as const)
      .map(
        (status) =>
          `<button name="status" value="${status}"${status === 'paid' ? ' class="primary"' : ''}>${status[0]!.toUpperCase()}${status.slice(1)}</button>`,
      )
      .join('');
    const methodOptions = methods
      .filter((method) => method.id !== 'banktransfer')
      .map((method) => `<option value="${method.id}">${method.description}</option>`)
      .join('');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Test payment — Mollie double</title>
<style>body{font:16px system-ui,sans-serif;margin:0;background:#f3f4f6;color:#111}main{max-width:26rem;margin:2rem auto;background:#fff;border-radius:12px;padding:1.5rem;box-shadow:0 1px 4px #0002}
h1{font-size:1.1rem}.amount{font-size:2rem;font-weight:700;margin:.5rem 0}label{display:block;margin:1rem 0 .25rem}select{width:100%;padding:.5rem;font:inherit}
.choices{display:grid;grid-template-columns:1fr 1fr;gap:.5rem;margin-top:1.25rem}button{font:inherit;padding:.75rem;border-radius:8px;border:1px solid #ccc;background:#fff;cursor:pointer}
button.primary{background:#0a7cff;color:#fff;border-color:#0a7cff}.note{color:#555;font-size:.85rem}</style></head>
<body><main><p class="note">Mollie test mode (local double): no money moves.</p>
<h1>${escapeHtml(payment.description)}</h1><p class="amount">${escapeHtml(payment.amount.currency)} ${escapeHtml(payment.amount.value)}</p>
<form method="post"><label for="method">Payment method</label><select id="method" name="method">${methodOptions}</select>
<p>Choose how this test payment ends:</p><div class="choices">${choices}</div></form></main></body></html>`);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', base);
    const body = await readBody(request);
    const checkout = /^\/checkout\/(tr_\w+)$/.exec(url.pathname);
    if (checkout) {
      const payment = payments.get(checkout[1]!);
      if (!payment) return void response.writeHead(404, { 'content-type': 'text/plain' }).end('Unknown payment');
      if (request.method === 'GET') {
        if (payment.status !== 'open' && payment.redirectUrl) {
          return void response.writeHead(303, { location: payment.redirectUrl }).end();
        }
        return checkoutPage(payment, response);
      }
      const form = new URLSearchParams(body);
      const status = form.get('status');
      if (
        payment.status === 'open' &&
        (status === 'paid' || status === 'failed' || status === 'canceled' || status === 'expired')
      ) {
        await double.complete(payment.id, status, form.get('method') ?? 'ideal');
      }
      return void response.writeHead(303, { location: payment.redirectUrl ?? base }).end();
    }
    if (!url.pathname.startsWith('/v2/')) return problem(response, 404, 'Not Found', 'No such endpoint.');
    if (outage.count > 0) {
      outage.count -= 1;
      response.setHeader('retry-after', '0');
      return problem(response, outage.status, 'Service Unavailable', 'The Mollie API is temporarily unavailable.');
    }
    if (request.headers.authorization !== `Bearer ${apiKey}`) {
      return problem(response, 401, 'Unauthorized Request', 'Missing authentication, or failed to authenticate');
    }
    if (request.method === 'POST' && url.pathname === '/v2/payments') return createPayment(request, body, response);
    const get = /^\/v2\/payments\/(tr_\w+)$/.exec(url.pathname);
    if (request.method === 'GET' && get) {
      const payment = payments.get(get[1]!);
      if (!payment) return problem(response, 404, 'Not Found', `No payment exists with token ${get[1]}.`);
      return hal(response, 200, paymentJson(payment));
    }
    if (request.method === 'GET' && url.pathname === '/v2/methods') {
      return hal(response, 200, {
        count: methods.length,
        _embedded: {
          methods: methods.map((method) => ({
            resource: 'method',
            id: method.id,
            description: method.description,
            minimumAmount: { value: '0.01', currency: 'EUR' },
            maximumAmount: { value: '50000.00', currency: 'EUR' },
            image: { size1x: '', size2x: '', svg: '' },
            status: 'activated',
            _links: { self: { href: `${base}/v2/methods/${method.id}`, type: 'application/hal+json' } },
          })),
        },
        _links: { self: { href: `${base}/v2/methods`, type: 'application/hal+json' } },
      });
    }
    problem(response, 404, 'Not Found', 'No such endpoint.');
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) problem(response, 500, 'Internal Server Error', 'The double failed.');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(double, { url: base, apiEndpoint: `${base}/v2/` });
  return double;
}
