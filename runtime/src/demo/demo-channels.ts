/**
 * The channels of the demo: an SMTP server and a Sinch double on loopback stand in for the
 * mail relay and Sinch, and the demo workspace gets connectors set up against them (`email`,
 * `sms`, `voice`, and `letter`, which prints PDFs into the data folder when Chromium is
 * installed), saved again at every start because the doubles listen on new ports. The demo's
 * example flows send through them. Nothing leaves the machine; bounces and delivery reports
 * come back as they would from the real ones (e-mail to `.invalid` domains bounces, SMS to
 * numbers ending in 0000 fail, calls to numbers ending in 1111 go unanswered). Debtors pay
 * "online" on a Mollie double (`payments`): its checkout page lets them choose how the payment
 * ends, and its webhook and status answers settle the case as Mollie's would.
 */

import {
  findChromium,
  type MollieDouble,
  type SinchDouble,
  type SmtpDouble,
  startMollieDouble,
  startSinchDouble,
  startSmtpDouble,
} from '@collectflow/connectors';
import { brandSender, type Channel } from '@collectflow/shared';
import { connectorCallbackUrl } from '../connectors/connector-callback-url.ts';
import { saveConnectorConfig } from '../connectors/connector-configs.ts';
import type { Pool } from '../db/pool.ts';
import { demoBrand } from './demo-workspace.ts';

export interface DemoChannels {
  smtp: SmtpDouble;
  sinch: SinchDouble;
  mollie: MollieDouble;
  /** Letters become PDFs (Chromium is installed); otherwise they stay with the sandbox. */
  printsLetters: boolean;
  /**
   * Saves the demo workspace's connectors against the doubles; returns the connector key per
   * channel it set up (letters only when Chromium can print them).
   */
  setUpConnectors(workspaceId: string): Promise<Partial<Record<Channel, string>>>;
  /** Tells the Sinch double where voice events go, once the service knows its address. */
  setPublicUrl(publicUrl: string): void;
  close(): Promise<void>;
}

export async function startDemoChannels(options: {
  pool: Pool;
  secretKey: Buffer;
  bounceTo: { host: string; port: number };
  /** Letters are printed to PDF into `<printFolder>/<day>/`. */
  printFolder: string;
}): Promise<DemoChannels> {
  const { pool, secretKey } = options;
  // The double keeps only recent mail: a demo left running for days must not fill the memory.
  const smtp = await startSmtpDouble({ bounceTo: options.bounceTo, keep: 200 });
  const sinch = await startSinchDouble({ callbackDelayMs: 1500 });
  const mollie = await startMollieDouble();
  const printsLetters = chromiumInstalled();
  let voiceWorkspaceId: string | null = null;
  let publicUrl: string | null = null;
  const pointVoiceCallbacks = () => {
    if (voiceWorkspaceId && publicUrl) {
      sinch.voiceCallbackUrl = connectorCallbackUrl(publicUrl, voiceWorkspaceId, 'voice');
    }
  };

  async function setUpConnectors(workspaceId: string): Promise<Partial<Record<Channel, string>>> {
    // Typical prices, so that the dashboard's costs show something sensible.
    const costs: Record<string, number> = { email: 0.002, sms: 0.075, voice: 0.12, letter: 0.95 };
    const save = (key: string, connector: string, name: string, settings: Record<string, unknown>) =>
      saveConnectorConfig(
        pool,
        secretKey,
        workspaceId,
        { key, connector, name, settings, costPerMessage: costs[key] ?? null },
        null,
      );
    const sender = brandSender(demoBrand, 'email');
    await save('email', 'email-smtp', 'Demo mail server (local, sends nothing out)', {
      host: smtp.host,
      port: smtp.port,
      requireTls: false,
      defaultFrom: { name: sender?.name ?? demoBrand.name, address: sender?.address ?? 'service@demo.example' },
      bounceDomain: 'bounces.demo-energie.example',
      bounceWindowMinutes: 5,
    });
    await save('sms', 'sinch-sms', 'Demo SMS (local Sinch double)', {
      servicePlanId: sinch.credentials.servicePlanId,
      apiToken: sinch.credentials.apiToken,
      sender: 'DemoEnergie',
      signingSecret: sinch.credentials.smsSigningSecret,
      apiAddress: sinch.url,
    });
    await save('voice', 'sinch-voice', 'Demo calls (local Sinch double)', {
      applicationKey: sinch.credentials.applicationKey,
      applicationSecret: sinch.credentials.applicationSecret,
      callerId: '+31201234567',
      apiAddress: sinch.url,
    });
    await save('payments', 'mollie', 'Demo online payments (local Mollie double, no money moves)', {
      apiKey: mollie.apiKey,
      methods: [],
      apiEndpoint: mollie.apiEndpoint,
    });
    voiceWorkspaceId = workspaceId;
    pointVoiceCallbacks();
    const keys: Partial<Record<Channel, string>> = { email: 'email', sms: 'sms', voice: 'voice' };
    if (printsLetters) {
      await save('letter', 'letter-pdf', 'Demo letters (PDF files on this machine)', { folder: options.printFolder });
      keys.letter = 'letter';
    }
    return keys;
  }

  return {
    smtp,
    sinch,
    mollie,
    printsLetters,
    setUpConnectors,
    setPublicUrl(url) {
      publicUrl = url;
      pointVoiceCallbacks();
    },
    async close() {
      await Promise.all([smtp.close(), sinch.close(), mollie.close()]);
    },
  };
}

function chromiumInstalled(): boolean {
  try {
    findChromium();
    return true;
  } catch {
    return false;
  }
}
