/**
 * The Sinch connectors through the real `@sinch/sdk-core` against the Sinch double, with the
 * double's callbacks arriving over HTTP at a receiver that hands them to the connector, as the
 * runtime's callback route does.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RenderedMessage } from '@collectflow/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CallbackResult, ChannelConnector, OutboundMessage } from '../sdk/define-connector.ts';
import { type SinchDouble, startSinchDouble } from './sinch-double.ts';
import { SinchSmsSettings, sinchSms } from './sinch-sms.ts';
import { SinchVoiceSettings, sinchVoice } from './sinch-voice.ts';

let double: SinchDouble;
let receiver: Server;
let callbackUrl: string;
/** The connector the receiver hands callbacks to, and what it answered. */
let current: ChannelConnector | null = null;
let answered: CallbackResult[] = [];

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const result = await current!.handleCallback!({
        method: request.method ?? 'POST',
        path: request.url ?? '/',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      answered.push(result);
      if (!result.accepted) return response.writeHead(result.status).end(result.reason);
      if (result.reply)
        return response.writeHead(200, { 'content-type': result.reply.contentType }).end(result.reply.body);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/connectors/ws/sms`;
  double = await startSinchDouble({ voiceCallbackUrl: callbackUrl });
});
afterAll(async () => {
  await double.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});
beforeEach(() => {
  answered = [];
});

let counter = 0;
function message(channel: 'sms' | 'voice', recipient: string, content: Partial<RenderedMessage> = {}): OutboundMessage {
  counter += 1;
  return {
    id: `3f0c1a52-8d4e-4b6f-a7c9-${String(counter).padStart(12, '0')}`,
    channel,
    recipient,
    sender: null,
    content: {
      channel,
      language: 'de',
      subject: null,
      html: null,
      text: 'Hallo Herr Weber, bitte zahlen Sie 245,50 €.',
      ...content,
    },
    attempt: 1,
  };
}

function smsConnector(overrides: Partial<SinchSmsSettings> = {}) {
  return sinchSms.create(
    SinchSmsSettings.parse({
      servicePlanId: double.credentials.servicePlanId,
      apiToken: double.credentials.apiToken,
      sender: 'DemoEnergie',
      signingSecret: double.credentials.smsSigningSecret,
      apiAddress: double.url,
      ...overrides,
    }),
    { callbackUrl },
  );
}

function voiceConnector(overrides: Partial<SinchVoiceSettings> = {}) {
  return sinchVoice.create(
    SinchVoiceSettings.parse({
      applicationKey: double.credentials.applicationKey,
      applicationSecret: double.credentials.applicationSecret,
      callerId: '+31201234567',
      apiAddress: double.url,
      ...overrides,
    }),
    { callbackUrl },
  );
}

describe('sinch-sms', () => {
  it('sends a batch through the SDK with our message id, and a signed delivery report says delivered', async () => {
    current = smsConnector();
    const sent = message('sms', '+491701234567');
    const [result] = await current.send([sent]);
    expect(result).toMatchObject({ status: 'sent', reportExpected: true });
    const batch = double.sms.find((sms) => sms.clientReference === sent.id)!;
    expect(batch).toMatchObject({ to: ['+491701234567'], from: 'DemoEnergie', body: sent.content.text, callbackUrl });
    expect(result).toMatchObject({ providerMessageId: batch.batchId });
    await double.settled();
    expect(answered).toEqual([
      {
        accepted: true,
        reports: [
          {
            messageId: sent.id,
            outcome: 'delivered',
            reason: null,
            details: { status: 'Delivered', code: 0, batchId: batch.batchId },
          },
        ],
      },
    ]);
  });

  it('uses the brand’s SMS sender when it has one', async () => {
    current = smsConnector();
    const sent = { ...message('sms', '+491701234568'), sender: { name: 'Stadtwerke', address: 'Stadtwerke' } };
    await current.send([sent]);
    expect(double.sms.find((sms) => sms.clientReference === sent.id)?.from).toBe('Stadtwerke');
    await double.settled();
  });

  it('reports a failed delivery as failed, with the status in words', async () => {
    current = smsConnector();
    double.setSmsOutcome('+491709990001', 'Expired');
    const sent = message('sms', '+491709990001');
    await current.send([sent]);
    await double.settled();
    expect(answered[0]).toMatchObject({
      accepted: true,
      reports: [{ messageId: sent.id, outcome: 'failed', reason: 'the SMS was not delivered (expired, code 402)' }],
    });
  });

  it('refuses a callback signed with another secret, and one without a signature', async () => {
    current = smsConnector({ signingSecret: 'someone-else-s-secret-0123456789' });
    await current.send([message('sms', '+491701234569')]);
    await double.settled();
    expect(answered).toEqual([
      { accepted: false, status: 401, reason: 'the callback is not signed with the signing secret' },
    ]);
    const unsigned = await current.handleCallback!({
      method: 'POST',
      path: '/hooks',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'recipient_delivery_report_sms', status: 'Delivered', client_reference: 'x' }),
    });
    expect(unsigned).toMatchObject({ accepted: false, status: 401 });
  });

  it('tells an outage (503: try later) from a refusal (400: not again) and a wrong token (401)', async () => {
    current = smsConnector();
    double.failNextRequests(1, 503);
    const [outage] = await current.send([message('sms', '+491701234570')]);
    expect(outage).toMatchObject({ status: 'failed', retryable: true });
    expect((outage as { reason: string }).reason).toContain('HTTP 503');
    const [refused] = await current.send([message('sms', 'not-a-number')]);
    expect(refused).toMatchObject({ status: 'failed', retryable: false });
    expect((refused as { reason: string }).reason).toContain('Invalid recipient not-a-number');
    const wrongToken = smsConnector({ apiToken: 'wrong-token-123' });
    expect(await wrongToken.testConnection()).toMatchObject({ ok: false });
    expect(await current.testConnection()).toEqual({ ok: true });
  });
});

describe('sinch-voice', () => {
  it('calls in the template’s locale and voice, offers the menu, and reports the key pressed and the answer', async () => {
    current = voiceConnector();
    double.setKeyPress('+491701112222', '1');
    const sent = message('voice', '+491701112222', { speech: { locale: 'de-DE', voice: 'male' } });
    const [result] = await current.send([sent]);
    expect(result).toMatchObject({ status: 'sent', reportExpected: true });
    await double.settled();
    const call = double.calls.find((entry) => entry.to === '+491701112222')!;
    expect(call).toMatchObject({ locale: 'de-DE/male', text: sent.content.text, cli: '+31201234567', keyPressed: '1' });
    expect(call.spoken).toEqual([
      '#tts[Drücken Sie 1, um den Zahlungslink per SMS zu erhalten. Drücken Sie 2 für einen Rückruf.]',
      'Sie erhalten den Zahlungslink gleich per SMS. Vielen Dank.',
    ]);
    const accepted = answered.filter((entry) => entry.accepted);
    expect(accepted.flatMap((entry) => entry.responses ?? [])).toEqual([
      { messageId: sent.id, type: 'keypress', details: { choice: 'paylink-sms', callId: call.callId } },
    ]);
    expect(accepted.flatMap((entry) => entry.reports)).toEqual([
      expect.objectContaining({ messageId: sent.id, outcome: 'delivered', reason: null }),
    ]);
  });

  it('falls back to the voice a locale has (Turkish speaks with a male voice only)', async () => {
    current = voiceConnector({ offerMenu: false });
    await current.send([
      message('voice', '+905321234567', { language: 'tr', speech: { locale: 'tr-TR', voice: 'female' } }),
    ]);
    await double.settled();
    expect(double.calls.find((entry) => entry.to === '+905321234567')?.locale).toBe('tr-TR/male');
  });

  it('maps busy to try again, not answered and failed to failed', async () => {
    current = voiceConnector({ offerMenu: false });
    double.setCallOutcome('+491703330001', 'BUSY');
    double.setCallOutcome('+491703330002', 'NOANSWER');
    double.setCallOutcome('+491703330003', 'FAILED');
    const sent = ['+491703330001', '+491703330002', '+491703330003'].map((to) => message('voice', to));
    await current.send(sent);
    await double.settled();
    const reports = answered.flatMap((entry) => (entry.accepted ? entry.reports : []));
    expect(sent.map((one) => reports.find((report) => report.messageId === one.id))).toEqual([
      expect.objectContaining({ outcome: 'retry', reason: 'the line was busy' }),
      expect.objectContaining({ outcome: 'failed', reason: 'nobody answered the call' }),
      expect.objectContaining({ outcome: 'failed', reason: 'the call failed (calleenotavailable)' }),
    ]);
  });

  it('refuses voice events signed with another application secret, and checks the connection', async () => {
    current = voiceConnector({ applicationSecret: Buffer.from('another-secret-of-someone').toString('base64') });
    const [result] = await current.send([message('voice', '+491704440001')]);
    // The API refuses the callout itself: requests are signed with the same secret.
    expect(result).toMatchObject({ status: 'failed', retryable: false });
    expect(await current.testConnection()).toMatchObject({ ok: false });
    expect(await voiceConnector().testConnection()).toEqual({ ok: true });
    const forged = await voiceConnector().handleCallback!({
      method: 'POST',
      path: '/hooks/connectors/ws/sms',
      headers: {
        'content-type': 'application/json',
        'x-timestamp': new Date().toISOString(),
        authorization: 'Application x:y',
      },
      body: JSON.stringify({ event: 'dice', result: 'ANSWERED', custom: '{}' }),
    });
    expect(forged).toMatchObject({ accepted: false, status: 401 });
  });
});
