import type { AppContext } from '../../core/context.js';
import type { Executor, Trx } from '../../core/db/index.js';
import { notifyDraftMove, type ApplicantKind } from './submission-listeners.js';
import type { ApplicationStatus, ApplicationTable } from './tables.js';

/** An application as the service hands it out. */
export interface Application {
  id: string;
  tenantId: string;
  procedureKey: string;
  procedureVersion: number;
  ownerAccountId: string | null;
  createdByAccountId: string | null;
  status: ApplicationStatus;
  data: Record<string, unknown>;
  currentPage: string | null;
  reference: string | null;
  submittedAt: string | null;
  dataHash: string | null;
  submitKey: string | null;
  receiptSha256: string | null;
  expiresAt: string | null;
  reminderSentAt: string | null;
  resumeTokenHash: string | null;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export function toApplication(row: ApplicationTable): Application {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    procedureKey: row.procedure_key,
    procedureVersion: Number(row.procedure_version),
    ownerAccountId: row.owner_account_id,
    createdByAccountId: row.created_by_account_id,
    status: row.status,
    data: JSON.parse(row.data) as Record<string, unknown>,
    currentPage: row.current_page,
    reference: row.reference,
    submittedAt: row.submitted_at,
    dataHash: row.data_hash,
    submitKey: row.submit_key,
    receiptSha256: row.receipt_sha256,
    expiresAt: row.expires_at,
    reminderSentAt: row.reminder_sent_at,
    resumeTokenHash: row.resume_token_hash,
    revision: Number(row.revision),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findApplication(db: Executor, tenantId: string, id: string, forUpdate = false): Promise<Application | undefined> {
  let query = db.selectFrom('applications').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toApplication(row);
}

/** What other modules may read of submitted applications (their answers, reference and time), in id order. */
export async function submittedApplications(db: Executor, tenantId: string, ids: readonly string[]): Promise<Pick<Application, 'id' | 'reference' | 'data' | 'submittedAt'>[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('applications')
    .select(['id', 'reference', 'data', 'submitted_at'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...new Set(ids)])
    .where('submitted_at', 'is not', null)
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ id: row.id, reference: row.reference, data: JSON.parse(row.data) as Record<string, unknown>, submittedAt: row.submitted_at }));
}

/** Whether the tenant has any application (draft or submitted) of the procedure. */
export async function hasApplicationsOf(db: Executor, tenantId: string, procedureKey: string): Promise<boolean> {
  return (await db.selectFrom('applications').select('id').where('tenant_id', '=', tenantId).where('procedure_key', '=', procedureKey).limit(1).executeTakeFirst()) !== undefined;
}

/** Saves a draft's answers if nobody changed it meanwhile; false when the revision moved on. */
/** Filed for an organisation (its account owns the application, a member created it) or by a person. */
export function applicantKindOf(application: Pick<Application, 'ownerAccountId' | 'createdByAccountId'>): ApplicantKind {
  return application.ownerAccountId !== null && application.createdByAccountId !== null && application.ownerAccountId !== application.createdByAccountId
    ? 'organisation'
    : 'person';
}

/**
 * Saves a draft's answers (and perhaps its page) if nobody changed it meanwhile; tells the draft
 * move listeners where it stood and where it stands now, in the same transaction.
 */
export async function saveDraftData(
  trx: Trx,
  ctx: AppContext,
  application: Application,
  change: { data: Record<string, unknown>; currentPage?: string | null; now: string; expiresAt: string },
): Promise<boolean> {
  const result = await trx
    .updateTable('applications')
    .set({
      data: JSON.stringify(change.data),
      ...(change.currentPage !== undefined ? { current_page: change.currentPage } : {}),
      updated_at: change.now,
      expires_at: change.expiresAt,
      reminder_sent_at: null,
      revision: application.revision + 1,
    })
    .where('tenant_id', '=', application.tenantId)
    .where('id', '=', application.id)
    .where('status', '=', 'draft')
    .where('revision', '=', application.revision)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await notifyDraftMove(trx, ctx, {
    tenantId: application.tenantId,
    applicationId: application.id,
    procedureKey: application.procedureKey,
    from: { page: application.currentPage, at: application.updatedAt },
    to: { page: change.currentPage !== undefined ? change.currentPage : application.currentPage, at: change.now },
  });
  return true;
}

export async function listOwned(db: Executor, tenantId: string, ownerAccountId: string): Promise<Application[]> {
  const rows = await db
    .selectFrom('applications')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('owner_account_id', '=', ownerAccountId)
    .orderBy('updated_at', 'desc')
    .limit(500)
    .execute();
  return rows.map(toApplication);
}
