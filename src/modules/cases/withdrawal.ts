import type { Static } from 'typebox';
import type { AppContext } from '../../core/context.js';
import { inTransaction } from '../../core/db/index.js';
import { appendAudit } from '../../core/audit/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../../core/errors.js';
import { defaultLanguage, translate, type Language } from '../../core/i18n/index.js';
import { enqueueJob } from '../../core/jobs/index.js';
import { enqueueMail } from '../../core/mail/index.js';
import { principalAccountId } from '../access/index.js';
import { applicationForCase, auditActor, can, getAuthority, postToApplicant, setRecipientStatus, staffMailAddress, type Actor, type Authority } from './access.js';
import { hasWaitingInvolvement, withdrawInvolvementsJobType, type WithdrawInvolvementsPayload } from './involvements.js';
import type { EventActor } from './event-listeners.js';
import { eventActor } from './service.js';
import { appendEvent, findCase, openCaseIdsOf, refreshDueDate, updateCase, type Case } from './store.js';
import { caseWorkflow } from './workflow/versions.js';
import type { Workflow } from './workflow/schema.js';
import type { close } from './effects/close.js';

/**
 * Rücknahme: the applicant withdraws a submitted application. Every case of it that is still open
 * (not decided, not closed) closes with the result `withdrawn`, in the terminal state where the
 * workflow's own closing actions put a withdrawn case — generic for every procedure, no pack
 * declares anything for it. The authority is told (timeline entry, mail to its mailbox and to the
 * assignee), the applicant gets a confirmation in the Postfach in their language, waiting
 * involvements are withdrawn as whenever a case closes (`onParentClosed`), and the applicant's
 * status at that authority becomes `withdrawn`. One transaction for all cases of the application.
 */

export const withdrawnResult = 'withdrawn';

/** The longest reason the applicant may give. */
export const maxWithdrawalReason = 2000;

/**
 * The terminal state a withdrawn case closes in: where an action of the workflow goes that closes
 * with the result `withdrawn` (a fixed result or an option of the input it takes the result from);
 * otherwise the first terminal state the applicant sees. Undefined: the workflow cannot close a case.
 */
export function withdrawalState(workflow: Workflow): string | undefined {
  for (const action of Object.values(workflow.actions)) {
    for (const effect of action.effects ?? []) {
      if (!Object.hasOwn(effect, 'close')) continue;
      const { result } = effect.close as Static<typeof close.schema>;
      const offersWithdrawn =
        typeof result === 'string' ? result === withdrawnResult : !!action.inputs?.find((input) => input.name === result.input)?.options?.some((o) => o.value === withdrawnResult);
      if (offersWithdrawn && workflow.states[action.to]?.terminal) return action.to;
    }
  }
  return Object.entries(workflow.states).find(([, state]) => state.terminal && state.applicant)?.[0];
}

export interface WithdrawableCase {
  caseId: string;
  version: number;
  authorityId: string;
  authorityName: string;
}

export interface Withdrawal {
  applicationId: string;
  reference: string;
  /** The cases the withdrawal would close; empty when everything is decided or closed already. */
  cases: WithdrawableCase[];
}

interface Loaded {
  withdrawal: Withdrawal;
  cases: { kase: Case; workflow: Workflow; target: string; authority: Authority }[];
  contactEmail: string | undefined;
}

async function load(ctx: AppContext, actor: Actor, applicationId: string): Promise<Loaded> {
  const application = await applicationForCase(ctx, actor.tenantId, applicationId);
  // Someone else's application is "not found", as on its other pages.
  if (
    !application ||
    principalAccountId(actor) === null ||
    !can(actor, 'application.withdraw', { tenantId: application.application.tenantId, ownerAccountId: application.application.ownerAccountId })
  )
    throw new NotFoundError('applications.notFound');
  const cases: Loaded['cases'] = [];
  for (const id of await openCaseIdsOf(ctx.db, actor.tenantId, applicationId)) {
    const kase = await findCase(ctx.db, actor.tenantId, id);
    const workflow = kase && (await caseWorkflow(ctx, kase));
    const target = workflow && withdrawalState(workflow);
    const authority = kase && (await getAuthority(ctx, kase.tenantId, kase.authorityId));
    if (kase && workflow && target && authority) cases.push({ kase, workflow, target, authority });
  }
  return {
    withdrawal: {
      applicationId,
      reference: application.application.reference ?? '',
      cases: cases.map(({ kase, authority }) => ({ caseId: kase.id, version: kase.version, authorityId: authority.id, authorityName: authority.name })),
    },
    cases,
    contactEmail: application.contactEmail,
  };
}

/** What withdrawing the application would close (for the confirmation page); only its owner may ask. */
export async function withdrawalOf(ctx: AppContext, actor: Actor, applicationId: string): Promise<Withdrawal> {
  return (await load(ctx, actor, applicationId)).withdrawal;
}

/** Where the authority hears of it: its mailbox, and the assignee's own address. */
async function noticeAddresses(ctx: AppContext, kase: Case, authority: Authority): Promise<string[]> {
  const assignee = kase.assigneeAccountId ? await staffMailAddress(ctx, kase.tenantId, kase.assigneeAccountId) : undefined;
  return [...new Set([authority.email, assignee].filter((address): address is string => !!address))];
}

