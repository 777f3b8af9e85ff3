/**
 * A Sinch double on loopback for the demo and the tests: the SMS batches and voice callout
 * endpoints `@sinch/sdk-core` calls, with Sinch's authentication (bearer API token for SMS, signed
 * application requests for voice), recording every request. After each batch or callout it calls
 * back like Sinch does: a signed per-recipient delivery report for SMS; for calls an answered
 * event (ACE) whose call instructions it follows (a key-press menu gets a key press, PIE), then
 * the disconnect event (DiCE) with the call's result. Outcomes and delays are configurable, and
 * `failNextRequests` imitates an outage.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  calculateWebhookSignature,
  computeSignedData,
  generateAuthorizationHeader,
  validateAuthenticationHeader,
} from '@sinch/sdk-core';
import { readBody } from '../doubles/read-body.ts';

export type SmsDeliveryStatus = 'Delivered' | 'Failed' | 'Rejected' | 'Expired';
export type CallResult = 'ANSWERED' | 'NOANSWER' | 'BUSY' | 'FAILED';

export interface SinchDoubleCredentials {
  servicePlanId: string;
  apiToken: string;
  /** Signs SMS delivery reports. */
  smsSigningSecret: string;
  applicationKey: string;
  /** Base64, as Sinch hands it out. */
  applicationSecret: string;
}

export interface RecordedSms {
  batchId: string;
  to: string[];
  from: string;
  body: string;
  clientReference: string | null;
  callbackUrl: string | null;
}

export interface RecordedCall {
  callId: string;
  to: string;
  cli: string | null;
  locale: string | null;
  text: string | null;
  custom: string | null;
  /** What the call played after the debtor answered, when the connector sent instructions (ACE). */
  spoken: string[];
  keyPressed: string | null;
  result: CallResult | null;
}

export interface SinchDoubleOptions {
  credentials?: Partial<SinchDoubleCredentials>;
  /** Delay before each callback. Default: 20 ms. */
  callbackDelayMs?: number;
  /** Where voice callbacks go (on Sinch, the application's callback URL in the dashboard). */
  voiceCallbackUrl?: string;
}

export interface SinchDouble {
  /** `http://127.0.0.1:<port>`: the `smsHostname` and `voiceHostname` for the SDK. */
  readonly url: string;
  readonly credentials: SinchDoubleCredentials;
  readonly sms: RecordedSms[];
  readonly calls: RecordedCall[];
  /** Every callback sent, with the HTTP status our side answered. */
  readonly callbacks: { url: string; body: unknown; status: number | null }[];
  voiceCallbackUrl: string | null;
  /** The delivery status of SMS to this number (default: Delivered; numbers ending in 0000 fail). */
  setSmsOutcome(recipient: string, status: SmsDeliveryStatus): void;
  /** The result of calls to this number (default: ANSWERED; ending in 0000 FAILED, in 1111 NOANSWER). */
  setCallOutcome(recipient: string, result: CallResult): void;
  /** The key the debtor presses when a call offers a menu. Default: none (the menu times out). */
  setKeyPress(recipient: string, key: string | null): void;
  /** The next `count` API requests get this status (an outage): nothing is recorded or sent. */
  failNextRequests(count: number, status?: number): void;
  /** Resolves when every callback started so far has been answered. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const defaultSmsOutcome = (recipient: string): SmsDeliveryStatus =>
  recipient.endsWith('0000') ? 'Failed' : 'Delivered';
const defaultCallOutcome = (recipient: string): CallResult =>
  recipient.endsWith('0000') ? 'FAILED' : recipient.endsWith('1111') ? 'NOANSWER' : 'ANSWERED';

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export async function startSinchDouble(options: SinchDoubleOptions = {}): Promise<SinchDouble> {
  const credentials: SinchDoubleCredentials = {
    servicePlanId: randomBytes(16).toString('hex'),
    apiToken: randomBytes(16).toString('hex'),
    smsSigningSecret: randomBytes(24).toString('hex'),
    applicationKey: randomUUID(),
    applicationSecret: randomBytes(24).toString('base64'),
    ...options.credentials,
  };
  const delayMs = options.callbackDelayMs ?? 20;
  const smsOutcomes = new Map<string, SmsDeliveryStatus>();
  const callOutcomes = new Map<string, CallResult>();
  const keyPresses = new Map<string, string | null>();
  const inFlight = new Set<Promise<void>>();
  let outage = { count: 0, status: 503 };

  const double: SinchDouble = {
    url: '',
    credentials,
    sms: [],
    calls: [],
    callbacks: [],
    voiceCallbackUrl: options.voiceCallbackUrl ?? null,
    setSmsOutcome: (recipient, status) => smsOutcomes.set(recipient, status),
    setCallOutcome: (recipient, result) => callOutcomes.set(recipient, result),
    setKeyPress: (recipient, key) => keyPresses.set(recipient, key),
    failNextRequests(count, status = 503) {
      outage = { count, status };
    },
    async settled() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    async close() {
      await double.settled();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function later(work: () => Promise<void>): void {
    const running = new Promise<void>((resolve) => setTimeout(resolve, delayMs))
      .then(work)
      .catch(() => {})
      .finally(() => inFlight.delete(running));
    inFlight.add(running);
  }

  async function post(url: string, body: unknown, headers: Record<string, string>): Promise<Response | null> {
    const entry = { url, body, status: null as number | null };
    double.callbacks.push(entry);
    try {
      const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
      entry.status = response.status;
      return response;
    } catch {
      return null;
    }
  }

  /** A delivery report signed the way Sinch signs SMS callbacks. */
  function sendSmsReport(url: string, report: Record<string, unknown>) {
    const body = JSON.stringify(report);
    const nonce = randomBytes(12).toString('hex');
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = calculateWebhookSignature(
      computeSignedData(body, nonce, timestamp),
      credentials.smsSigningSecret,
    );
    return post(url, report, {
      'content-type': 'application/json',
      'x-sinch-webhook-signature': signature,
      'x-sinch-webhook-signature-nonce': nonce,
      'x-sinch-webhook-signature-timestamp': timestamp,
      'x-sinch-webhook-signature-algorithm': 'HmacSHA256',
    });
  }

