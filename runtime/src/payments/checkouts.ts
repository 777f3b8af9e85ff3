/**
 * "Pay now" on the paylink page: a checkout at the workspace's payment connector.
 *
 * - `startCheckout`: the debtor asks to pay what is due (with an installment plan: the next
 *   installment); the provider creates the payment and answers its checkout page. A second click within a few minutes gets the same page.
 * - `syncCheckout`: the provider said (webhook) or the debtor's return suggests that a payment
 *   changed. Its status is asked from the provider — never taken from the webhook — and the step
 *   to `paid` records the payment on the case once, settling it when nothing is left open.
 */
import { type PaymentConnector, PaymentProviderError, type ProviderPaymentStatus } from '@collectflow/connectors';
import { recordCaseEvent } from '../cases/case-events.ts';
import { connectorCallbackUrl } from '../connectors/connector-callback-url.ts';
import { connectorDefinition } from '../connectors/connector-configs.ts';
import type { WorkspaceConnectors } from '../connectors/workspace-connectors.ts';
import { inTransaction, type Pool } from '../db/pool.ts';
import { DomainError } from '../errors/domain-error.ts';
import { findPaylinkCase } from '../paylinks/paylinks.ts';
import { activePlanOf, installmentToPay } from '../plans/installment-plans.ts';
import { amountDueMinor, loadCaseFacts } from '../templates/load-message-facts.ts';
import { caseReference } from '../templates/message-data.ts';
import { recordCasePayment } from './record-payment.ts';

export type CheckoutStatus = 'creating' | ProviderPaymentStatus;

/** An open checkout younger than this is offered again instead of a new payment. */
const reuseWithinMinutes = 10;

export interface StartedCheckout {
  checkoutId: string;
  checkoutUrl: string;
}

export async function startCheckout(
  pool: Pool,
  connectors: WorkspaceConnectors,
  publicUrl: string,
  token: string,
): Promise<StartedCheckout> {
  const found = await findPaylinkCase(pool, token);
  if (!found) throw new DomainError('NOT_FOUND', 'This payment link does not exist.');
  const { workspaceId, caseId } = found;
  const payment = await connectors.paymentConnectorOf(workspaceId);
  if (!payment) throw new DomainError('CONFLICT', 'Paying online is not available; please pay by bank transfer.');

  const { rows: cases } = await pool.query<{ status: string }>(
    'select status::text from cases where workspace_id = $1 and id = $2',
    [workspaceId, caseId],
  );
  if (cases[0]?.status !== 'open' && cases[0]?.status !== 'paused') {
    throw new DomainError('CONFLICT', 'This case is settled; there is nothing left to pay.');
  }
  const facts = (await loadCaseFacts(pool, workspaceId, [caseId])).get(caseId)!;
  // Paying in installments: the next installment (what is still open of it); else all that is due.
  const plan = await activePlanOf(pool, workspaceId, caseId);
  const linkedSeq = found.installment?.planId === plan?.id ? (found.installment?.seq ?? null) : null;
  const amountMinor = plan ? (installmentToPay(plan, linkedSeq)?.openMinor ?? 0) : amountDueMinor(facts);
  if (amountMinor <= 0) throw new DomainError('CONFLICT', 'There is nothing left to pay.');

  const { rows: recent } = await pool.query<{ id: string; checkout_url: string }>(
    `select id, checkout_url from checkouts
      where workspace_id = $1 and case_id = $2 and connector = $3 and status = 'open' and amount_minor = $4
        and checkout_url is not null and created_at > now() - make_interval(mins => $5)
      order by created_at desc limit 1`,
    [workspaceId, caseId, payment.key, amountMinor, reuseWithinMinutes],
  );
  if (recent[0]) return { checkoutId: recent[0].id, checkoutUrl: recent[0].checkout_url };

  const checkoutId = await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `insert into checkouts (workspace_id, case_id, connector, amount_minor, currency)
       values ($1, $2, $3, $4, $5) returning id`,
      [workspaceId, caseId, payment.key, amountMinor, facts.currency],
    );
    const id = rows[0]!.id;
    await recordCaseEvent(client, {
      workspaceId,
      caseId,
      type: 'checkout.started',
      source: 'debtor',
      payload: { checkoutId: id, connector: payment.key, amountMinor, currency: facts.currency },
    });
    return id;
  });
  try {
    const created = await payment.connector.createCheckout({
      checkoutId,
      amountMinor,
      currency: facts.currency,
      description: `Payment ${caseReference(caseId)}`,
      returnUrl: `${publicUrl}/p/${encodeURIComponent(token)}?checkout=${checkoutId}`,
      webhookUrl: connectorCallbackUrl(publicUrl, workspaceId, payment.key),
      language: facts.debtorLanguage,
      country: facts.debtor.address?.country ?? null,
    });
    await pool.query(
      `update checkouts set status = 'open', provider_payment_id = $3, checkout_url = $4, updated_at = now()
        where workspace_id = $1 and id = $2`,
      [workspaceId, checkoutId, created.providerPaymentId, created.checkoutUrl],
    );
    return { checkoutId, checkoutUrl: created.checkoutUrl };
  } catch (error) {
    await pool.query(`update checkouts set status = 'failed', updated_at = now() where workspace_id = $1 and id = $2`, [
      workspaceId,
      checkoutId,
    ]);
    if (error instanceof PaymentProviderError) {
      throw new DomainError(
        'SERVICE_UNAVAILABLE',
        error.retryable
          ? 'Paying online is not possible right now. Please try again in a few minutes or pay by bank transfer.'
          : 'Paying online is not possible right now. Please pay by bank transfer.',
      );
    }
    throw error;
  }
}

