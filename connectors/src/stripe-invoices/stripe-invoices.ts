/**
 * `stripe-invoices`: a source connector that pulls open Stripe invoices with their customers,
 * and later what became of them, through the official `stripe` client.
 *
 * - First pull: every open invoice (`GET /v1/invoices?status=open`, customers expanded), 100
 *   at a time; each batch's cursor (`list:<start>:<last invoice id>`) resumes the listing.
 * - Later pulls: the invoice events since the last pull (`GET /v1/events`, Stripe keeps 30
 *   days), oldest first — the cursor is `events:<created>` of the last event written, read
 *   again inclusively (upserts and payment ids make a repeat harmless):
 *   `invoice.finalized`/`invoice.updated` → the invoice (and its customer) as it is now;
 *   `invoice.paid` → a payment of the amount paid (id `stripe:<invoice id>`), counted once;
 *   `invoice.voided`/`invoice.marked_uncollectible` → the invoice, cancelled.
 *
 * Customers become debtors (their Stripe id is the external id); an invoice's Stripe number is
 * its external id. Invoices without a due date (charged automatically) are due when created.
 */
import { type DebtorUpsert, type InvoiceUpsert, Language, type PaymentCreate } from '@collectflow/shared';
import Stripe from 'stripe';
import { z } from 'zod';
import { defineSourceConnector, type SourceBatch } from '../sdk/source-connector.ts';

const StripeSettings = z.object({
  secretKey: z
    .string()
    .regex(/^(sk|rk)_(test|live)_\w+$/, {
      message: 'Enter a Stripe secret key (sk_live_…) or restricted key (rk_live_…).',
    })
    .meta({
      title: 'Secret key',
      description: 'A restricted key that may read invoices, customers and events is enough.',
    }),
  defaultLanguage: Language.default('en').meta({ title: 'Language of customers without a preferred locale' }),
  /** For tests and the demo: Stripe's API elsewhere (e.g. http://127.0.0.1:12111). */
  apiBase: z
    .url()
    .default('https://api.stripe.com')
    .meta({ title: 'API address', description: 'Leave as is, except for a local test double.' }),
});

const eventTypes = [
  'invoice.finalized',
  'invoice.updated',
  'invoice.paid',
  'invoice.voided',
  'invoice.marked_uncollectible',
] as const;
const pageSize = 100;

const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);

export function debtorOfCustomer(customer: Stripe.Customer, defaultLanguage: string): DebtorUpsert {
  const business = (customer as { business_name?: string | null }).business_name ?? null;
  const address = customer.address;
  return {
    externalId: customer.id,
    kind: business ? 'company' : 'person',
    lastName: business ? null : (customer.name ?? customer.email ?? customer.id),
    companyName: business,
    language: Language.catch(Language.parse(defaultLanguage)).parse(
      customer.preferred_locales?.[0]?.slice(0, 2).toLowerCase(),
    ),
    email: customer.email ?? null,
    phone: customer.phone ?? null,
    address:
      address?.line1 && address.country
        ? {
            line1: address.line1,
            line2: address.line2 ?? null,
            postalCode: address.postal_code ?? '',
            city: address.city ?? '',
            country: address.country,
          }
        : null,
  };
}

export function invoiceOfStripe(invoice: Stripe.Invoice, customerId: string): InvoiceUpsert {
  const cancelled = invoice.status === 'void' || invoice.status === 'uncollectible';
  return {
    externalId: invoice.number ?? invoice.id!,
    debtorExternalId: customerId,
    amountMinor: invoice.total,
    openAmountMinor: cancelled ? 0 : Math.min(invoice.amount_remaining, invoice.total),
    currency: invoice.currency.toUpperCase(),
    issueDate: day(invoice.created),
    dueDate: day(Math.max(invoice.due_date ?? invoice.created, invoice.created)),
    status: cancelled ? 'cancelled' : 'open',
  };
}

