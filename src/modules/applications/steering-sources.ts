import type { Executor } from '../../core/db/index.js';
import type { TrustLevel } from './access.js';
import { applicantKindOf } from './store.js';
import type { ApplicantKind, DraftPosition } from './submission-listeners.js';

/**
 * What the steering module may know of an application: its procedure, when it was started and
 * submitted, where a draft stands, the trust level and kind of applicant that submitted — nothing
 * about the applicant or the answers.
 */
export interface ApplicationFigures {
  id: string;
  procedureKey: string;
  startedAt: string;
  /** Null for a draft. */
  submittedAt: string | null;
  /** A draft's page since its last save; null for a submitted application. */
  position: DraftPosition | null;
  /** Of a submitted application: the sign-in's trust level (null without an account, and for applications submitted before it was kept). */
  trustLevel: TrustLevel | null;
  applicantKind: ApplicantKind;
}

/**
 * One page of a tenant's applications (drafts and submitted) in id order after `afterId`, for the
 * steering rebuild. Drafts that expired are deleted: the rebuild cannot count their start, nor where they gave up.
 */
export async function applicationFiguresPage(db: Executor, tenantId: string, afterId: string, limit: number): Promise<ApplicationFigures[]> {
  const rows = await db
    .selectFrom('applications')
    .select(['id', 'procedure_key', 'created_at', 'submitted_at', 'status', 'current_page', 'updated_at', 'submitted_trust_level', 'owner_account_id', 'created_by_account_id'])
    .where('tenant_id', '=', tenantId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    procedureKey: row.procedure_key,
    startedAt: row.created_at,
    submittedAt: row.submitted_at,
    position: row.status === 'draft' ? { page: row.current_page, at: row.updated_at } : null,
    trustLevel: (row.submitted_trust_level as TrustLevel | null) ?? null,
    applicantKind: applicantKindOf({ ownerAccountId: row.owner_account_id, createdByAccountId: row.created_by_account_id }),
  }));
}
