/**
 * The Stripe source connector against its double, through the runtime's pull: the first pull
 * brings every open invoice with its customer (the case enters the active flow); later pulls
 * bring what changed — a new invoice, one paid in Stripe (the case is settled, once, however
 * often the events are read), one voided (cancelled); a failed pull keeps its error and
 * resumes from its cursor.
 */
import { type StripeDouble, startStripeDouble } from '@collectflow/connectors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveConnectorConfig } from '../connectors/connector-configs.ts';
import { WorkspaceConnectors } from '../connectors/workspace-connectors.ts';
import { useTestDatabase } from '../db/testing/use-test-database.ts';
import { FlowDefinitions } from '../flows/flow-definitions.ts';
import { oneMailFlow, publishDraft, runsOfCase } from '../flows/testing/flow-test-kit.ts';
import { testSecretKey } from '../http/trpc/testing/callers.ts';
import { createWorkspace } from '../workspaces/workspace-queries.ts';
import { pullSource } from './pull-source.ts';

const db = useTestDatabase();
let stripe: StripeDouble;
beforeAll(async () => {
  stripe = await startStripeDouble();
});
afterAll(() => stripe.close());

async function stripeWorkspace(secretKey = stripe.secretKey) {
  const { id: workspaceId } = await createWorkspace(db.pool, `Stripe ${Math.random()}`);
  await saveConnectorConfig(
    db.pool,
    testSecretKey,
    workspaceId,
    { key: 'stripe', connector: 'stripe-invoices', name: 'Stripe', settings: { secretKey, apiBase: stripe.url } },
    null,
  );
  const connectors = new WorkspaceConnectors(db.pool, testSecretKey);
  const options = { pool: db.pool, definitions: new FlowDefinitions(), workspaceConnectors: connectors };
  return { workspaceId, options, pull: () => pullSource(options, workspaceId, 'stripe') };
}

const invoiceRow = async (workspaceId: string, externalId: string) =>
  (
    await db.pool.query<{ status: string; open: number; case_id: string; case_status: string }>(
      `select i.status::text, i.open_amount_minor::int as open, i.case_id, c.status::text as case_status
         from invoices i join cases c on c.id = i.case_id where i.workspace_id = $1 and i.external_id = $2`,
      [workspaceId, externalId],
    )
  ).rows[0];

describe('Stripe invoices source', () => {
  it('pulls open invoices with their customers, then what changed since', async () => {
    const anna = stripe.addCustomer({
      name: 'Anna de Wit',
      email: 'anna@example.nl',
      preferred_locales: ['nl-NL'],
      address: { line1: 'Dorpsstraat 1', line2: null, postal_code: '1234 AB', city: 'Utrecht', country: 'NL' },
    });
    const bakery = stripe.addCustomer({
      name: 'Bakkerij Bol',
      business_name: 'Bakkerij Bol B.V.',
      email: 'info@bol.example',
    });
    const first = stripe.finalizeInvoice({ customer: anna.id, number: 'ST-0001', amount: 12_500, dueInDays: -10 });
    stripe.finalizeInvoice({ customer: bakery.id, number: 'ST-0002', amount: 99_00 });
    const { workspaceId, options, pull } = await stripeWorkspace();
    const flowId = await publishDraft(db.pool, workspaceId, oneMailFlow('Stripe reminders'));

    expect(await pull()).toMatchObject({ debtors: 2, invoices: 2, payments: 0, runsStarted: 2 });
    const { rows: debtors } = await db.pool.query(
      `select external_id, kind::text, last_name, company_name, language, email, city from debtors
        where workspace_id = $1 order by external_id`,
      [workspaceId],
    );
    expect(debtors).toEqual(
      expect.arrayContaining([
        {
          external_id: anna.id,
          kind: 'person',
          last_name: 'Anna de Wit',
          company_name: null,
          language: 'nl',
          email: 'anna@example.nl',
          city: 'Utrecht',
        },
        {
          external_id: bakery.id,
          kind: 'company',
          last_name: null,
          company_name: 'Bakkerij Bol B.V.',
          language: 'en',
          email: 'info@bol.example',
          city: null,
        },
      ]),
    );
    const anna1 = await invoiceRow(workspaceId, 'ST-0001');
    expect(anna1).toMatchObject({ status: 'open', open: 12_500, case_status: 'open' });
    expect((await runsOfCase(db.pool, anna1!.case_id))[0]?.flow_id).toBe(flowId);

    // In Stripe: Anna pays, the bakery's invoice is voided, a new one is finalized.
    stripe.advance(60);
    stripe.payInvoice(first.id);
    stripe.voidInvoice([...stripe.invoices.values()].find((invoice) => invoice.number === 'ST-0002')!.id);
    stripe.finalizeInvoice({ customer: bakery.id, number: 'ST-0003', amount: 45_00 });
    expect(await pull()).toMatchObject({ payments: 1, skippedPayments: 0 });
    expect(await invoiceRow(workspaceId, 'ST-0001')).toMatchObject({ status: 'paid', open: 0, case_status: 'paid' });
    expect(await invoiceRow(workspaceId, 'ST-0002')).toMatchObject({ status: 'cancelled' });
    expect(await invoiceRow(workspaceId, 'ST-0003')).toMatchObject({ status: 'open', open: 45_00 });

    // The events of the last second are read again: nothing counts twice.
    await pull();
    const { rows: payments } = await db.pool.query('select amount_minor::int from payments where workspace_id = $1', [
      workspaceId,
    ]);
    expect(payments).toEqual([{ amount_minor: 12_500 }]);
    // The second pull asked for the changes since the first began; the third since the last change.
    const eventRequests = stripe.requests.filter((request) => request.startsWith('GET /v1/events?'));
    expect(eventRequests.at(-1)).toMatch(
      /^GET \/v1\/events\?types\[0\]=invoice\.finalized&.*&created\[gte\]=\d+&limit=100$/,
    );
    await options.workspaceConnectors.close();
  });

  it('keeps the error of a failed pull and answers "test connection" in Stripe’s words', async () => {
    const { workspaceId, options, pull } = await stripeWorkspace('sk_test_wrongwrongwrong');
    await expect(pull()).rejects.toThrow(/Invalid API Key provided/);
    const { rows } = await db.pool.query('select cursor, last_error from source_pulls where workspace_id = $1', [
      workspaceId,
    ]);
    expect(rows).toEqual([{ cursor: null, last_error: expect.stringMatching(/Invalid API Key provided/) }]);
    expect(await options.workspaceConnectors.testConnection(workspaceId, 'stripe')).toMatchObject({ ok: false });
    await options.workspaceConnectors.close();
  });
});
