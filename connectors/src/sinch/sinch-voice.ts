/**
 * Reminder calls through Sinch (`sinch-voice`), with the real `@sinch/sdk-core`: a text-to-speech
 * callout per message in the template's locale and voice (`de-DE/female`), our message id in the
 * call's `custom` field. With the key-press menu on, the answered-call event (ACE) is answered
 * with the message and a menu (1: payment link by SMS, 2: call back); the choice (PIE) is
 * reported as the debtor's response. The disconnect event (DiCE) decides the outcome:
 * answered = delivered, busy = try again later, not answered or failed = failed.
 *
 * Sinch sends voice events to the application's callback URL (set it in the Sinch dashboard to
 * the address the Connectors page shows) and signs them with the application secret; unsigned,
 * wrongly signed or stale events are refused.
 */
import { Language, ttsLocaleFor, ttsVoiceFor } from '@collectflow/shared';
import { SinchClient, type Voice, VoiceCallbackWebhooks } from '@sinch/sdk-core';
import { z } from 'zod';
import {
  type CallbackResult,
  type ChannelConnector,
  type ConnectorContext,
  defineConnector,
  type OutboundMessage,
  type SendResult,
} from '../sdk/define-connector.ts';
import { outcomeOfSinchError } from './sinch-errors.ts';
import { sinchLogger } from './sinch-logger.ts';
import { callbackTimestampFresh, SinchApiAddress } from './sinch-settings.ts';
import { isVoiceMenuChoice, voiceMenuChoices, voiceMenuPrompt, voiceMenuThanks } from './voice-menu.ts';

export const SinchVoiceSettings = z.object({
  applicationKey: z
    .string()
    .trim()
    .regex(/^[0-9a-f-]{36}$/i, { message: 'Copy the application key from the Sinch dashboard (Voice → Apps).' })
    .meta({ title: 'Application key', description: 'Sinch dashboard → Voice → Apps.' }),
  /** Secret (base64, as Sinch shows it). */
  applicationSecret: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9+/]{16,}={0,2}$/, { message: 'Copy the application secret from the Sinch dashboard.' })
    .meta({ title: 'Application secret' }),
  callerId: z
    .string()
    .trim()
    .regex(/^\+[1-9][0-9]{6,14}$/, { message: 'Use a number you rent at Sinch, such as +31201234567.' })
    .meta({ title: 'Calling number', description: 'The number debtors see; one you rent at Sinch.' }),
  offerMenu: z
    .boolean()
    .default(true)
    .meta({ title: 'Offer a key-press menu', description: '1: payment link by SMS, 2: call back.' }),
  apiAddress: SinchApiAddress,
});
export type SinchVoiceSettings = z.output<typeof SinchVoiceSettings>;

/** What a call carries in Sinch's `custom` field, to find its message and language again. */
const CallTag = z.object({ message: z.uuid(), language: Language, voice: z.string() });
type CallTag = z.infer<typeof CallTag>;

function tagOf(custom: string | undefined): CallTag | null {
  try {
    return CallTag.parse(JSON.parse(custom ?? ''));
  } catch {
    return null;
  }
}

const svaml = (body: unknown) => ({ contentType: 'application/json', body: JSON.stringify(body) });

function outcomeOfCall(result: string | undefined, reason: string | undefined) {
  switch (result) {
    case 'ANSWERED':
      return { outcome: 'delivered' as const, reason: null };
    case 'BUSY':
      return { outcome: 'retry' as const, reason: 'the line was busy' };
    case 'NOANSWER':
      return { outcome: 'failed' as const, reason: 'nobody answered the call' };
    default:
      return { outcome: 'failed' as const, reason: `the call failed${reason ? ` (${reason.toLowerCase()})` : ''}` };
  }
}

