/**
 * `example-erp`: a source connector that pulls open items (a customer and one invoice each)
 * from Example ERP's REST API. Made by `collectflow connector new`: change the request in
 * `fetchPage` and the mapping in `debtorOf` / `invoiceOf` to your system's API, and its double
 * (`example-erp-double.ts`) to match, so that the tests keep speaking your API.
 *
 * The API it expects (replace with yours):
 *
 *   GET <apiUrl>/open-items?after=<sequence>&limit=<n>
 *   Authorization: Bearer <apiKey>
 *   → 200 { "items": [OpenItem…], "hasMore": true|false }
 *
 * Items come in the order they last changed, each with a `sequence` that grows with every
 * change; the cursor is the last sequence written, so a later pull reads only what changed
 * since (a paid or cancelled item comes again with its new status).
 */
import type { DebtorUpsert, InvoiceUpsert } from '@collectflow/shared';
import { Language } from '@collectflow/shared';
import { z } from 'zod';
import { defineSourceConnector, type SourceBatch } from '../../sdk/source-connector.ts';

const label = 'Example ERP';

const ExampleErpSettings = z.object({
  apiUrl: z.url().meta({ title: 'API address', description: 'For example https://erp.example.com/api' }),
  apiKey: z.string().min(1, { message: 'Enter the API key.' }).meta({ title: 'API key' }),
  defaultLanguage: Language.default('en').meta({ title: 'Language of customers without one' }),
});

/** One open item as the API sends it: checked, so a changed API fails with a clear message. */
export const ExampleErpOpenItem = z.object({
  sequence: z.number().int().positive(),
  customerNumber: z.string().min(1),
  customerName: z.string().min(1),
  isCompany: z.boolean().default(false),
  email: z.string().nullable().default(null),
  language: z.string().nullable().default(null),
  invoiceNumber: z.string().min(1),
  /** In cents. */
  amount: z.number().int().nonnegative(),
  /** In cents; what is still to be paid. */
  openAmount: z.number().int().nonnegative(),
  currency: z.string().length(3),
  invoiceDate: z.iso.date(),
  dueDate: z.iso.date(),
  status: z.enum(['open', 'paid', 'cancelled']),
});
export type ExampleErpOpenItem = z.infer<typeof ExampleErpOpenItem>;

const OpenItemsPage = z.object({ items: z.array(z.unknown()), hasMore: z.boolean() });

/** Items per request. */
export const exampleErpPageSize = 100;

export function debtorOf(item: ExampleErpOpenItem, defaultLanguage: string): DebtorUpsert {
  return {
    externalId: item.customerNumber,
    kind: item.isCompany ? 'company' : 'person',
    lastName: item.isCompany ? null : item.customerName,
    companyName: item.isCompany ? item.customerName : null,
    language: Language.catch(Language.parse(defaultLanguage)).parse(item.language?.slice(0, 2).toLowerCase()),
    email: item.email,
  };
}

export function invoiceOf(item: ExampleErpOpenItem): InvoiceUpsert {
  return {
    externalId: item.invoiceNumber,
    debtorExternalId: item.customerNumber,
    amountMinor: item.amount,
    openAmountMinor: item.status === 'open' ? Math.min(item.openAmount, item.amount) : 0,
    currency: item.currency.toUpperCase(),
    issueDate: item.invoiceDate,
    dueDate: item.dueDate,
    // Paid in the ERP: nothing open is left, which settles the case and stops its reminders.
    status: item.status === 'cancelled' ? 'cancelled' : item.status === 'paid' ? 'paid' : 'open',
  };
}

export const exampleErp = defineSourceConnector({
  id: 'example-erp',
  kind: 'source',
  label,
  description: `Pulls the open items of ${label} every 5 minutes, then what changed since: new, paid and cancelled invoices.`,
  settings: ExampleErpSettings,
  secretFields: ['apiKey'],
  create(settings) {
    const fetchPage = async (after: number, limit: number) => {
      const url = new URL(`${settings.apiUrl.replace(/\/$/, '')}/open-items`);
      url.searchParams.set('after', String(after));
      url.searchParams.set('limit', String(limit));
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { authorization: `Bearer ${settings.apiKey}`, accept: 'application/json' },
          signal: AbortSignal.timeout(30_000),
        });
      } catch (error) {
        throw new Error(`${label} could not be reached at ${url.origin}: ${(error as Error).message}`);
      }
      const text = await response.text();
      if (response.status === 401 || response.status === 403) {
        throw new Error(`${label} refused the API key (HTTP ${response.status}).`);
      }
      if (!response.ok) throw new Error(`${label} answered HTTP ${response.status}: ${text.slice(0, 200)}`);
      const page = OpenItemsPage.safeParse(JSON.parse(text));
      if (!page.success) throw new Error(`${label} sent a page without "items" and "hasMore".`);
      const items = page.data.items.map((raw, index) => {
        const item = ExampleErpOpenItem.safeParse(raw);
        if (item.success) return item.data;
        const issue = item.error.issues[0]!;
        throw new Error(
          `${label} sent an open item we cannot read (item ${index + 1} after ${after}, ${issue.path.join('.')}: ${issue.message}).`,
        );
      });
      return { items, hasMore: page.data.hasMore };
    };

    return {
      async *pull(cursor) {
        let after = cursor === null ? 0 : Number(cursor);
        for (;;) {
          const page = await fetchPage(after, exampleErpPageSize);
          if (page.items.length === 0) return;
          after = page.items.at(-1)!.sequence;
          const batch: SourceBatch = { debtors: [], invoices: [], payments: [], cursor: String(after) };
          for (const item of page.items) {
            batch.debtors.push(debtorOf(item, settings.defaultLanguage));
            batch.invoices.push(invoiceOf(item));
          }
          yield batch;
          if (!page.hasMore) return;
        }
      },
      async testConnection() {
        try {
          await fetchPage(0, 1);
          return { ok: true };
        } catch (error) {
          return { ok: false, reason: (error as Error).message };
        }
      },
      async close() {},
    };
  },
});
