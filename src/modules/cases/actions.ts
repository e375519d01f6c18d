import crypto from 'node:crypto';
import { addWorkingDays, dateOf, isWorkingDay, addDays, compareDates, type LocalDate } from '../../core/calendar/index.js';
import type { AppContext } from '../../core/context.js';
import type { Trx } from '../../core/db/index.js';
import { appendAudit } from '../../core/audit/index.js';
import { ConflictError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { openBlobStore } from '../../core/blobs/index.js';
import { addRecipient, postToApplicant, setRecipientStatus, type ApplicationForCase, type Authority } from './access.js';
import { openCase } from './create.js';
import { bescheidPdf, fillTemplate, placeholderValues } from './documents.js';
import { scheduleReminder, scheduleTimers } from './jobs-schedule.js';
import { siblingJobType, type SiblingPayload } from './siblings.js';
import { hasWaitingInvolvement, withdrawInvolvementsJobType, type WithdrawInvolvementsPayload } from './involvements.js';
import { enqueueJob } from '../../core/jobs/index.js';
import type { EventActor, NewCaseEvent } from './event-listeners.js';
import { appendEvents, refreshDueDate, updateCase, type Case, type CaseChanges } from './store.js';
import type { GuardData, InputValues } from './workflow/engine.js';
import type { Workflow, WorkflowAction } from './workflow/schema.js';

/**
 * Carrying out one workflow action: the state change and every effect, in the caller's
 * transaction. Everything that needs a read outside the transaction (the application, the
 * authorities named in the inputs, the PDF of a Bescheid) is prepared before it opens.
 */

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
  /** The rendered final Bescheid, for `issueDocument`. */
  issued?: { documentId: string; kind: string; title: string; body: string; version: number; pdf: Buffer };
  actor: EventActor;
  now: Date;
}

export function guardData(kase: Case, application: ApplicationForCase, authority: Authority, input?: InputValues): GuardData {
  return {
    answers: application.application.data,
    case: { state: kase.state, kind: kase.kind, result: kase.result, feeCents: kase.feeCents },
    authority: { kind: authority.kind, key: authority.key },
    ...(input ? { input } : {}),
  };
}

