/**
 * The JSON body of a delivery (`WebhookBody` in shared, docs/webhooks.md): the event as the
 * case's timeline has it, a summary of the case, and for `case.handed_over` the case file an
 * agency needs — the debtor with contact details, every invoice and payment, the whole timeline.
 */
import type { WebhookBody } from '@collectflow/shared';
import { getCaseView } from '../cases/case-queries.ts';
import type { Queryable } from '../db/pool.ts';

export interface DeliveryRow {
  id: string;
  workspaceId: string;
  eventId: string | null;
  eventType: string;
  caseId: string | null;
  createdAt: string;
}

export async function buildWebhookBody(db: Queryable, delivery: DeliveryRow): Promise<WebhookBody> {
  const event = delivery.eventId
    ? (
        await db.query<{ occurredAt: string; payload: Record<string, unknown> }>(
          `select to_json(occurred_at) #>> '{}' as "occurredAt", payload from events where workspace_id = $1 and id = $2`,
          [delivery.workspaceId, delivery.eventId],
        )
      ).rows[0]
    : undefined;
  const body: WebhookBody = {
    id: delivery.id,
    type: delivery.eventType as WebhookBody['type'],
    occurredAt: event?.occurredAt ?? delivery.createdAt,
    workspaceId: delivery.workspaceId,
    case: null,
    data: event?.payload ?? {},
  };
  if (!delivery.caseId) return body;
  const view = await getCaseView(db, delivery.workspaceId, delivery.caseId);
  body.case = {
    id: view.id,
    status: view.status,
    currency: view.currency,
    openAmountMinor: view.totals.openMinor,
    debtor: { externalId: view.debtor.externalId, name: view.debtor.name },
    invoiceExternalIds: view.invoices.map((invoice) => invoice.externalId),
  };
  if (delivery.eventType === 'case.handed_over') {
    body.caseFile = await caseFile(db, delivery.workspaceId, delivery.caseId, view.invoices);
  }
  return body;
}

async function caseFile(
  db: Queryable,
  workspaceId: string,
  caseId: string,
  invoices: Record<string, unknown>[],
): Promise<NonNullable<WebhookBody['caseFile']>> {
  const { rows: debtors } = await db.query<Record<string, unknown>>(
    `select d.external_id as "externalId", d.kind, d.first_name as "firstName", d.last_name as "lastName",
            d.company_name as "companyName", d.language, d.email, d.phone,
            case when d.address_line1 is null then null else json_build_object(
              'line1', d.address_line1, 'line2', d.address_line2, 'postalCode', d.postal_code, 'city', d.city,
              'country', d.country_code) end as address,
            d.preferred_channel as "preferredChannel"
       from cases c join debtors d on d.workspace_id = c.workspace_id and d.id = c.debtor_id
      where c.workspace_id = $1 and c.id = $2`,
    [workspaceId, caseId],
  );
  const { rows: payments } = await db.query<Record<string, unknown>>(
    `select p.external_id as "externalId", p.amount_minor::int as "amountMinor", p.currency::text as currency,
            to_json(p.paid_at) #>> '{}' as "paidAt", p.source, i.external_id as "invoiceExternalId"
       from payments p join invoices i on i.workspace_id = p.workspace_id and i.id = p.invoice_id
      where p.workspace_id = $1 and p.case_id = $2 order by p.paid_at`,
    [workspaceId, caseId],
  );
  const { rows: timeline } = await db.query<Record<string, unknown>>(
    `select type, to_json(occurred_at) #>> '{}' as "occurredAt", source, payload
       from events where workspace_id = $1 and case_id = $2 order by occurred_at, id`,
    [workspaceId, caseId],
  );
  return { debtor: debtors[0] ?? {}, invoices, payments, timeline };
}
