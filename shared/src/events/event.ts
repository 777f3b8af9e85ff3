/**
 * Timeline events: the append-only record of everything that happened to a case. Later issues
 * add their event types here (messages, paylink visits, payments, flow steps).
 */
import { z } from 'zod';

export const EventType = z.enum(['case.opened', 'case.paused', 'case.resumed', 'case.closed']);
export type EventType = z.infer<typeof EventType>;

/** Who caused an event: the system, a signed-in user, a connector or the debtor. */
export const EventSource = z.enum(['system', 'user', 'connector', 'debtor', 'import']);
export type EventSource = z.infer<typeof EventSource>;
