import type { Trx } from '../../core/db/index.js';

export interface EventActor {
  type: 'account' | 'api-client' | 'system';
  id: string | null;
  name: string;
}

export interface NewCaseEvent {
  tenantId: string;
  caseId: string;
  kind: string;
  action?: string | null;
  fromState?: string | null;
  toState?: string | null;
  actor: EventActor;
  details?: Record<string, unknown>;
  at: string;
}

/**
 * An extension point for modules that act on a case's timeline without this module knowing them
 * (the records module files what a case produces into its Vorgang). Listeners run inside the
 * transaction that appends the entries, so what they write (typically an outbox job) commits or
 * rolls back with them. Registered once per process, when the listening module is imported.
 */
export type CaseEventListener = (trx: Trx, events: readonly NewCaseEvent[]) => Promise<void>;

const listeners: CaseEventListener[] = [];

export function registerCaseEventListener(listener: CaseEventListener): void {
  if (!listeners.includes(listener)) listeners.push(listener);
}

export async function notifyCaseEvents(trx: Trx, events: readonly NewCaseEvent[]): Promise<void> {
  for (const listener of listeners) await listener(trx, events);
}
