import type { Static, TSchema } from 'typebox';
import type { LocalDate, WorkingDayCalendar } from '../../../core/calendar/index.js';
import type { AppContext } from '../../../core/context.js';
import type { Trx } from '../../../core/db/index.js';
import type { ApplicationForCase, Authority, postToApplicant } from '../access.js';
import type { EventActor, NewCaseEvent } from '../event-listeners.js';
import type { Case, CaseChanges } from '../store.js';
import type { InputValues } from '../workflow/engine.js';
import type { Workflow, WorkflowAction, WorkflowDocument } from '../workflow/schema.js';

/**
 * A workflow effect is a plug-in: one file under effects/ with the schema of its value in
 * `workflow.json`, its load-time check and what it does when an action is carried out. The engine
 * (../actions.ts) loops over an action's effects and hands each to its plug-in. Modules contribute
 * effects to the `workflowEffects` extension point (registry.ts); adding one is one file, its
 * contribution and a test (docs/howto.md).
 */

/** An action checked and loaded, ready to be carried out in one transaction. */
export interface PreparedAction {
  workflow: Workflow;
  kase: Case;
  name: string;
  action: WorkflowAction;
  inputs: InputValues;
  application: ApplicationForCase;
  authority: Authority;
  /** Authorities named by `authority` inputs, by id. */
  authorities: Map<string, Authority>;
  /** What each effect's `prepare` returned, by the effect's index in the action. */
  preparations: readonly unknown[];
  actor: EventActor;
  now: Date;
}

/** What a check sees: the whole document, the action the effect belongs to and where to report. */
export interface EffectCheck {
  doc: WorkflowDocument;
  action: WorkflowAction;
  /** The JSON pointer of the effect's value, e.g. `/actions/decide/effects/0/close`. */
  at: string;
  /** A problem at `path` (a JSON pointer into workflow.json). */
  report(path: string, message: string): void;
}

/** The pure changes an action makes to its case, gathered before one versioned UPDATE decides whether it may go on. */
export interface Planning {
  inputs: InputValues;
  today: LocalDate;
  /** The working days of the case's tenant (deadlines in working days count in them). */
  calendar: WorkingDayCalendar;
  /** The case as the effects change it (placeholders read it). */
  working: Case;
  changes: CaseChanges;
  /** The deadline the action sets, if any. */
  deadline: { kind: string; due: LocalDate } | null;
}

/** The applicant's Postfach message without its content: who writes about which application. */
export type MessageEnvelope = Omit<Parameters<typeof postToApplicant>[2], 'subject' | 'body' | 'attachments'>;

/** What an effect may do inside the action's transaction. */
export interface Applying {
  trx: Trx;
  ctx: AppContext;
  prepared: PreparedAction;
  planning: Planning;
  /** The action's time as stored. */
  stored: string;
  message: MessageEnvelope;
  /** The placeholders of templates, filled from the case as planned. */
  placeholders(): Record<string, string>;
  /** A timeline entry of this case for this action. */
  event(kind: string, details: Record<string, unknown>): void;
  /** A timeline entry of another case (e.g. the parent of an involvement). */
  pushEvent(event: NewCaseEvent): void;
  /** Clears the case's open deadlines of one kind, or all. */
  clearDeadlines(kind?: string): Promise<unknown>;
}

export interface EffectPlugin<S extends TSchema = TSchema, P = unknown> {
  /** The key in workflow.json, e.g. `setDeadline`. */
  name: string;
  schema: S;
  /** Checks the effect against the rest of the workflow at load. */
  check?(value: Static<S>, check: EffectCheck): void;
  /** Runs before the transaction opens (reads, slow rendering); `render` is false while a four-eyes request only waits. */
  prepare?(value: Static<S>, ctx: AppContext, action: Omit<PreparedAction, 'preparations'>, options: { render: boolean }): Promise<P>;
  /** Pure changes to the case, before the versioned UPDATE. */
  plan?(value: Static<S>, planning: Planning): void;
  /** Writes inside the transaction, after the UPDATE. */
  apply?(value: Static<S>, applying: Applying, preparation: P | undefined): Promise<void>;
  /** The due date of the case is refreshed after an action with this effect. */
  changesDeadlines?: boolean;
}

/** Declares an effect with its value typed by its schema. */
export function defineEffect<S extends TSchema, P = undefined>(plugin: EffectPlugin<S, P>): EffectPlugin<S, P> {
  return plugin;
}