  /** A voice event signed the way Sinch signs application callbacks. */
  function sendVoiceEvent(event: Record<string, unknown>): Promise<Response | null> {
    const url = double.voiceCallbackUrl;
    if (!url) return Promise.resolve(null);
    const body = JSON.stringify(event);
    const timestamp = new Date().toISOString();
    const path = new URL(url).pathname;
    const authorization = generateAuthorizationHeader(
      'POST',
      body,
      'application/json; charset=utf-8',
      `x-timestamp:${timestamp}`,
      path,
      credentials.applicationKey,
      credentials.applicationSecret,
    );
    return post(url, event, {
      'content-type': 'application/json; charset=utf-8',
      'x-timestamp': timestamp,
      authorization,
    });
  }

  async function handleSms(request: IncomingMessage, response: ServerResponse, path: string, body: string) {
    if (request.headers.authorization !== `Bearer ${credentials.apiToken}`) {
      return json(response, 401, { code: 'unauthorized', text: 'Invalid credentials' });
    }
    const match = /^\/xms\/v1\/([^/]+)\/batches$/.exec(path);
    if (!match || match[1] !== credentials.servicePlanId) {
      return json(response, 404, { code: 'not_found', text: 'No such service plan' });
    }
    if (request.method === 'GET') return json(response, 200, { count: 0, page: 0, page_size: 1, batches: [] });
    const batch = JSON.parse(body) as {
      to: string[];
      from: string;
      body: string;
      client_reference?: string;
      callback_url?: string;
      delivery_report?: string;
    };
    if (!Array.isArray(batch.to) || batch.to.length === 0 || typeof batch.body !== 'string') {
      return json(response, 400, { code: 'syntax_invalid_parameter_format', text: 'to and body are required' });
    }
    const invalid = batch.to.find((recipient) => !/^\+?[0-9]{6,15}$/.test(recipient));
    if (invalid) {
      return json(response, 400, { code: 'syntax_invalid_parameter_format', text: `Invalid recipient ${invalid}` });
    }
    const id = randomBytes(13).toString('hex').toUpperCase();
    double.sms.push({
      batchId: id,
      to: batch.to,
      from: batch.from,
      body: batch.body,
      clientReference: batch.client_reference ?? null,
      callbackUrl: batch.callback_url ?? null,
    });
    json(response, 201, {
      id,
      to: batch.to,
      from: batch.from,
      body: batch.body,
      type: 'mt_text',
      canceled: false,
      created_at: new Date().toISOString(),
      modified_at: new Date().toISOString(),
      delivery_report: batch.delivery_report ?? 'none',
      ...(batch.client_reference ? { client_reference: batch.client_reference } : {}),
    });
    const callbackUrl = batch.callback_url;
    if (!callbackUrl || !batch.delivery_report?.startsWith('per_recipient')) return;
    for (const recipient of batch.to) {
      const status = smsOutcomes.get(recipient) ?? defaultSmsOutcome(recipient);
      later(async () => {
        await sendSmsReport(callbackUrl, {
          type: 'recipient_delivery_report_sms',
          batch_id: id,
          recipient,
          code: status === 'Delivered' ? 0 : 402,
          status,
          at: new Date().toISOString(),
          ...(batch.client_reference ? { client_reference: batch.client_reference } : {}),
        });
      });
    }
  }

