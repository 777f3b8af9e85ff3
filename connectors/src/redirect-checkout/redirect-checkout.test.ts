import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedirectCheckout, RedirectCheckoutSettings } from './redirect-checkout.ts';

/** A payment provider's status endpoint as the documented contract describes it. */
describe('the redirect checkout connector', () => {
  const token = 'status-token-0123456789';
  const statuses = new Map<string, unknown>();
  let server: Server;
  let base = '';

  beforeAll(async () => {
    server = createServer((request, response) => {
      const reference = /^\/api\/payments\/([\w-]+)$/.exec(request.url ?? '')?.[1];
      if (request.headers.authorization !== `Bearer ${token}`) return void response.writeHead(401).end();
      const status = reference ? statuses.get(reference) : undefined;
      if (!status) return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(status));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const connector = (apiToken = token) =>
    createRedirectCheckout({
      checkoutUrl: `${base}/pay?ref={reference}&amount={amount}&cur={currency}&back={returnUrl}`,
      statusUrl: `${base}/api/payments/{reference}`,
      apiToken,
    });

  it('sends the debtor to the checkout address with the placeholders filled in and encoded', async () => {
    const checkout = await connector().createCheckout({
      checkoutId: 'c-1',
      amountMinor: 12_30,
      currency: 'EUR',
      description: 'Reference CF-1',
      returnUrl: 'https://collect.example/p/tok?checkout=c-1',
      webhookUrl: null,
      language: 'de',
      country: 'DE',
    });
    expect(checkout).toEqual({
      providerPaymentId: 'c-1',
      checkoutUrl: `${base}/pay?ref=c-1&amount=12.30&cur=EUR&back=https%3A%2F%2Fcollect.example%2Fp%2Ftok%3Fcheckout%3Dc-1`,
    });
  });

  it('reads the reference from a webhook and asks the status address for the truth', async () => {
    statuses.set('c-2', { status: 'paid', amountMinor: 5000, currency: 'EUR', paidAt: '2026-11-23T10:00:00Z' });
    const reading = await connector().readWebhook({
      method: 'POST',
      path: '/hook',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reference: 'c-2', status: 'paid', amountMinor: 999_999 }),
    });
    expect(reading).toEqual({ accepted: true, providerPaymentIds: ['c-2'] });
    expect(await connector().getPayment('c-2')).toEqual({
      providerPaymentId: 'c-2',
      checkoutId: 'c-2',
      status: 'paid',
      amountMinor: 5000,
      currency: 'EUR',
      paidAt: '2026-11-23T10:00:00Z',
      method: null,
    });
  });

  it('explains a wrong token, an unknown payment and an answer out of contract', async () => {
    await expect(connector('wrong-token-0123456789').getPayment('c-2')).rejects.toThrow('refused the API token');
    await expect(connector().getPayment('c-404')).rejects.toThrow('does not know c-404');
    statuses.set('c-3', { state: 'done' });
    await expect(connector().getPayment('c-3')).rejects.toThrow('not in the documented form');
    expect(await connector().testConnection()).toEqual({ ok: true });
    expect((await connector('wrong-token-0123456789').testConnection()).ok).toBe(false);
    expect(
      (await connector().readWebhook({ method: 'POST', path: '/', headers: {}, body: 'nothing=here' })).accepted,
    ).toBe(false);
  });

  it('refuses settings without the reference placeholder', () => {
    const parsed = RedirectCheckoutSettings.safeParse({
      checkoutUrl: 'https://pay.example/checkout',
      statusUrl: 'https://pay.example/status/{reference}',
      apiToken: token,
    });
    expect(parsed.error?.issues[0]).toMatchObject({
      path: ['checkoutUrl'],
      message: 'The address must contain {reference}.',
    });
  });
});
