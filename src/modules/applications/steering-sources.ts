import type { Executor } from '../../core/db/index.js';

/** What the steering module may know of an application: its procedure, when it was started and submitted — nothing about the applicant or the answers. */
export interface ApplicationFigures {
  id: string;
  procedureKey: string;
  startedAt: string;
  /** Null for a draft. */
  submittedAt: string | null;
}

/**
 * One page of a tenant's applications (drafts and submitted) in id order after `afterId`, for the
 * steering rebuild. Drafts that expired are deleted: the rebuild cannot count their start.
 */
export async function applicationFiguresPage(db: Executor, tenantId: string, afterId: string, limit: number): Promise<ApplicationFigures[]> {
  const rows = await db
    .selectFrom('applications')
    .select(['id', 'procedure_key', 'created_at', 'submitted_at'])
    .where('tenant_id', '=', tenantId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ id: row.id, procedureKey: row.procedure_key, startedAt: row.created_at, submittedAt: row.submitted_at }));
}