/**
 * Asks the provider for a payment and records what changed; the status it has now (null: the
 * payment is not one of ours — a webhook for another shop, or forged).
 */
export async function syncCheckout(
  pool: Pool,
  connector: PaymentConnector,
  workspaceId: string,
  connectorKey: string,
  providerPaymentId: string,
): Promise<CheckoutStatus | null> {
  const { rows: known } = await pool.query<{ id: string }>(
    'select id from checkouts where workspace_id = $1 and connector = $2 and provider_payment_id = $3',
    [workspaceId, connectorKey, providerPaymentId],
  );
  if (!known[0]) return null;
  const payment = await connector.getPayment(providerPaymentId);
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{
      id: string;
      case_id: string;
      status: CheckoutStatus;
      plugin: string | null;
    }>(
      `select k.id, k.case_id, k.status,
              (select c.connector from connector_configs c where c.workspace_id = k.workspace_id and c.key = k.connector) as plugin
         from checkouts k where k.workspace_id = $1 and k.id = $2 for update`,
      [workspaceId, known[0]!.id],
    );
    const checkout = rows[0]!;
    // Paid is final: a later webhook (a refund, a chargeback) is not a second payment.
    if (checkout.status === 'paid' || checkout.status === payment.status) return checkout.status;
    await client.query(
      `update checkouts set status = $3, method = $4, paid_at = $5, updated_at = now()
        where workspace_id = $1 and id = $2`,
      [
        workspaceId,
        checkout.id,
        payment.status,
        payment.method,
        payment.status === 'paid' ? (payment.paidAt ?? new Date()) : null,
      ],
    );
    if (payment.status === 'paid') {
      const label = (checkout.plugin && connectorDefinition(checkout.plugin)?.label) ?? connectorKey;
      await recordCasePayment(client, workspaceId, {
        caseId: checkout.case_id,
        amountMinor: payment.amountMinor,
        currency: payment.currency,
        paidAt: payment.paidAt ? new Date(payment.paidAt) : null,
        externalId: `${connectorKey}:${providerPaymentId}`,
        source: 'connector',
        via: payment.method ? `${label} · ${payment.method}` : label,
      });
    } else if (payment.status === 'failed' || payment.status === 'canceled' || payment.status === 'expired') {
      await recordCaseEvent(client, {
        workspaceId,
        caseId: checkout.case_id,
        type: 'checkout.failed',
        source: 'connector',
        payload: { checkoutId: checkout.id, status: payment.status },
      });
    }
    return payment.status;
  });
}

/**
 * The debtor is back from the provider: how their payment stands. Asks the provider unless the
 * checkout has ended, so the page is right even before (or without) the webhook.
 */
export async function checkoutStatusFor(
  pool: Pool,
  connectors: WorkspaceConnectors,
  token: string,
  checkoutId: string,
): Promise<CheckoutStatus> {
  const found = await findPaylinkCase(pool, token);
  const { rows } = found
    ? await pool.query<{ status: CheckoutStatus; connector: string; provider_payment_id: string | null }>(
        `select status, connector, provider_payment_id from checkouts
          where workspace_id = $1 and case_id = $2 and id = $3`,
        [found.workspaceId, found.caseId, checkoutId],
      )
    : { rows: [] };
  const checkout = rows[0];
  if (!found || !checkout) throw new DomainError('NOT_FOUND', 'There is no such payment.');
  if (!['open', 'pending'].includes(checkout.status) || !checkout.provider_payment_id) return checkout.status;
  const working = await connectors.connectorFor(found.workspaceId, checkout.connector);
  if (working?.kind !== 'payment') return checkout.status;
  try {
    return (
      (await syncCheckout(
        pool,
        working.connector,
        found.workspaceId,
        checkout.connector,
        checkout.provider_payment_id,
      )) ?? checkout.status
    );
  } catch (error) {
    // The provider cannot be asked now: say what we know; the webhook will follow.
    if (error instanceof PaymentProviderError) return checkout.status;
    throw error;
  }
}
