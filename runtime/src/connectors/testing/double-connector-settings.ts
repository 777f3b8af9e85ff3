/** Settings of the e-mail and SMS connectors pointed at the test doubles, for tests that save them. */
import type { SinchDouble } from '@collectflow/connectors';

export function smtpDoubleSettings(smtp: { host: string; port: number }, extra: Record<string, unknown> = {}) {
  return {
    host: smtp.host,
    port: smtp.port,
    requireTls: false,
    defaultFrom: { name: 'Test Energie', address: 'service@test-energie.example' },
    bounceDomain: 'bounces.test-energie.example',
    ...extra,
  };
}

export function sinchSmsDoubleSettings(sinch: SinchDouble) {
  return {
    servicePlanId: sinch.credentials.servicePlanId,
    apiToken: sinch.credentials.apiToken,
    sender: 'TestEnergie',
    signingSecret: sinch.credentials.smsSigningSecret,
    apiAddress: sinch.url,
  };
}
