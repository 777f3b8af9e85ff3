/**
 * How each timeline event reads on a case page: an icon, a title in plain words, a detail line,
 * a tone, and the message it concerns (to open it as it was received).
 */
import {
  type CaseTimelineEvent,
  type Channel,
  DecisionReason,
  decisionReasonLabels,
  disputeKindLabels,
  formatMoney,
} from '@collectflow/shared';
import ArrowRightLeft from '@lucide/svelte/icons/arrow-right-left';
import BadgeEuro from '@lucide/svelte/icons/badge-euro';
import Ban from '@lucide/svelte/icons/ban';
import BrainCircuit from '@lucide/svelte/icons/brain-circuit';
import CalendarCheck from '@lucide/svelte/icons/calendar-check';
import CalendarClock from '@lucide/svelte/icons/calendar-clock';
import CalendarX from '@lucide/svelte/icons/calendar-x';
import CheckCheck from '@lucide/svelte/icons/check-check';
import CircleDot from '@lucide/svelte/icons/circle-dot';
import CirclePause from '@lucide/svelte/icons/circle-pause';
import CirclePlay from '@lucide/svelte/icons/circle-play';
import Clock from '@lucide/svelte/icons/clock';
import CreditCard from '@lucide/svelte/icons/credit-card';
import Eye from '@lucide/svelte/icons/eye';
import FolderOpen from '@lucide/svelte/icons/folder-open';
import Gavel from '@lucide/svelte/icons/gavel';
import Handshake from '@lucide/svelte/icons/handshake';
import Link from '@lucide/svelte/icons/link';
import LogIn from '@lucide/svelte/icons/log-in';
import LogOut from '@lucide/svelte/icons/log-out';
import MessageSquareWarning from '@lucide/svelte/icons/message-square-warning';
import MousePointerClick from '@lucide/svelte/icons/mouse-pointer-click';
import Phone from '@lucide/svelte/icons/phone';
import Send from '@lucide/svelte/icons/send';
import Split from '@lucide/svelte/icons/split';
import TriangleAlert from '@lucide/svelte/icons/triangle-alert';
import UserPen from '@lucide/svelte/icons/user-pen';
import type { Component } from 'svelte';
import { formatDateTime } from '$lib/format.ts';
import { channelDisplay } from '$lib/templates/channel-display.ts';

export type Tone = 'neutral' | 'good' | 'warning' | 'danger' | 'person';

