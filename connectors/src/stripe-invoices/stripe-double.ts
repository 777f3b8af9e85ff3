/**
 * A Stripe double on loopback for the tests and the demo. It speaks the part of Stripe's REST
 * API (https://docs.stripe.com/api) that the `stripe-invoices` source connector calls through
 * the official `stripe` client, with Stripe's list envelopes, cursor pagination
 * (`limit`, `starting_after`), `expand[]`, `created[gte]` filters, bearer secret keys and error
 * bodies:
 *
 * - `GET /v1/account` (test connection);
 * - `GET /v1/invoices?status=open` (the first pull);
 * - `GET /v1/events?types[]=invoice.…&created[gte]=…` (later pulls: what changed, newest first);
 * - `GET /v1/customers/:id`.
 *
 * Tests and the demo change the data as a Stripe dashboard user would: `addCustomer`,
 * `finalizeInvoice`, `payInvoice`, `voidInvoice` — each change records its event.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StripeDoubleCustomer {
  id: string;
  object: 'customer';
  name: string | null;
  business_name: string | null;
  email: string | null;
  phone: string | null;
  preferred_locales: string[];
  address: {
    line1: string | null;
    line2: string | null;
    postal_code: string | null;
    city: string | null;
    country: string | null;
  } | null;
  created: number;
}

export interface StripeDoubleInvoice {
  id: string;
  object: 'invoice';
  number: string | null;
  customer: string;
  status: 'draft' | 'open' | 'paid' | 'void' | 'uncollectible';
  currency: string;
  total: number;
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  created: number;
  due_date: number | null;
  status_transitions: { finalized_at: number | null; paid_at: number | null; voided_at: number | null };
}

interface StripeEvent {
  id: string;
  object: 'event';
  type: string;
  created: number;
  data: { object: StripeDoubleInvoice };
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url')}`;

export async function startStripeDouble(options: { secretKey?: string } = {}) {
  const secretKey = options.secretKey ?? `sk_test_${randomBytes(16).toString('hex')}`;
  const customers = new Map<string, StripeDoubleCustomer>();
  const invoices = new Map<string, StripeDoubleInvoice>();
  const events: StripeEvent[] = [];
  /** Every request as `METHOD path?query`, for tests. */
  const requests: string[] = [];
  let clock = Math.floor(Date.now() / 1000);
  const now = () => clock;

  const record = (type: string, invoice: StripeDoubleInvoice) =>
    events.push({ id: id('evt'), object: 'event', type, created: now(), data: { object: structuredClone(invoice) } });

  function list<T extends { id: string }>(items: T[], query: URLSearchParams, url: string) {
    const limit = Math.min(Number(query.get('limit') ?? 10), 100);
    const after = query.get('starting_after');
    const start = after ? items.findIndex((item) => item.id === after) + 1 : 0;
    const page = items.slice(start, start + limit);
    return { object: 'list', url, has_more: start + limit < items.length, data: page };
  }

  function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://double');
    requests.push(`${request.method} ${url.pathname}${url.search}`);
    const send = (status: number, body: unknown) =>
      response
        .writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') })
        .end(JSON.stringify(body));
    const fail = (status: number, type: string, message: string) => send(status, { error: { type, message } });
    if (request.headers.authorization !== `Bearer ${secretKey}`) {
      const given = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      return fail(401, 'invalid_request_error', `Invalid API Key provided: ${given.slice(0, 8)}${'*'.repeat(8)}`);
    }
    const query = url.searchParams;
    const expands = [...query.entries()].filter(([key]) => key.startsWith('expand[')).map(([, value]) => value);
    if (request.method === 'GET' && url.pathname === '/v1/account') {
      return send(200, { id: 'acct_double', object: 'account', country: 'NL', default_currency: 'eur' });
    }
    if (request.method === 'GET' && url.pathname === '/v1/invoices') {
      const status = query.get('status');
      const matching = [...invoices.values()]
        .filter((invoice) => !status || invoice.status === status)
        .sort((a, b) => b.created - a.created || (a.id < b.id ? 1 : -1));
      const page = list(matching, query, '/v1/invoices');
      const data = expands.includes('data.customer')
        ? page.data.map((invoice) => ({ ...invoice, customer: customers.get(invoice.customer) }))
        : page.data;
      return send(200, { ...page, data });
    }
    if (request.method === 'GET' && url.pathname === '/v1/events') {
      const types = [...query.entries()].filter(([key]) => key.startsWith('types[')).map(([, value]) => value);
      const since = Number(query.get('created[gte]') ?? 0);
      const matching = events
        .filter((event) => (types.length === 0 || types.includes(event.type)) && event.created >= since)
        .reverse();
      return send(200, list(matching, query, '/v1/events'));
    }
    const customer = /^\/v1\/customers\/([\w-]+)$/.exec(url.pathname);
    if (request.method === 'GET' && customer) {
      const found = customers.get(customer[1]!);
      return found ? send(200, found) : fail(404, 'invalid_request_error', `No such customer: '${customer[1]}'`);
    }
    return fail(404, 'invalid_request_error', `Unrecognized request URL (${request.method}: ${url.pathname}).`);
  }

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    secretKey,
    /** For the connector's `apiBase` setting. */
    url: `http://127.0.0.1:${port}`,
    requests,
    customers,
    invoices,
    /** Moves the double's clock (seconds since 1970) on. */
    advance(seconds: number) {
      clock += seconds;
    },
    addCustomer(customer: Partial<StripeDoubleCustomer> & { name: string }): StripeDoubleCustomer {
      const created: StripeDoubleCustomer = {
        id: id('cus'),
        object: 'customer',
        business_name: null,
        email: null,
        phone: null,
        preferred_locales: [],
        address: null,
        created: now(),
        ...customer,
      };
      customers.set(created.id, created);
      return created;
    },
    /** An open invoice, finalized now (event `invoice.finalized`). */
    finalizeInvoice(invoice: {
      customer: string;
      number: string;
      amount: number;
      currency?: string;
      dueInDays?: number;
    }) {
      const created: StripeDoubleInvoice = {
        id: id('in'),
        object: 'invoice',
        number: invoice.number,
        customer: invoice.customer,
        status: 'open',
        currency: invoice.currency ?? 'eur',
        total: invoice.amount,
        amount_due: invoice.amount,
        amount_paid: 0,
        amount_remaining: invoice.amount,
        created: now(),
        due_date: now() + (invoice.dueInDays ?? 14) * 86_400,
        status_transitions: { finalized_at: now(), paid_at: null, voided_at: null },
      };
      invoices.set(created.id, created);
      record('invoice.finalized', created);
      return created;
    },
    /** Paid in Stripe (event `invoice.paid`). */
    payInvoice(invoiceId: string) {
      const invoice = invoices.get(invoiceId)!;
      Object.assign(invoice, { status: 'paid', amount_paid: invoice.amount_due, amount_remaining: 0 });
      invoice.status_transitions.paid_at = now();
      record('invoice.paid', invoice);
    },
    /** Voided in Stripe (event `invoice.voided`). */
    voidInvoice(invoiceId: string) {
      const invoice = invoices.get(invoiceId)!;
      invoice.status = 'void';
      invoice.status_transitions.voided_at = now();
      record('invoice.voided', invoice);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type StripeDouble = Awaited<ReturnType<typeof startStripeDouble>>;
