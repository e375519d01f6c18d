import { dateOf, type LocalDate } from '../../core/calendar/index.js';
import type { AppContext } from '../../core/context.js';
import type { Trx } from '../../core/db/index.js';
import { appendAudit } from '../../core/audit/index.js';
import { ConflictError } from '../../core/errors.js';
import { setRecipientStatus, type ApplicationForCase, type Authority } from './access.js';
import { placeholderValues } from './documents.js';
import type { Applying, Planning, PreparedAction } from './effects/effect.js';
import { effectOf } from './effects/registry.js';
import { scheduleTimers } from './jobs-schedule.js';
import { hasWaitingInvolvement, withdrawInvolvementsJobType, type WithdrawInvolvementsPayload } from './involvements.js';
import { enqueueJob } from '../../core/jobs/index.js';
import type { NewCaseEvent } from './event-listeners.js';
import { appendEvents, refreshDueDate, updateCase, type Case, type CaseChanges } from './store.js';
import type { GuardData, InputValues } from './workflow/engine.js';

/**
 * Carrying out one workflow action: the state change and every effect, in the caller's
 * transaction. Everything that needs a read outside the transaction (the application, the
 * authorities named in the inputs, the PDF of a Bescheid) is prepared before it opens.
 */

export type { PreparedAction };

export function guardData(kase: Case, application: ApplicationForCase, authority: Authority, input?: InputValues): GuardData {
  return {
    answers: application.application.data,
    case: { state: kase.state, kind: kase.kind, result: kase.result, feeCents: kase.feeCents },
    authority: { kind: authority.kind, key: authority.key },
    ...(input ? { input } : {}),
  };
}

/**
 * Runs each effect's `prepare` before the transaction (e.g. renders the PDF a Bescheid is issued
 * as); `render` is false while a four-eyes request only waits for its approval.
 */
export async function prepareEffects(ctx: AppContext, action: Omit<PreparedAction, 'preparations'>, render = true): Promise<unknown[]> {
  const preparations: unknown[] = [];
  for (const effect of action.action.effects ?? []) {
    const { plugin, value } = effectOf(ctx, effect);
    preparations.push(plugin.prepare ? await plugin.prepare(value, ctx, action, { render }) : undefined);
  }
  return preparations;
}