export const stripeInvoices = defineSourceConnector({
  id: 'stripe-invoices',
  kind: 'source',
  label: 'Stripe invoices',
  description:
    'Pulls open Stripe invoices and their customers every 5 minutes, then what became of them: paid in Stripe (a payment that stops the reminders), voided or written off (the invoice is cancelled).',
  settings: StripeSettings,
  secretFields: ['secretKey'],
  create(settings) {
    const base = new URL(settings.apiBase);
    const stripe = new Stripe(settings.secretKey, {
      host: base.hostname,
      port: base.port || (base.protocol === 'http:' ? 80 : 443),
      protocol: base.protocol === 'http:' ? 'http' : 'https',
      maxNetworkRetries: 2,
      timeout: 30_000,
      telemetry: false,
    });
    const customers = new Map<string, Stripe.Customer>();
    const customerOf = async (reference: string | Stripe.Customer | Stripe.DeletedCustomer | null) => {
      if (reference === null) return null;
      if (typeof reference !== 'string')
        return 'deleted' in reference && reference.deleted ? null : (reference as Stripe.Customer);
      const known = customers.get(reference);
      if (known) return known;
      const fetched = await stripe.customers.retrieve(reference);
      if ('deleted' in fetched && fetched.deleted) return null;
      customers.set(reference, fetched as Stripe.Customer);
      return fetched as Stripe.Customer;
    };
    const emptyBatch = (cursor: string): SourceBatch => ({ debtors: [], invoices: [], payments: [], cursor });

    async function* firstPull(started: number, after: string | null): AsyncGenerator<SourceBatch> {
      let startingAfter = after;
      for (;;) {
        const page = await stripe.invoices.list({
          status: 'open',
          limit: pageSize,
          expand: ['data.customer'],
          ...(startingAfter ? { starting_after: startingAfter } : {}),
        });
        if (page.data.length === 0) break;
        const batch = emptyBatch(`list:${started}:${page.data.at(-1)!.id}`);
        for (const invoice of page.data) {
          const customer = await customerOf(invoice.customer);
          if (!customer) continue;
          batch.debtors.push(debtorOfCustomer(customer, settings.defaultLanguage));
          batch.invoices.push(invoiceOfStripe(invoice, customer.id));
        }
        yield batch;
        if (!page.has_more) break;
        startingAfter = page.data.at(-1)!.id!;
      }
      yield emptyBatch(`events:${started}`);
    }

    async function* changesSince(since: number): AsyncGenerator<SourceBatch> {
      const changes: Stripe.Event[] = [];
      for await (const event of stripe.events.list({
        types: [...eventTypes],
        created: { gte: since },
        limit: pageSize,
      })) {
        changes.push(event);
      }
      changes.sort((a, b) => a.created - b.created);
      for (let start = 0; start < changes.length; start += pageSize) {
        const slice = changes.slice(start, start + pageSize);
        const batch = emptyBatch(`events:${slice.at(-1)!.created}`);
        for (const event of slice) {
          const invoice = event.data.object as Stripe.Invoice;
          const customerId = typeof invoice.customer === 'string' ? invoice.customer : (invoice.customer?.id ?? null);
          if (!customerId) continue;
          if (event.type === 'invoice.paid') {
            const payment: PaymentCreate = {
              invoiceExternalId: invoice.number ?? invoice.id!,
              amountMinor: invoice.amount_paid,
              currency: invoice.currency.toUpperCase(),
              paidAt: new Date((invoice.status_transitions?.paid_at ?? event.created) * 1000).toISOString(),
              externalId: `stripe:${invoice.id}`,
            };
            if (payment.amountMinor > 0) batch.payments.push(payment);
            continue;
          }
          if (invoice.status === 'draft' || invoice.status === 'paid') continue;
          const customer = await customerOf(customerId);
          if (!customer) continue;
          batch.debtors.push(debtorOfCustomer(customer, settings.defaultLanguage));
          batch.invoices.push(invoiceOfStripe(invoice, customerId));
        }
        yield batch;
      }
    }

    return {
      pull(cursor) {
        if (cursor?.startsWith('events:')) return changesSince(Number(cursor.slice('events:'.length)));
        if (cursor?.startsWith('list:')) {
          const [, started, after] = cursor.split(':');
          return firstPull(Number(started), after ?? null);
        }
        return firstPull(Math.floor(Date.now() / 1000), null);
      },
      async testConnection() {
        try {
          await stripe.accounts.retrieveCurrent();
          return { ok: true };
        } catch (error) {
          return { ok: false, reason: error instanceof Error ? error.message : String(error) };
        }
      },
      async close() {},
    };
  },
});
