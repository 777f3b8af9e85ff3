/**
 * Timeline events: the append-only record of everything that happened to a case. Later issues
 * add their event types here (paylink visits, promises, disputes).
 */
import { z } from 'zod';

export const EventType = z.enum([
  'case.opened',
  /** Paused by an agent (source user, payload: reason) or by what the debtor arranged. */
  'case.paused',
  /** Resumed by an agent (payload: reason, still: what holds it yet) or when the arrangement ended. */
  'case.resumed',
  /** An agent called back a debtor who asked for it in a reminder call (payload: taskId, note). */
  'case.called_back',
  /** An agent moved the case into another flow (payload: flowId, flowName, version, runId, left, reason). */
  'case.moved',
  'case.closed',
  'case.paid',
  'case.dunning_level_changed',
  'case.fee_added',
  /** A flow handed the case to a collection agency; the case is closed (payload: runId, nodeId, agency, note). */
  'case.handed_over',
  /** A flow reached a "Notify the ERP" step (payload: runId, nodeId, topic, note); webhooks carry it to the ERP. */
  'erp.notified',
  /** A case entered a flow (payload: runId, flowId, flowName, version). */
  'flow.entered',
  /** A case passed a step (payload: runId, nodeId, nodeType, label, handle, and what decided it). */
  'flow.step',
  /** A case waits at a step (payload: runId, nodeId, until, reason). */
  'flow.waiting',
  /** A case left a flow (payload: runId, reason). */
  'flow.exited',
  /** A run stopped on an error it cannot get past (payload: runId, nodeId, error). */
  'flow.failed',
  'message.queued',
  'message.sent',
  'message.delivered',
  'message.failed',
  'message.retrying',
  'message.cancelled',
  /** The recipient first opened an e-mail (payload: messageId, channel, template, nodeId). */
  'message.opened',
  /** The recipient clicked a link in a message (payload: … and url). */
  'message.clicked',
  /** The recipient clicked the paylink in a message (payload: … and url); also wakes waits for clicks. */
  'message.paylink_clicked',
  /** The debtor pressed a key in a reminder call's menu (payload: messageId, choice). */
  'message.keypress',
  /** A payment (payload: paymentId, amountMinor, appliedMinor, unappliedMinor, flag, invoices, via). */
  'payment.received',
  /** The debtor went to the payment provider from the paylink page (payload: checkoutId, connector, amountMinor). */
  'checkout.started',
  /** A payment at the provider ended without money (payload: checkoutId, status: failed, canceled or expired). */
  'checkout.failed',
  'paylink.opened',
  'promise.made',
  /** The day after a promised date: the case was paid (kept) or not (broken: its flows go on). */
  'promise.kept',
  'promise.broken',
  /** The debtor disputed the claim on the paylink page; the case is paused (payload: disputeId, kind, attachment). */
  'dispute.opened',
  /** An agent resolved a dispute: reminders resume, or the case is closed (payload: disputeId, outcome, note). */
  'dispute.resolved',
  /** The debtor, or an agent (with a reason), chose the channel to reach them on (payload: preferredChannel, previous). */
  'debtor.preference_changed',
  /** An agent corrected contact data or consents (payload: changes {field: {from, to}}, reason). */
  'debtor.contact_changed',
  /** The debtor chose an installment plan (payload: planId, count, totalMinor, installments). */
  'plan.agreed',
  /** An installment was paid in full (payload: planId, seq). */
  'installment.paid',
  /** An installment was not paid within the grace days after its due date (payload: planId, seq, dueDate). */
  'installment.missed',
  /** Every installment was paid. */
  'plan.completed',
  /** A missed installment ended the plan; the case is back in dunning (payload: planId, flowId). */
  'plan.broken',
]);
export type EventType = z.infer<typeof EventType>;

/** Who caused an event: the system, a signed-in user, a connector or the debtor. */
export const EventSource = z.enum(['system', 'user', 'connector', 'debtor', 'import']);
export type EventSource = z.infer<typeof EventSource>;

/** One timeline entry as the API and the designer show it. */
export const TimelineEvent = z.object({
  id: z.number().int(),
  type: z.string(),
  occurredAt: z.iso.datetime({ offset: true }),
  source: EventSource,
  actorUserId: z.uuid().nullable(),
  payload: z.record(z.string(), z.json()),
});
export type TimelineEvent = z.infer<typeof TimelineEvent>;
