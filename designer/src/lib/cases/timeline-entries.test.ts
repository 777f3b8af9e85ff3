import { type CaseTimelineEvent, EventType } from '@collectflow/shared';
import CircleDot from '@lucide/svelte/icons/circle-dot';
import { describe, expect, it } from 'vitest';
import { timelineEntry } from './timeline-entries.ts';

const event = (type: string, payload: Record<string, unknown> = {}, extra: Partial<CaseTimelineEvent> = {}) =>
  ({
    id: 1,
    type,
    occurredAt: '2026-11-23T10:00:00Z',
    source: 'system',
    actorUserId: null,
    actorName: null,
    payload,
    ...extra,
  }) as CaseTimelineEvent;

describe('timeline entries', () => {
  it('word every event type in its own way (a new type needs its words here)', () => {
    const generic = EventType.options.filter((type) => {
      const entry = timelineEntry(event(type), 'EUR');
      return entry.icon === CircleDot && entry.title === type.replace('.', ' ').replaceAll('_', ' ');
    });
    expect(generic).toEqual([]);
  });

  it('say who acted, why, and which message to open', () => {
    const paused = timelineEntry(
      event('case.paused', { reason: 'Customer called' }, { source: 'user', actorName: 'Lukas Schneider' }),
      'EUR',
    );
    expect(paused).toMatchObject({ title: 'Paused by an agent', detail: 'Customer called', who: 'Lukas Schneider' });
    const sent = timelineEntry(
      event(
        'message.sent',
        { channel: 'email', template: 'reminder-friendly', messageId: 'm-1' },
        { source: 'connector' },
      ),
      'EUR',
    );
    expect(sent).toMatchObject({ title: 'E-mail sent', detail: 'Template reminder-friendly', messageId: 'm-1' });
    expect(timelineEntry(event('paylink.opened', {}, { source: 'debtor' }), 'EUR').who).toBe('The debtor');
  });

  it('show amounts in the case’s currency, and A/B variants by their label', () => {
    expect(timelineEntry(event('payment.received', { amountMinor: 12_345, note: 'Cash' }), 'EUR')).toMatchObject({
      title: 'Payment of €123.45',
      detail: 'Cash',
      tone: 'good',
    });
    expect(
      timelineEntry(event('flow.step', { nodeType: 'abSplit', variantLabel: 'Friendly', label: 'Tone' }), 'EUR').title,
    ).toBe('A/B split: variant Friendly');
    expect(
      timelineEntry(
        event('flow.step', {
          nodeType: 'bestChannel',
          channel: 'sms',
          reason: 'model',
          modelVersion: 4,
          topFeatures: [{ feature: 'attr:age_band=18-34', label: 'age_band = 18-34', oddsRatio: 3.14 }],
          sendHour: 19,
        }),
        'EUR',
      ),
    ).toMatchObject({
      title: 'Best channel: SMS',
      detail: 'Chosen by the model (model version 4) · because: age_band = 18-34 ×3.1 · sends at 19:00',
    });
    expect(
      timelineEntry(event('flow.step', { nodeType: 'bestChannel', channel: null, reason: 'unreachable' }), 'EUR'),
    ).toMatchObject({ title: 'Best channel: none possible', detail: 'No channel possible' });
    expect(
      timelineEntry(
        event('debtor.contact_changed', { changes: { email: { from: 'a@x.nl', to: 'b@x.nl' } }, reason: 'Phone call' }),
        'EUR',
      ).detail,
    ).toBe('email: a@x.nl → b@x.nl — Phone call');
  });
});
