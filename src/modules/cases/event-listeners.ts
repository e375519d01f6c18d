import type { AppContext } from '../../core/context.js';
import type { Trx } from '../../core/db/index.js';
import { extensionPoint } from '../../core/extensions.js';

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
 * rolls back with them. A module contributes them in its declaration; the runtime collects them.
 */
export type CaseEventListener = (trx: Trx, ctx: AppContext, events: readonly NewCaseEvent[]) => Promise<void>;

export const caseEventListeners = extensionPoint<CaseEventListener>('case event listener');

export async function notifyCaseEvents(trx: Trx, ctx: AppContext, events: readonly NewCaseEvent[]): Promise<void> {
  for (const listener of ctx.extensions.of(caseEventListeners)) await listener(trx, ctx, events);
}
