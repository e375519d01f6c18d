import type { Executor } from '../../core/db/index.js';

/** What the steering module may know of a submitted application: its procedure and when — nothing about the applicant or the answers. */
export interface SubmissionFigures {
  id: string;
  procedureKey: string;
  submittedAt: string;
}

/** One page of a tenant's submitted applications in id order after `afterId` (for the steering rebuild). */
export async function submissionFiguresPage(db: Executor, tenantId: string, afterId: string, limit: number): Promise<SubmissionFigures[]> {
  const rows = await db
    .selectFrom('applications')
    .select(['id', 'procedure_key', 'submitted_at'])
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'submitted')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ id: row.id, procedureKey: row.procedure_key, submittedAt: row.submitted_at! }));
}