function createSinchVoice(settings: SinchVoiceSettings, context: ConnectorContext): ChannelConnector {
  const parameters = {
    applicationKey: settings.applicationKey,
    applicationSecret: settings.applicationSecret,
    logger: sinchLogger(context),
    ...(settings.apiAddress
      ? { voiceHostname: settings.apiAddress, voiceApplicationManagementHostname: settings.apiAddress }
      : {}),
  };
  const client = new SinchClient(parameters);
  const webhooks = new VoiceCallbackWebhooks(parameters);

  async function sendOne(message: OutboundMessage): Promise<SendResult> {
    if (message.channel !== 'voice') {
      return { status: 'failed', retryable: false, reason: `sinch-voice makes calls, not ${message.channel}` };
    }
    const language = message.content.language;
    const voice = ttsVoiceFor(
      message.content.speech?.locale ?? ttsLocaleFor(language),
      message.content.speech?.voice ?? 'female',
    );
    const tag: CallTag = { message: message.id, language, voice };
    try {
      const { callId } = await client.voice.callouts.tts({
        ttsCalloutRequestBody: {
          method: 'ttsCallout',
          ttsCallout: {
            cli: settings.callerId,
            destination: { type: 'number', endpoint: message.recipient },
            domain: 'pstn',
            locale: voice,
            text: message.content.text,
            custom: JSON.stringify(tag),
            enableAce: settings.offerMenu,
            enableDice: true,
            enablePie: settings.offerMenu,
          },
        },
      });
      return { status: 'sent', providerMessageId: callId ?? null, reportExpected: true };
    } catch (error) {
      return outcomeOfSinchError(error, 'Sinch Voice');
    }
  }

  function answer(event: Voice.VoiceCallbackEvent, tag: CallTag): CallbackResult {
    switch (event.event) {
      case 'ace':
        return {
          accepted: true,
          reports: [],
          reply: svaml({
            // The callout's text has been spoken when the call is answered; the menu follows.
            instructions: [],
            action: {
              name: 'runMenu',
              barge: true,
              locale: tag.voice,
              mainMenu: 'main',
              menus: [
                {
                  id: 'main',
                  mainPrompt: `#tts[${voiceMenuPrompt(tag.language)}]`,
                  repeatPrompt: `#tts[${voiceMenuPrompt(tag.language)}]`,
                  repeats: 2,
                  maxDigits: 1,
                  timeoutMills: 8000,
                  options: Object.entries(voiceMenuChoices).map(([dtmf, choice]) => ({
                    dtmf,
                    action: `return(${choice})`,
                  })),
                },
              ],
            },
          }),
        };
      case 'pie': {
        const choice = event.menuResult?.type === 'return' ? event.menuResult.value : undefined;
        if (!isVoiceMenuChoice(choice)) {
          return { accepted: true, reports: [], reply: svaml({ instructions: [], action: { name: 'hangup' } }) };
        }
        return {
          accepted: true,
          reports: [],
          responses: [{ messageId: tag.message, type: 'keypress', details: { choice, callId: event.callid } }],
          reply: svaml({
            instructions: [{ name: 'say', text: voiceMenuThanks(tag.language, choice), locale: tag.voice }],
            action: { name: 'hangup' },
          }),
        };
      }
      case 'dice': {
        const { outcome, reason } = outcomeOfCall(event.result, event.reason);
        return {
          accepted: true,
          reports: [
            {
              messageId: tag.message,
              outcome,
              reason,
              details: {
                result: event.result,
                reason: event.reason,
                durationSeconds: event.duration,
                callId: event.callid,
              },
            },
          ],
        };
      }
      default:
        return { accepted: true, reports: [] };
    }
  }

  return {
    send: (messages) => Promise.all(messages.map(sendOne)),
    async testConnection() {
      try {
        // Reading the calling number's settings proves key and secret without placing a call.
        await client.voice.applications.queryNumber({ number: settings.callerId });
        return { ok: true };
      } catch (error) {
        const outcome = outcomeOfSinchError(error, 'Sinch Voice');
        return { ok: false, reason: outcome.status === 'failed' ? outcome.reason : 'unknown' };
      }
    },
    async close() {},
    async handleCallback(request): Promise<CallbackResult> {
      const path = request.path.split('?')[0]!;
      if (
        !webhooks.validateAuthenticationHeader(request.headers, request.body, path, request.method) ||
        !callbackTimestampFresh(request.headers['x-timestamp'])
      ) {
        return { accepted: false, status: 401, reason: 'the callback is not signed with the application secret' };
      }
      let event: Voice.VoiceCallbackEvent;
      try {
        event = webhooks.parseEvent(request.body);
      } catch (error) {
        return { accepted: false, status: 400, reason: (error as Error).message };
      }
      const tag = tagOf((event as { custom?: string }).custom);
      if (!tag) return { accepted: true, reports: [] };
      return answer(event, tag);
    },
  };
}

export const sinchVoice = defineConnector({
  id: 'sinch-voice',
  kind: 'channel',
  channel: 'voice',
  label: 'Reminder calls through Sinch',
  description: 'Calls debtors with a spoken reminder in their language, with an optional key-press menu.',
  settings: SinchVoiceSettings,
  callbackSetup: 'provider-console',
  secretFields: ['applicationSecret'],
  create: (settings, context) => createSinchVoice(settings, context),
});