export interface TimelineEntry {
  icon: Component;
  title: string;
  detail: string | null;
  tone: Tone;
  /** The message the event is about, to open as it was received. */
  messageId: string | null;
  /** Who: the member's name, "The debtor", a connector, or null for Collectflow itself. */
  who: string | null;
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
const number = (value: unknown) => (typeof value === 'number' ? value : null);
const words = (value: unknown) => text(value)?.replaceAll('_', ' ') ?? null;

function money(event: CaseTimelineEvent, currency: string, key = 'amountMinor'): string {
  const amount = number(event.payload[key]);
  return amount === null
    ? ''
    : formatMoney({ amountMinor: amount, currency: text(event.payload.currency) ?? currency }, 'en-GB');
}

const channelLabel = (value: unknown) => channelDisplay[value as Channel]?.label ?? 'Message';

/** A best-channel decision: which channel, why, which model, and the features that weighed most. */
function bestChannelWords(p: Record<string, unknown>): { title: string; detail: string } {
  const reason = DecisionReason.safeParse(p.reason);
  const why = reason.success ? decisionReasonLabels[reason.data] : 'Chosen';
  const version = number(p.modelVersion);
  const features = Array.isArray(p.topFeatures)
    ? p.topFeatures
        .map((feature) => {
          const { label, oddsRatio } = feature as { label?: unknown; oddsRatio?: unknown };
          return text(label) && number(oddsRatio) !== null ? `${label} ×${number(oddsRatio)!.toFixed(1)}` : null;
        })
        .filter(Boolean)
    : [];
  const hour = number(p.sendHour);
  return {
    title: p.channel ? `Best channel: ${channelLabel(p.channel)}` : 'Best channel: none possible',
    detail: [
      version === null ? why : `${why} (model version ${version})`,
      features.length > 0 ? `because: ${features.join(', ')}` : null,
      hour === null ? null : `sends at ${String(hour).padStart(2, '0')}:00`,
    ]
      .filter(Boolean)
      .join(' · '),
  };
}

const messageVerbs: Record<string, [string, Tone, Component]> = {
  'message.queued': ['queued', 'neutral', Send],
  'message.sent': ['sent', 'neutral', Send],
  'message.delivered': ['delivered', 'good', CheckCheck],
  'message.failed': ['not delivered', 'danger', Ban],
  'message.retrying': ['will be tried again', 'warning', Clock],
  'message.cancelled': ['cancelled', 'neutral', Ban],
  'message.opened': ['opened', 'good', Eye],
  'message.clicked': ['link clicked', 'good', MousePointerClick],
  'message.paylink_clicked': ['paylink clicked', 'good', Link],
  'message.keypress': ['answered in the call menu', 'person', Phone],
};

/** The reminder call's menu choices (connectors/src/sinch/voice-menu.ts). */
const keypressWords: Record<string, string> = {
  'paylink-sms': 'asked for the paylink by SMS',
  'call-back': 'asked to be called back (a task waits in Tasks)',
};

const sourceWho = (event: CaseTimelineEvent): string | null =>
  event.actorName ?? (event.source === 'debtor' ? 'The debtor' : event.source === 'import' ? 'Import' : null);

const withReason = (event: CaseTimelineEvent, detail: string | null = null) =>
  [detail, text(event.payload.reason) ?? text(event.payload.note)].filter(Boolean).join(' — ') || null;

/** The entry for one event; unknown types still show, by their name. */
export function timelineEntry(event: CaseTimelineEvent, currency: string): TimelineEntry {
  const p = event.payload;
  const base = { detail: null, tone: 'neutral' as Tone, messageId: null, who: sourceWho(event) };
  const verb = messageVerbs[event.type];
  if (verb) {
    const [what, tone, icon] = verb;
    const template = text(p.template);
    const extra =
      event.type === 'message.failed' || event.type === 'message.retrying'
        ? text(p.reason)
        : event.type === 'message.keypress'
          ? (keypressWords[String(p.choice)] ?? `pressed ${String(p.choice ?? '')}`)
          : null;
    return {
      ...base,
      icon,
      tone,
      title: `${channelLabel(p.channel)} ${what}`,
      detail:
        [template ? `Template ${template}` : null, extra, p.oneOff ? `sent by hand: ${text(p.reason)}` : null]
          .filter(Boolean)
          .join(' · ') || null,
      messageId: text(p.messageId),
    };
  }
  switch (event.type) {
    case 'case.opened':
      return { ...base, icon: FolderOpen, title: 'Case opened' };
    case 'case.paused':
      return {
        ...base,
        icon: CirclePause,
        tone: 'warning',
        title: event.actorName ? 'Paused by an agent' : 'Paused',
        detail: withReason(event),
      };
    case 'case.resumed':
      return {
        ...base,
        icon: CirclePlay,
        title: p.resumed === false ? 'Agent’s pause lifted; still paused' : 'Resumed',
        detail: withReason(event, Array.isArray(p.still) && p.still.length > 0 ? `still: ${p.still.join(', ')}` : null),
      };
    case 'case.called_back':
      return { ...base, icon: Phone, tone: 'person', title: 'Called back', detail: text(p.note) };
    case 'case.moved':
      return {
        ...base,
        icon: ArrowRightLeft,
        title: `Moved into “${text(p.flowName)}” (version ${number(p.version)})`,
        detail: withReason(event),
      };
    case 'case.paid':
      return { ...base, icon: BadgeEuro, tone: 'good', title: 'Paid in full — every reminder stopped' };
    case 'case.closed':
      return { ...base, icon: LogOut, title: 'Case closed', detail: withReason(event) };
    case 'case.dunning_level_changed':
      return { ...base, icon: CircleDot, title: `Dunning level ${number(p.level) ?? number(p.to) ?? ''}`.trim() };
    case 'case.fee_added':
      return {
        ...base,
        icon: BadgeEuro,
        tone: 'warning',
        title: `Fee added: ${money(event, currency)}`,
        detail: text(p.description),
      };
    case 'case.handed_over':
      return {
        ...base,
        icon: Gavel,
        tone: 'danger',
        title: `Handed over to ${text(p.agency) ?? 'a collection agency'}`,
        detail: text(p.note),
      };
    case 'erp.notified':
      return { ...base, icon: Send, title: `ERP notified: ${words(p.topic) ?? ''}`.trim(), detail: text(p.note) };
    case 'flow.entered':
      return { ...base, icon: LogIn, title: `Entered “${text(p.flowName)}” (version ${number(p.version)})` };
    case 'flow.step': {
      if (p.nodeType === 'bestChannel') return { ...base, icon: BrainCircuit, ...bestChannelWords(p) };
      const variant = text(p.variantLabel);
      return {
        ...base,
        icon: variant ? Split : CircleDot,
        title: variant ? `A/B split: variant ${variant}` : `Passed “${text(p.label) ?? text(p.nodeId)}”`,
        detail: variant ? text(p.label) : p.handle && p.handle !== 'out' ? `way out: ${words(p.handle)}` : null,
      };
    }
    case 'flow.waiting':
      return {
        ...base,
        icon: Clock,
        title: text(p.until) ? `Waiting until ${formatDateTime(text(p.until)!)}` : 'Waiting',
        detail: words(p.reason),
      };
    case 'flow.exited':
      return { ...base, icon: LogOut, title: 'Left the flow', detail: words(p.reason) };
    case 'flow.failed':
      return { ...base, icon: TriangleAlert, tone: 'danger', title: 'Flow stopped on an error', detail: text(p.error) };
    case 'payment.received':
      return {
        ...base,
        icon: BadgeEuro,
        tone: 'good',
        title: `Payment of ${money(event, currency)}`,
        detail:
          [text(p.via), text(p.note), p.flag ? `flagged: ${words(p.flag)}` : null].filter(Boolean).join(' · ') || null,
      };
    case 'checkout.started':
      return { ...base, icon: CreditCard, title: `Went to pay ${money(event, currency)}`, detail: text(p.connector) };
    case 'checkout.failed':
      return {
        ...base,
        icon: CreditCard,
        tone: 'warning',
        title: 'Payment at the provider ended without money',
        detail: words(p.status),
      };
    case 'paylink.opened':
      return { ...base, icon: Link, tone: 'person', title: 'Opened the paylink' };
    case 'promise.made':
      return {
        ...base,
        icon: CalendarClock,
        tone: 'person',
        title: `Promised to pay by ${text(p.promisedDate) ?? text(p.date) ?? ''}`.trim(),
      };
    case 'promise.kept':
      return { ...base, icon: CalendarCheck, tone: 'good', title: 'Kept the promise to pay' };
    case 'promise.broken':
      return { ...base, icon: CalendarX, tone: 'danger', title: 'Broke the promise to pay' };
    case 'dispute.opened':
      return {
        ...base,
        icon: MessageSquareWarning,
        tone: 'warning',
        title: `Dispute: ${disputeKindLabels[p.kind as keyof typeof disputeKindLabels]?.toLowerCase() ?? 'raised'}`,
        detail: text(p.message),
      };
    case 'dispute.resolved':
      return {
        ...base,
        icon: MessageSquareWarning,
        title: p.outcome === 'close' ? 'Dispute resolved: case closed' : 'Dispute resolved: reminders resume',
        detail: text(p.note),
      };
    case 'debtor.preference_changed':
      return {
        ...base,
        icon: UserPen,
        tone: 'person',
        title: p.preferredChannel
          ? `Prefers ${channelLabel(p.preferredChannel).toLowerCase()}`
          : 'No preferred channel',
        detail: withReason(event),
      };
    case 'debtor.contact_changed': {
      const changes = (p.changes ?? {}) as Record<string, { from: unknown; to: unknown }>;
      const listed = Object.entries(changes).map(
        ([field, change]) => `${field}: ${String(change.from ?? '—')} → ${String(change.to ?? '—')}`,
      );
      return { ...base, icon: UserPen, title: 'Contact data corrected', detail: withReason(event, listed.join('; ')) };
    }
    case 'plan.agreed':
      return {
        ...base,
        icon: Handshake,
        tone: 'person',
        title: `Installment plan agreed: ${number(p.count)} payments`,
      };
    case 'installment.paid':
      return { ...base, icon: BadgeEuro, tone: 'good', title: `Installment ${number(p.seq)} paid` };
    case 'installment.missed':
      return { ...base, icon: CalendarX, tone: 'danger', title: `Installment ${number(p.seq)} missed` };
    case 'plan.completed':
      return { ...base, icon: Handshake, tone: 'good', title: 'Installment plan completed' };
    case 'plan.broken':
      return { ...base, icon: Handshake, tone: 'danger', title: 'Installment plan broken' };
    default:
      return { ...base, icon: CircleDot, title: words(event.type.replace('.', ' ')) ?? event.type };
  }
}
