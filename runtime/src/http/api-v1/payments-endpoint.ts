/**
 * POST /api/v1/payments: record up to 10,000 payments; all or nothing. A payment that settles
 * its case stops its flows and cancels its queued messages in the same transaction.
 */
import { PaymentBatch, type PaymentResult } from '@collectflow/shared';
import type { FastifyInstance } from 'fastify';
import { DomainError, type ItemProblem } from '../../errors/domain-error.ts';
import { recordPayment } from '../../payments/record-payment.ts';
import type { ApiContext } from './api-context.ts';
import { batchWriteRoute } from './batch-write-route.ts';

export function paymentsEndpoint(app: FastifyInstance, { pool }: ApiContext): void {
  batchWriteRoute(app, pool, {
    path: '/payments',
    scope: 'payments:write',
    batch: PaymentBatch,
    async write(client, workspaceId, items) {
      const recorded: PaymentResult['items'] = [];
      const problems: ItemProblem[] = [];
      for (const [index, item] of items.entries()) {
        try {
          const payment = await recordPayment(client, workspaceId, {
            invoiceExternalId: item.invoiceExternalId,
            amountMinor: item.amountMinor,
            currency: item.currency,
            paidAt: item.paidAt ? new Date(item.paidAt) : null,
            externalId: item.externalId ?? null,
            source: 'api',
          });
          recorded.push({
            paymentId: payment.paymentId,
            invoiceExternalId: item.invoiceExternalId,
            duplicate: payment.duplicate,
            appliedMinor: payment.appliedMinor,
            unappliedMinor: payment.unappliedMinor,
            flag: payment.flag,
            invoiceOpenMinor: payment.invoiceOpenMinor,
            caseId: payment.caseId,
            caseSettled: payment.caseSettled,
          });
        } catch (error) {
          // Refusals come before any write of that item: report them all, then roll back.
          if (!(error instanceof DomainError)) throw error;
          problems.push({ index, field: error.details.field ?? null, message: error.message });
        }
      }
      if (problems.length > 0) {
        throw new DomainError(
          'BAD_REQUEST',
          `${problems.length === 1 ? 'One payment was' : `${problems.length} payments were`} refused; nothing was recorded.`,
          { items: problems },
        );
      }
      return { items: recorded } satisfies PaymentResult;
    },
  });
}
