import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentProviderError } from '../sdk/payment-connector.ts';
import { createMollie, mollieLocale } from './mollie.ts';
import { type MollieDouble, startMollieDouble } from './mollie-double.ts';

/** A webhook receiver on loopback: records each call's body and answers with `status`. */
async function startReceiver() {
  const calls: string[] = [];
  const receiver = { calls, status: 200, url: '', server: null as unknown as Server };
  receiver.server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      calls.push(body);
      response.writeHead(receiver.status).end();
    });
  });
  await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/hook`;
  return receiver;
}

describe('the Mollie connector against the Mollie double', () => {
  let double: MollieDouble;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const connector = () => createMollie({ apiKey: double.apiKey, methods: [], apiEndpoint: double.apiEndpoint });
  const checkout = (checkoutId: string, amountMinor = 12_345) => ({
    checkoutId,
    amountMinor,
    currency: 'EUR',
    description: 'Reference CF-7KQ2-M4XD',
    returnUrl: 'http://127.0.0.1:1/p/token?checkout=1',
    webhookUrl: receiver.url,
    language: 'nl',
    country: 'BE',
  });

  beforeAll(async () => {
    double = await startMollieDouble({ webhookRetryDelaysMs: [10, 10] });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await double.close();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  it('creates a payment with amount, language and our checkout id, and pays it through the checkout page', async () => {
    const mollie = connector();
    const created = await mollie.createCheckout(checkout('4b0c1c6e-0000-4000-8000-000000000001'));
    expect(created.checkoutUrl).toBe(`${double.url}/checkout/${created.providerPaymentId}`);
    const atMollie = double.payments.get(created.providerPaymentId)!;
    expect(atMollie).toMatchObject({
      amount: { currency: 'EUR', value: '123.45' },
      locale: 'nl_BE',
      webhookUrl: receiver.url,
      metadata: { checkoutId: '4b0c1c6e-0000-4000-8000-000000000001' },
      idempotencyKey: '4b0c1c6e-0000-4000-8000-000000000001',
    });
    expect(await mollie.getPayment(created.providerPaymentId)).toMatchObject({ status: 'open', amountMinor: 12_345 });

    // The debtor pays on the checkout page and is sent back; the webhook names only the payment.
    const page = await fetch(created.checkoutUrl);
    expect(await page.text()).toContain('123.45');
    const answer = await fetch(created.checkoutUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'method=bancontact&status=paid',
      redirect: 'manual',
    });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('http://127.0.0.1:1/p/token?checkout=1');
    expect(receiver.calls.at(-1)).toBe(`id=${created.providerPaymentId}`);

    const reading = await mollie.readWebhook({
      method: 'POST',
      path: '/hook',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: receiver.calls.at(-1)!,
    });
    expect(reading).toEqual({ accepted: true, providerPaymentIds: [created.providerPaymentId] });
    expect(await mollie.getPayment(created.providerPaymentId)).toMatchObject({
      providerPaymentId: created.providerPaymentId,
      checkoutId: '4b0c1c6e-0000-4000-8000-000000000001',
      status: 'paid',
      amountMinor: 12_345,
      currency: 'EUR',
      method: 'bancontact',
      paidAt: expect.any(String),
    });
  });

  it('creates one payment when the same checkout is asked for twice (idempotency key)', async () => {
    const mollie = connector();
    const first = await mollie.createCheckout(checkout('4b0c1c6e-0000-4000-8000-000000000002'));
    const second = await mollie.createCheckout(checkout('4b0c1c6e-0000-4000-8000-000000000002'));
    expect(second.providerPaymentId).toBe(first.providerPaymentId);
  });

  it('keeps calling a webhook that fails, as Mollie does', async () => {
    const mollie = connector();
    const created = await mollie.createCheckout(checkout('4b0c1c6e-0000-4000-8000-000000000003'));
    receiver.status = 500;
    const before = double.webhookCalls.length;
    await double.complete(created.providerPaymentId, 'failed');
    receiver.status = 200;
    expect(double.webhookCalls.slice(before).map((call) => call.status)).toEqual([500, 500, 500]);
    expect((await mollie.getPayment(created.providerPaymentId)).status).toBe('failed');
  });

  it('says in words what went wrong: a wrong key, a refused amount, an outage', async () => {
    const wrongKey = createMollie({
      apiKey: `test_${'x'.repeat(30)}`,
      methods: [],
      apiEndpoint: double.apiEndpoint,
    });
    await expect(wrongKey.createCheckout(checkout('4b0c1c6e-0000-4000-8000-000000000004'))).rejects.toThrow(
      'Mollie refused the API key. Check it under Connectors.',
    );
    expect(await wrongKey.testConnection()).toEqual({
      ok: false,
      reason: 'Mollie refused the API key. Check it under Connectors.',
    });
    expect(await connector().testConnection()).toEqual({ ok: true });

    await expect(connector().createCheckout(checkout('4b0c1c6e-0000-4000-8000-000000000005', 0))).rejects.toThrow(
      'Mollie refused the payment: The amount is lower than the minimum.',
    );

    // The client retries a 503 twice by itself; a longer outage reaches us as retryable.
    double.failNextRequests(1);
    await expect(connector().getPayment('tr_unknown')).rejects.toThrow('Mollie does not know this payment');
    double.failNextRequests(10);
    const outage = await connector()
      .getPayment('tr_unknown')
      .catch((error: unknown) => error);
    double.failNextRequests(0);
    expect(outage).toBeInstanceOf(PaymentProviderError);
    expect(outage).toMatchObject({ retryable: true, message: expect.stringContaining('cannot be reached') });
  });

  it('refuses a webhook that names no payment', async () => {
    const reading = await connector().readWebhook({ method: 'POST', path: '/hook', headers: {}, body: 'id=ord_1' });
    expect(reading).toMatchObject({ accepted: false, status: 400 });
  });

  it('picks Mollie’s checkout language from the debtor’s language and country', () => {
    expect(mollieLocale('nl', 'BE')).toBe('nl_BE');
    expect(mollieLocale('de', 'AT')).toBe('de_AT');
    expect(mollieLocale('de', 'NL')).toBe('de_DE');
    expect(mollieLocale('fr', null)).toBe('fr_FR');
    expect(mollieLocale('tr', 'DE')).toBeUndefined();
  });
});
