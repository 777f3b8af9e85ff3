/**
 * A debtor opens their paylink: what the page shows (who is owed in their design, what is open,
 * how to pay by bank transfer with a GiroCode), or, for a case that is done, only that it is
 * settled. The visit goes on the case's timeline (`paylink.opened`, at most one per case every
 * ten minutes, so reloading the page does not flood it) and wakes flows waiting for it.
 */
import { type PaylinkDevice, type PaylinkView, planOptions } from '@collectflow/shared';
import { getBrand } from '../brands/brand-queries.ts';
import { recordCaseEvent } from '../cases/case-events.ts';
import { connectorDefinition, paymentConnectorIds } from '../connectors/connector-configs.ts';
import type { Queryable } from '../db/pool.ts';
import { openDisputeOf } from '../disputes/disputes.ts';
import { activePlanOf, firstDueDate, installmentToPay } from '../plans/installment-plans.ts';
import { caseSelfService } from '../self-service/case-self-service.ts';
import { epcQrSvg } from '../templates/epc-qr.ts';
import { amountDueMinor, loadCaseFacts } from '../templates/load-message-facts.ts';
import { caseReference } from '../templates/message-data.ts';
import { contactChoiceOf } from './contact-preference.ts';
import { findPaylinkCase } from './paylinks.ts';
import { promiseWindow } from './promise-to-pay.ts';

/** `device`: what the page was opened on, when the request tells (recorded with the visit). */
export async function visitPaylink(
  db: Queryable,
  token: string,
  device: PaylinkDevice | null = null,
): Promise<PaylinkView | null> {
  const found = await findPaylinkCase(db, token);
  if (!found) return null;
  const { workspaceId, caseId } = found;
  const { rows } = await db.query<{
    status: string;
    recent_visit: boolean;
    promised: string | null;
    pay_online: string | null;
  }>(
    `select c.status::text,
            (select p.promised_date::text from promises p
              where p.workspace_id = c.workspace_id and p.case_id = c.id and p.status = 'open') as promised,
            (select k.connector from connector_configs k
              where k.workspace_id = c.workspace_id and k.connector = any($3) order by k.key limit 1) as pay_online,
            exists (select 1 from events e where e.workspace_id = c.workspace_id and e.case_id = c.id
                      and e.type = 'paylink.opened' and e.occurred_at > now() - interval '10 minutes') as recent_visit
       from cases c where c.workspace_id = $1 and c.id = $2`,
    [workspaceId, caseId, paymentConnectorIds],
  );
  const row = rows[0];
  if (!row) return null;
  // A paused case (a promise to pay, an installment plan) is still open to the debtor.
  if (row.status !== 'open' && row.status !== 'paused') return { status: 'settled' };
  if (!row.recent_visit) {
    await recordCaseEvent(db, {
      workspaceId,
      caseId,
      type: 'paylink.opened',
      source: 'debtor',
      ...(device ? { payload: { device } } : {}),
    });
  }

  const facts = (await loadCaseFacts(db, workspaceId, [caseId])).get(caseId)!;
  const { brandId, rules } = await caseSelfService(db, workspaceId, caseId);
  const brand = brandId ? await getBrand(db, workspaceId, brandId) : null;
  const plan = await activePlanOf(db, workspaceId, caseId);
  const contact = await contactChoiceOf(db, workspaceId, caseId);
  const dispute = await openDisputeOf(db, workspaceId, caseId);
  const today = new Date().toISOString().slice(0, 10);
  const reference = caseReference(caseId);
  const totalMinor = amountDueMinor(facts);
  const payment = brand?.payment ?? null;
  // Paying in installments, a transfer pays the installment of this link (while open), else the next one.
  const linkedSeq = found.installment?.planId === plan?.id ? (found.installment?.seq ?? null) : null;
  const toPay = plan ? installmentToPay(plan, linkedSeq) : null;
  const transferMinor = plan ? (toPay?.openMinor ?? 0) : totalMinor;
  return {
    status: 'open',
    creditor: {
      name: brand?.name ?? 'Your creditor',
      logoUrl: brand?.logoUrl ?? null,
      colours: brand?.colours ?? { primary: '#1f4fd1', accent: '#12805c', text: '#1f2933', background: '#ffffff' },
    },
    reference,
    language: facts.debtorLanguage,
    currency: facts.currency,
    invoices: facts.invoices.map((invoice) => ({
      number: invoice.externalId,
      dueDate: invoice.dueDate,
      openAmountMinor: invoice.openAmountMinor,
    })),
    costsMinor: facts.costsMinor,
    interestMinor: facts.interestMinor,
    totalMinor,
    bankTransfer: payment
      ? {
          creditorName: payment.creditorName,
          iban: payment.iban,
          bic: payment.bic || null,
          amountMinor: transferMinor,
          girocodeSvg:
            facts.currency === 'EUR'
              ? await epcQrSvg(
                  {
                    name: payment.creditorName,
                    iban: payment.iban,
                    bic: payment.bic,
                    amountMinor: transferMinor,
                    text: reference,
                  },
                  40,
                )
              : null,
        }
      : null,
    payOnline: row.pay_online ? { provider: connectorDefinition(row.pay_online)?.label ?? row.pay_online } : null,
    contact,
    dispute,
    installments: {
      plan: plan
        ? {
            installments: plan.installments,
            paidMinor: plan.paidMinor,
            next: toPay,
            /** The installment this link belongs to (its own paylink), if it is one. */
            linked: linkedSeq,
          }
        : null,
      options: !plan && !row.promised && rules.installments ? planOptions(totalMinor, rules.installments) : [],
      firstDueDate: firstDueDate(today),
    },
    promise: { ...promiseWindow(today, rules.promiseMaxDays), promisedDate: row.promised },
  };
}