/** The latest version of a case's document of one kind. */
export async function latestDocument(db: Trx | AppContext['db'], tenantId: string, caseId: string, kind: string) {
  return db
    .selectFrom('case_documents')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('case_id', '=', caseId)
    .where('kind', '=', kind)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Checks there is a draft to issue and renders the PDF an `issueDocument` effect will deliver (before the transaction: it takes a while). */
export async function prepareIssue(ctx: AppContext, prepared: Omit<PreparedAction, 'issued'>, render = true): Promise<PreparedAction['issued']> {
  const effect = (prepared.action.effects ?? []).find((e) => 'issueDocument' in e);
  if (!effect || !('issueDocument' in effect)) return undefined;
  const kind = effect.issueDocument.kind;
  const draft = await latestDocument(ctx.db, prepared.kase.tenantId, prepared.kase.id, kind);
  if (draft?.status !== 'draft') throw new ConflictError('cases.document.noDraft');
  if (!render) return undefined;
  const pdf = await bescheidPdf(ctx.clock, { title: draft.title, body: draft.body, authorityName: prepared.authority.name });
  return { documentId: draft.id, kind, title: draft.title, body: draft.body, version: Number(draft.version), pdf };
}

/** Working days from `from` (inclusive) to `to` (exclusive): how long the clock stood still. */
function workingDaysBetween(from: LocalDate, to: LocalDate): number {
  let count = 0;
  for (let day = from; compareDates(day, to) < 0; day = addDays(day, 1)) if (isWorkingDay(day)) count += 1;
  return count;
}

function inputString(inputs: InputValues, name: string): string | undefined {
  const value = inputs[name];
  return value === undefined ? undefined : String(value);
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
  let newDeadline: { kind: string; due: LocalDate } | null = null;
  let resumed: { suspendedWorkingDays: number; processingDeadline: LocalDate } | null = null;
  for (const effect of action.effects ?? []) {
    if ('setFee' in effect) {
      const cents = inputs[effect.setFee.amount.input];
      working.feeCents = typeof cents === 'number' && cents > 0 ? cents : null;
      changes.fee_cents = working.feeCents;
      changes.fee_status = working.feeCents ? 'open' : null;
    } else if ('close' in effect) {
      const result = typeof effect.close.result === 'string' ? effect.close.result : (inputString(inputs, effect.close.result.input) ?? null);
      working.result = result;
      changes.result = result;
      if (effect.close.note) changes.result_note = inputString(inputs, effect.close.note.input) ?? null;
    } else if ('setDeadline' in effect) {
      const due = effect.setDeadline.input ? (inputString(inputs, effect.setDeadline.input) as LocalDate) : addWorkingDays(today, effect.setDeadline.workingDays!);
      newDeadline = { kind: effect.setDeadline.kind, due };
    }
  }
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
    const suspendedDays = workingDaysBetween(kase.clockSuspendedSince as LocalDate, today);
    if (suspendedDays > 0 && kase.processingDeadline) {
      resumed = { suspendedWorkingDays: suspendedDays, processingDeadline: addWorkingDays(kase.processingDeadline as LocalDate, suspendedDays) };
      changes.processing_deadline = resumed.processingDeadline;
    }
  }
  if (options.approvalId) changes.pending_approval_id = null;
  let written = await updateCase(trx, kase, changes);
  if (!written) throw new ConflictError('cases.changedMeanwhile');

  const values = () =>
    placeholderValues({ kase: working, application: p.application, authority: p.authority, actorName: actor.name, now: p.now, action, inputs, deadline: newDeadline?.due ?? null });
  const message = {
    tenantId: kase.tenantId,
    applicationId: kase.applicationId,
    reference: kase.reference,
    authorityId: kase.authorityId,
    authorityName: p.authority.name,
    authorAccountId: actor.type === 'account' ? actor.id : null,
    contactEmail: p.application.contactEmail,
  };
  // The timeline entries of this action go into one INSERT at the end, in the order they happened.
  const events: NewCaseEvent[] = [];
  const event = (kind: string, details: Record<string, unknown>) => events.push({ tenantId: kase.tenantId, caseId: kase.id, kind, action: p.name, actor, details, at: stored });
  const clearDeadlines = (kind?: string) => {
    let query = trx.updateTable('case_deadlines').set({ cleared_at: stored }).where('tenant_id', '=', kase.tenantId).where('case_id', '=', kase.id).where('cleared_at', 'is', null);
    if (kind) query = query.where('kind', '=', kind);
    return query.execute();
  };

  for (const effect of action.effects ?? []) {
    if ('setDeadline' in effect && newDeadline) {
      await clearDeadlines(newDeadline.kind);
      const deadlineId = newId();
      await trx
        .insertInto('case_deadlines')
        .values({ id: deadlineId, tenant_id: kase.tenantId, case_id: kase.id, kind: newDeadline.kind, due_date: newDeadline.due, note: null, created_at: stored, cleared_at: null })
        .execute();
      await scheduleReminder(trx, ctx, workflow, { tenantId: kase.tenantId, caseId: kase.id, deadlineId, dueDate: newDeadline.due });
      event('deadlineSet', { kind: newDeadline.kind, due: newDeadline.due });
    } else if ('clearDeadline' in effect) {
      await clearDeadlines(effect.clearDeadline);
      event('deadlineCleared', { kind: effect.clearDeadline });
    } else if ('closeSiblings' in effect) {
      await enqueueJob(trx, ctx, {
        type: siblingJobType,
        payload: { tenantId: kase.tenantId, applicationId: kase.applicationId, action: effect.closeSiblings.action } satisfies SiblingPayload,
        tenantId: kase.tenantId,
      });
      event('siblingsClosing', { action: effect.closeSiblings.action });
    } else if ('sendMessage' in effect) {
      const template = workflow.messageTexts[effect.sendMessage.template]!;
      const filled = values();
      const messageId = await postToApplicant(trx, ctx, {
        ...message,
        subject: fillTemplate(template.subject, filled),
        body: fillTemplate(template.body, filled),
        attachments: [],
      });
      event('messageSent', { message: messageId, template: effect.sendMessage.template });
    } else if ('createDocument' in effect) {
      const template = workflow.documentTexts[effect.createDocument.template]!;
      const filled = values();
      const previous = await latestDocument(trx, kase.tenantId, kase.id, effect.createDocument.kind);
      const version = previous ? Number(previous.version) + 1 : 1;
      await trx
        .insertInto('case_documents')
        .values({
          id: newId(),
          tenant_id: kase.tenantId,
          case_id: kase.id,
          kind: effect.createDocument.kind,
          version,
          status: 'draft',
          title: fillTemplate(template.title, filled),
          body: fillTemplate(template.body, filled),
          pdf_sha256: null,
          author_account_id: actor.id,
          author_name: actor.name,
          created_at: stored,
          message_id: null,
          made_available_at: null,
        })
        .execute();
      event('documentDrafted', { kind: effect.createDocument.kind, version });
    } else if ('issueDocument' in effect && p.issued) {
      const blob = await openBlobStore(ctx).put(p.issued.pdf, 'application/pdf', trx);
      const fileName = `${p.issued.kind === 'bescheid' ? 'Bescheid' : p.issued.kind}-${kase.reference}.pdf`;
      const messageId = await postToApplicant(trx, ctx, {
        ...message,
        subject: p.issued.title,
        body: 'Guten Tag,\n\nanbei erhalten Sie unsere Entscheidung. Bitte öffnen Sie das angehängte PDF-Dokument.',
        attachments: [{ name: fileName, type: 'application/pdf', size: p.issued.pdf.length, sha256: blob.sha256 }],
      });
      await trx
        .insertInto('case_documents')
        .values({
          id: newId(),
          tenant_id: kase.tenantId,
          case_id: kase.id,
          kind: p.issued.kind,
          version: p.issued.version + 1,
          status: 'final',
          title: p.issued.title,
          body: p.issued.body,
          pdf_sha256: blob.sha256,
          author_account_id: actor.id,
          author_name: actor.name,
          created_at: stored,
          message_id: messageId,
          made_available_at: stored,
        })
        .execute();
      event('documentIssued', { kind: p.issued.kind, sha256: blob.sha256, message: messageId, sha256OfText: crypto.createHash('sha256').update(p.issued.body).digest('hex') });
    } else if ('involve' in effect || 'forward' in effect) {
      const forwarding = 'forward' in effect;
      const authorityId = inputString(inputs, forwarding ? effect.forward.authority.input : effect.involve.authority.input)!;
      const authority = p.authorities.get(authorityId)!;
      const question = 'involve' in effect && effect.involve.question ? (inputString(inputs, effect.involve.question.input) ?? null) : null;
      const recipientId = forwarding
        ? await addRecipient(trx, ctx, {
            tenantId: kase.tenantId,
            applicationId: kase.applicationId,
            authorityId,
            authorityName: authority.name,
            reason: { de: `Abgabe durch ${p.authority.name}`, en: `Forwarded by ${p.authority.name}` },
          })
        : null;
      const childId = await openCase(trx, ctx, workflow, {
        tenantId: kase.tenantId,
        authorityId,
        kind: forwarding ? 'case' : 'involvement',
        applicationId: kase.applicationId,
        recipientId,
        parentCaseId: forwarding ? null : kase.id,
        procedureKey: kase.procedureKey,
        procedureVersion: kase.procedureVersion,
        reference: kase.reference,
        answers: p.application.application.data,
        processingDays: p.application.version.procedure.processingDays,
        actor,
        details: { from: kase.authorityId, ...(question ? { question } : {}) },
      });
      await trx
        .insertInto('case_links')
        .values({
          id: newId(),
          tenant_id: kase.tenantId,
          kind: forwarding ? 'forwarding' : 'involvement',
          from_case_id: kase.id,
          to_case_id: childId,
          to_authority_id: authorityId,
          question,
          answer: null,
          created_at: stored,
          answered_at: null,
        })
        .execute();
      event(forwarding ? 'forwarded' : 'involved', { authority: authorityId, authorityName: authority.name, case: childId });
    } else if ('answerParent' in effect && kase.parentCaseId) {
      const answer = inputString(inputs, effect.answerParent.text.input) ?? '';
      await trx
        .updateTable('case_links')
        .set({ answer, answered_at: stored })
        .where('tenant_id', '=', kase.tenantId)
        .where('to_case_id', '=', kase.id)
        .where('kind', '=', 'involvement')
        .execute();
      events.push({
        tenantId: kase.tenantId,
        caseId: kase.parentCaseId,
        kind: 'opinionReceived',
        actor,
        details: { from: kase.authorityId, authorityName: p.authority.name, case: kase.id, opinion: answer },
        at: stored,
      });
      await trx.updateTable('cases').set({ updated_at: stored }).where('tenant_id', '=', kase.tenantId).where('id', '=', kase.parentCaseId).execute();
    }
  }

  if (resumed) {
    await trx
      .updateTable('case_deadlines')
      .set({ due_date: resumed.processingDeadline })
      .where('tenant_id', '=', kase.tenantId)
      .where('case_id', '=', kase.id)
      .where('kind', '=', 'processing')
      .where('cleared_at', 'is', null)
      .execute();
    event('clockResumed', resumed);
  }
  if (target.terminal) {
    await clearDeadlines();
    if (workflow.onParentClosed && (await hasWaitingInvolvement(trx, kase))) {
      await enqueueJob(trx, ctx, {
        type: withdrawInvolvementsJobType,
        payload: { tenantId: kase.tenantId, caseId: kase.id } satisfies WithdrawInvolvementsPayload,
        tenantId: kase.tenantId,
      });
    }
  }
  const deadlinesChanged = target.terminal || resumed !== null || (action.effects ?? []).some((e) => 'setDeadline' in e || 'clearDeadline' in e);
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
  await appendEvents(trx, events);
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
