/**
 * Who a message goes to on a channel, and whether the debtor allows it. SMS and automated calls
 * need the debtor's explicit consent; e-mail and letters rest on the contract unless the debtor
 * objected (a consent recorded as not granted).
 */
import type { Channel } from '@collectflow/shared';
import type { DebtorContact } from '../flows/run-snapshot.ts';

export type Recipient = { ok: true; address: string } | { ok: false; reason: string };

const channelWords: Record<Channel, string> = {
  email: 'e-mail',
  sms: 'SMS',
  letter: 'letters',
  voice: 'automated calls',
};

export function recipientFor(channel: Channel, debtor: DebtorContact): Recipient {
  const consent = debtor.consents[channel];
  const needsOptIn = channel === 'sms' || channel === 'voice';
  if (needsOptIn ? consent?.granted !== true : consent?.granted === false) {
    return {
      ok: false,
      reason: needsOptIn
        ? `no consent for ${channelWords[channel]}`
        : `the debtor objected to ${channelWords[channel]}`,
    };
  }
  switch (channel) {
    case 'email':
      return debtor.email ? { ok: true, address: debtor.email } : { ok: false, reason: 'no e-mail address' };
    case 'sms':
    case 'voice':
      return debtor.phone ? { ok: true, address: debtor.phone } : { ok: false, reason: 'no phone number' };
    case 'letter': {
      const { line1, line2, postalCode, city, country } = debtor.address;
      if (!line1 || !postalCode || !city) return { ok: false, reason: 'no complete postal address' };
      const lines = [debtor.name, line1, line2, `${postalCode} ${city}`, country];
      return { ok: true, address: lines.filter(Boolean).join('\n') };
    }
  }
}