  async function handleCallout(request: IncomingMessage, response: ServerResponse, path: string, body: string) {
    const signed = validateAuthenticationHeader(
      credentials.applicationKey,
      credentials.applicationSecret,
      request.headers,
      body,
      path,
      request.method ?? 'POST',
    );
    if (!signed) return json(response, 401, { errorCode: 40102, message: 'Invalid signature' });
    const { method, ttsCallout } = JSON.parse(body) as {
      method: string;
      ttsCallout?: {
        cli?: string;
        destination: { type: string; endpoint: string };
        locale?: string;
        text?: string;
        custom?: string;
        enableAce?: boolean;
        enableDice?: boolean;
        enablePie?: boolean;
      };
    };
    if (method !== 'ttsCallout' || !ttsCallout?.destination?.endpoint) {
      return json(response, 400, { errorCode: 40001, message: 'Only ttsCallout with a destination is supported' });
    }
    const callId = randomUUID();
    const to = ttsCallout.destination.endpoint;
    const call: RecordedCall = {
      callId,
      to,
      cli: ttsCallout.cli ?? null,
      locale: ttsCallout.locale ?? null,
      text: ttsCallout.text ?? null,
      custom: ttsCallout.custom ?? null,
      spoken: [],
      keyPressed: null,
      result: null,
    };
    double.calls.push(call);
    json(response, 200, { callId });
    const result = callOutcomes.get(to) ?? defaultCallOutcome(to);
    const custom = ttsCallout.custom;
    later(async () => {
      const base = { callid: callId, version: 1, applicationKey: credentials.applicationKey, custom };
      if (result === 'ANSWERED' && ttsCallout.enableAce) {
        const ace = await sendVoiceEvent({ event: 'ace', timestamp: new Date().toISOString(), ...base });
        const svaml = ace?.ok ? ((await ace.json()) as SvamlAnswer) : null;
        await followInstructions(call, svaml, base);
      }
      call.result = result;
      await sendVoiceEvent({
        event: 'dice',
        timestamp: new Date().toISOString(),
        reason: result === 'ANSWERED' ? 'MANAGERHANGUP' : result === 'FAILED' ? 'CALLEENOTAVAILABLE' : 'TIMEOUT',
        result,
        duration: result === 'ANSWERED' ? 23 : 0,
        from: ttsCallout.cli ?? '',
        to: { type: 'number', endpoint: to },
        ...base,
      });
    });
  }

  function handleQueryNumber(request: IncomingMessage, response: ServerResponse, path: string) {
    if (
      !validateAuthenticationHeader(
        credentials.applicationKey,
        credentials.applicationSecret,
        request.headers,
        '',
        path,
        'GET',
      )
    ) {
      return json(response, 401, { errorCode: 40102, message: 'Invalid signature' });
    }
    const number = decodeURIComponent(path.slice('/v1/calling/query/number/'.length));
    return json(response, 200, { method: 'numberItem', number: { normalizedNumber: number, numberType: 'Mobile' } });
  }

  interface SvamlAnswer {
    instructions?: { name: string; text?: string }[];
    action?: {
      name: string;
      menus?: { id: string; mainPrompt?: string; options?: { dtmf: string; action: string }[] }[];
    };
  }

  async function followInstructions(call: RecordedCall, svaml: SvamlAnswer | null, base: Record<string, unknown>) {
    for (const instruction of svaml?.instructions ?? []) {
      if (instruction.name === 'say' && instruction.text) call.spoken.push(instruction.text);
    }
    if (svaml?.action?.name !== 'runMenu') return;
    const menu = svaml.action.menus?.[0];
    if (menu?.mainPrompt) call.spoken.push(menu.mainPrompt);
    const key = keyPresses.get(call.to) ?? null;
    call.keyPressed = key;
    // An option whose action is `return(value)` reports that value, as Sinch's menus do.
    const returned = /^return\((.*)\)$/.exec(menu?.options?.find((option) => option.dtmf === key)?.action ?? '');
    const menuId = menu?.id ?? 'main';
    const pie = await sendVoiceEvent({
      event: 'pie',
      timestamp: new Date().toISOString(),
      menuResult: !key
        ? { menuId, type: 'timeout', value: '', inputMethod: 'dtmf' }
        : returned
          ? { menuId, type: 'return', value: returned[1], inputMethod: 'dtmf' }
          : { menuId, type: 'invalidinput', value: key, inputMethod: 'dtmf' },
      ...base,
    });
    const after = pie?.ok ? ((await pie.json()) as SvamlAnswer) : null;
    for (const instruction of after?.instructions ?? []) {
      if (instruction.name === 'say' && instruction.text) call.spoken.push(instruction.text);
    }
  }

  const server: Server = createServer((request, response) => {
    void (async () => {
      const path = new URL(request.url ?? '/', 'http://double').pathname;
      const body = await readBody(request);
      if (outage.count > 0) {
        outage.count -= 1;
        return json(response, outage.status, { code: 'service_unavailable', text: 'Try again later' });
      }
      if (path.startsWith('/xms/v1/')) return handleSms(request, response, path, body);
      if (path === '/calling/v1/callouts' && request.method === 'POST') {
        return handleCallout(request, response, path, body);
      }
      if (path.startsWith('/v1/calling/query/number/') && request.method === 'GET') {
        return handleQueryNumber(request, response, path);
      }
      return json(response, 404, { code: 'not_found', text: `No route ${request.method} ${path}` });
    })().catch((error: Error) => json(response, 500, { code: 'internal', text: error.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(double, { url: `http://127.0.0.1:${port}` });
}