/**
 * Withdraws the application: closes each of its open cases (see above). Refused with a conflict
 * when nothing is left to withdraw (decided or closed), with "changed meanwhile" when a case
 * changed since the applicant saw the confirmation page (`versions`, optional).
 */
export async function withdrawApplication(
  ctx: AppContext,
  actor: Actor,
  applicationId: string,
  request: { reason?: unknown; lang?: Language; versions?: Record<string, number> },
): Promise<Case[]> {
  const loaded = await load(ctx, actor, applicationId);
  const reason = typeof request.reason === 'string' ? request.reason.trim() : '';
  if (reason.length > maxWithdrawalReason) throw new ValidationError([{ pointer: '/reason', code: 'forms.text.tooLong', params: { max: maxWithdrawalReason } }]);
  if (loaded.cases.length === 0) throw new ConflictError('cases.withdrawal.notPossible');
  for (const { kase } of loaded.cases) {
    const seen = request.versions?.[kase.id];
    if (seen !== undefined && seen !== kase.version) throw new ConflictError('cases.changedMeanwhile');
  }
  const lang = request.lang ?? defaultLanguage;
  const me: EventActor = actor.kind === 'citizen' ? { type: 'account', id: actor.accountId, name: actor.name } : eventActor(actor);
  const addresses = await Promise.all(loaded.cases.map(({ kase, authority }) => noticeAddresses(ctx, kase, authority)));
  return inTransaction(ctx.db, async (trx) => {
    const stored = ctx.clock.now().toISOString();
    const written: Case[] = [];
    for (const [index, { kase, workflow, target, authority }] of loaded.cases.entries()) {
      const changed = await updateCase(trx, kase, {
        state: target,
        state_entered_at: stored,
        open: 0,
        closed_at: stored,
        result: withdrawnResult,
        result_note: reason || null,
        // A decision waiting for its four-eyes approval is not issued any more.
        pending_approval_id: null,
        clock_suspended_since: null,
        updated_at: stored,
      });
      if (!changed) throw new ConflictError('cases.changedMeanwhile');
      if (kase.pendingApprovalId)
        await trx
          .updateTable('case_approvals')
          .set({ decision: 'rejected', decided_by_id: me.id, decided_by_name: me.name, decided_at: stored, comment: translate(defaultLanguage, 'cases.withdrawal.approvalEnded') })
          .where('tenant_id', '=', kase.tenantId)
          .where('id', '=', kase.pendingApprovalId)
          .where('decision', 'is', null)
          .execute();
      await trx
        .updateTable('case_deadlines')
        .set({ cleared_at: stored })
        .where('tenant_id', '=', kase.tenantId)
        .where('case_id', '=', kase.id)
        .where('cleared_at', 'is', null)
        .execute();
      if (workflow.onParentClosed && (await hasWaitingInvolvement(trx, kase)))
        await enqueueJob(trx, ctx, {
          type: withdrawInvolvementsJobType,
          payload: { tenantId: kase.tenantId, caseId: kase.id } satisfies WithdrawInvolvementsPayload,
          tenantId: kase.tenantId,
        });
      written.push(await refreshDueDate(trx, kase.tenantId, kase.id));
      // The state change that closes the case: steering counts it like any closing, the E-Akte files it.
      await appendEvent(trx, ctx, {
        tenantId: kase.tenantId,
        caseId: kase.id,
        kind: 'withdrawn',
        fromState: kase.state,
        toState: target,
        actor: me,
        details: { reason },
        at: stored,
      });
      if (kase.recipientId) await setRecipientStatus(trx, ctx, { tenantId: kase.tenantId, recipientId: kase.recipientId, status: withdrawnResult, caseId: kase.id });
      // The confirmation in the applicant's Postfach, from the authority; one mail "new message" for all of them.
      const texts = { reference: kase.reference, authority: authority.name };
      await postToApplicant(trx, ctx, {
        tenantId: kase.tenantId,
        applicationId: kase.applicationId,
        reference: kase.reference,
        authorityId: kase.authorityId,
        authorityName: authority.name,
        authorAccountId: null,
        subject: translate(lang, 'cases.withdrawal.message.subject', texts),
        body: translate(lang, reason ? 'cases.withdrawal.message.bodyWithReason' : 'cases.withdrawal.message.body', { ...texts, reason }),
        attachments: [],
        contactEmail: index === 0 ? loaded.contactEmail : undefined,
      });
      // Authorities work in the tenant's language; the mail names only the reference, like the notice of a new application.
      const link = `${ctx.config.baseUrl.replace(/\/$/, '')}/bearbeitung/vorgaenge/${kase.id}`;
      for (const to of addresses[index]!)
        await enqueueMail(
          trx,
          ctx,
          { to, subject: translate(defaultLanguage, 'cases.mail.withdrawn.subject', texts), text: translate(defaultLanguage, 'cases.mail.withdrawn.text', { ...texts, link }) },
          kase.tenantId,
        );
      await appendAudit(trx, ctx, {
        tenantId: kase.tenantId,
        actor: auditActor(actor),
        action: 'case.withdrawn',
        objectType: 'case',
        objectId: kase.id,
        details: { application: kase.applicationId, from: kase.state, to: target },
      });
    }
    return written;
  });
}
