import { addDays, isLocalDate, type LocalDate } from '../../core/calendar/index.js';
import type { AppContext } from '../../core/context.js';
import type { Trx } from '../../core/db/index.js';
import { reschedulePendingJobs } from '../../core/jobs/index.js';
import jsonLogic from 'json-logic-js';
import { followUpReminderJob } from './follow-ups.js';
import { procedureOf } from './service.js';
import type { ProcedureVersion } from '../procedures/index.js';
import { findApplication, type Application } from './store.js';
import { valueAt } from '../../core/json-pointer.js';

/**
 * An application's procedure and version never change, and most procedures extend nothing: a
 * status change of an application seen before needs no read of it (one statement less in most
 * case actions). Bounded; the oldest entries go first.
 */
const procedureOfApplication = new Map<string, Pick<Application, 'procedureKey' | 'procedureVersion'>>();
const rememberedApplications = 10_000;

/** Called wherever an application is read anyway (the case side loads it before every action). */
export function rememberProcedureOf(application: Application): void {
  if (procedureOfApplication.size >= rememberedApplications) procedureOfApplication.delete(procedureOfApplication.keys().next().value!);
  procedureOfApplication.set(`${application.tenantId}:${application.id}`, { procedureKey: application.procedureKey, procedureVersion: application.procedureVersion });
}

function extendsAt(version: ProcedureVersion, status: string): boolean {
  return version.procedure.extends?.status === status;
}

/**
 * A granted extension of follow-up duties (procedure.json `extends`, e.g. § 11(4) GeolDG): when an
 * extension request of the linked procedure reaches the applicant status `status` at an authority
 * (its workflow's "granted" state), the open duties it names move to the requested date and the
 * reminders not yet sent move with them. Only the same person's duties, never to an earlier date.
 */
export async function extendFollowUps(trx: Trx, ctx: AppContext, change: { tenantId: string; applicationId: string; status: string }): Promise<void> {
  const known = procedureOfApplication.get(`${change.tenantId}:${change.applicationId}`);
  if (known && !extendsAt(await procedureOf(ctx, known), change.status)) return;
  const request = await findApplication(trx, change.tenantId, change.applicationId);
  if (!request) return;
  rememberProcedureOf(request);
  const rule = (await procedureOf(ctx, request)).procedure.extends;
  if (!rule || rule.status !== change.status || !jsonLogic.truthy(jsonLogic.apply(rule.when as jsonLogic.RulesLogic, request.data))) return;
  const reference = valueAt(request.data, rule.reference);
  const dueOn = valueAt(request.data, rule.dueOn);
  if (typeof reference !== 'string' || typeof dueOn !== 'string' || !isLocalDate(dueOn)) return;
  const parent = await trx
    .selectFrom('applications')
    .select(['id', 'owner_account_id'])
    .where('tenant_id', '=', change.tenantId)
    .where('reference', '=', reference.trim().toUpperCase())
    .executeTakeFirst();
  if (!parent || parent.owner_account_id === null || parent.owner_account_id !== request.ownerAccountId) return;
  const duties = await trx
    .selectFrom('application_follow_ups')
    .select('id')
    .where('tenant_id', '=', change.tenantId)
    .where('application_id', '=', parent.id)
    .where('procedure_key', '=', request.procedureKey)
    .where('status', '=', 'open')
    .where('due_on', '<', dueOn)
    .execute();
  for (const duty of duties) {
    await trx
      .updateTable('application_follow_ups')
      .set({ due_on: dueOn, updated_at: ctx.clock.now().toISOString() })
      .where('tenant_id', '=', change.tenantId)
      .where('id', '=', duty.id)
      .execute();
    await moveReminders(trx, change.tenantId, duty.id, dueOn);
  }
}

/** The duty's reminders still pending run the same days before and after the new date (their dedupe key ends in the offset). */
function moveReminders(trx: Trx, tenantId: string, dutyId: string, dueOn: LocalDate): Promise<void> {
  // 08:00 German time, like the reminders made at submission.
  const runAtOf = (dedupeKey: string) => new Date(`${addDays(dueOn, Number(dedupeKey.slice(dutyId.length + 1)))}T07:00:00Z`);
  return reschedulePendingJobs(trx, { tenantId, type: followUpReminderJob, dedupePrefix: `${dutyId}:` }, runAtOf);
}