/** Carries out a prepared action in the caller's transaction; returns the case as written. */
export async function carryOut(trx: Trx, ctx: AppContext, p: PreparedAction, options: { approvalId?: string } = {}): Promise<Case> {
  const { workflow, kase, action, inputs, actor } = p;
  const stored = p.now.toISOString();
  const today = dateOf(p.now);
  const from = kase.state;
  const to = action.to;
  const target = workflow.states[to]!;
  const source = workflow.states[from]!;
  const changes: CaseChanges = { updated_at: stored };
  const working: Case = { ...kase };

  // Pure changes first, so one versioned UPDATE decides whether we may go on at all.
  const effects = (action.effects ?? []).map((effect) => effectOf(ctx, effect));
  const calendar = await ctx.calendars.forTenant(trx, kase.tenantId);
  const planning: Planning = { inputs, today, calendar, working, changes, deadline: null };
  for (const { plugin, value } of effects) plugin.plan?.(value, planning);
  let resumed: { suspendedWorkingDays: number; processingDeadline: LocalDate } | null = null;
  if (from !== to) {
    changes.state = to;
    changes.state_entered_at = stored;
    if (target.terminal) {
      changes.open = 0;
      changes.closed_at = stored;
    }
  }
  if (target.suspendsClock && !source.suspendsClock) changes.clock_suspended_since = today;
  if (source.suspendsClock && !target.suspendsClock && kase.clockSuspendedSince) {
    changes.clock_suspended_since = null;
    // The clock stood still while we waited for the applicant: the processing deadline moves on by as many working days.
    const suspendedDays = calendar.workingDaysBetween(kase.clockSuspendedSince as LocalDate, today);
    if (suspendedDays > 0 && kase.processingDeadline) {
      resumed = { suspendedWorkingDays: suspendedDays, processingDeadline: calendar.addWorkingDays(kase.processingDeadline as LocalDate, suspendedDays) };
      changes.processing_deadline = resumed.processingDeadline;
    }
  }
  if (options.approvalId) changes.pending_approval_id = null;
  let written = await updateCase(trx, kase, changes);
  if (!written) throw new ConflictError('cases.changedMeanwhile');

  // The timeline entries of this action go into one INSERT at the end, in the order they happened.
  const events: NewCaseEvent[] = [];
  const applying: Applying = {
    trx,
    ctx,
    prepared: p,
    planning,
    stored,
    message: {
      tenantId: kase.tenantId,
      applicationId: kase.applicationId,
      reference: kase.reference,
      authorityId: kase.authorityId,
      authorityName: p.authority.name,
      authorAccountId: actor.type === 'account' ? actor.id : null,
      contactEmail: p.application.contactEmail,
    },
    placeholders: () =>
      placeholderValues({
        kase: working,
        application: p.application,
        authority: p.authority,
        actorName: actor.name,
        now: p.now,
        action,
        inputs,
        deadline: planning.deadline?.due ?? null,
      }),
    event: (kind, details) => events.push({ tenantId: kase.tenantId, caseId: kase.id, kind, action: p.name, actor, details, at: stored }),
    pushEvent: (event) => events.push(event),
    clearDeadlines: (kind) => {
      let query = trx
        .updateTable('case_deadlines')
        .set({ cleared_at: stored })
        .where('tenant_id', '=', kase.tenantId)
        .where('case_id', '=', kase.id)
        .where('cleared_at', 'is', null);
      if (kind) query = query.where('kind', '=', kind);
      return query.execute();
    },
  };
  for (const [index, { plugin, value }] of effects.entries()) await plugin.apply?.(value, applying, p.preparations[index]);

  if (resumed) {
    await trx
      .updateTable('case_deadlines')
      .set({ due_date: resumed.processingDeadline })
      .where('tenant_id', '=', kase.tenantId)
      .where('case_id', '=', kase.id)
      .where('kind', '=', 'processing')
      .where('cleared_at', 'is', null)
      .execute();
    applying.event('clockResumed', resumed);
  }
  if (target.terminal) {
    await applying.clearDeadlines();
    if (workflow.onParentClosed && (await hasWaitingInvolvement(trx, kase))) {
      await enqueueJob(trx, ctx, {
        type: withdrawInvolvementsJobType,
        payload: { tenantId: kase.tenantId, caseId: kase.id } satisfies WithdrawInvolvementsPayload,
        tenantId: kase.tenantId,
      });
    }
  }
  const deadlinesChanged = target.terminal || resumed !== null || effects.some(({ plugin }) => plugin.changesDeadlines);
  if (deadlinesChanged) written = await refreshDueDate(trx, kase.tenantId, kase.id);

  events.push({
    tenantId: kase.tenantId,
    caseId: kase.id,
    kind: from === to ? 'action' : 'state',
    action: p.name,
    fromState: from,
    toState: to,
    actor,
    details: { inputs: summariseInputs(inputs), ...(options.approvalId ? { approval: options.approvalId } : {}) },
    at: stored,
  });
  await appendEvents(trx, ctx, events);
  if (from !== to) {
    await scheduleTimers(trx, ctx, workflow, { tenantId: kase.tenantId, caseId: kase.id, state: to, enteredAt: stored });
    if (kase.recipientId && target.applicant)
      await setRecipientStatus(trx, ctx, { tenantId: kase.tenantId, recipientId: kase.recipientId, status: target.applicant.status, caseId: kase.id });
  }
  await appendAudit(trx, ctx, {
    tenantId: kase.tenantId,
    actor: { type: actor.type, id: actor.id },
    action: 'case.act',
    objectType: 'case',
    objectId: kase.id,
    details: { action: p.name, from, to },
  });
  return written;
}

/** Inputs as the timeline keeps them: long texts shortened (the full text is in the message or document). */
function summariseInputs(inputs: InputValues): InputValues {
  return Object.fromEntries(Object.entries(inputs).map(([key, value]) => [key, typeof value === 'string' && value.length > 500 ? `${value.slice(0, 500)}…` : value]));
}
