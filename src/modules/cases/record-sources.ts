import type { AppContext } from '../../core/context.js';
import type { Executor } from '../../core/db/index.js';
import { findCase, type Case } from './store.js';

/**
 * What the E-Akte may read of a case to file it: the case itself, the questions and opinions of
 * its involvements, the final versions of its documents and a note a case worker chose for the
 * file. Reads only, trusted by tenant and id: the records module decides what to file and who
 * may see it.
 */

/** The case, if it exists in the tenant. */
export function caseForFiling(ctx: AppContext, tenantId: string, caseId: string): Promise<Case | undefined> {
  return findCase(ctx.db, tenantId, caseId);
}

/** An authority asked for its opinion (Beteiligung): the question and, once given, the answer. */
export interface InvolvementForFiling {
  id: string;
  toAuthorityId: string;
  question: string | null;
  askedAt: string;
  answer: string | null;
  answeredAt: string | null;
}

/** The case's involvements, in the order they were asked. */
export async function involvementsForFiling(ctx: AppContext, tenantId: string, caseId: string): Promise<InvolvementForFiling[]> {
  const rows = await ctx.db
    .selectFrom('case_links')
    .select(['id', 'to_authority_id', 'question', 'created_at', 'answer', 'answered_at'])
    .where('tenant_id', '=', tenantId)
    .where('from_case_id', '=', caseId)
    .where('kind', '=', 'involvement')
    .orderBy('created_at')
    .execute();
  return rows.map((row) => ({ id: row.id, toAuthorityId: row.to_authority_id, question: row.question, askedAt: row.created_at, answer: row.answer, answeredAt: row.answered_at }));
}

/** A final version of a decision document (Bescheid) with its PDF. */
export interface FinalDocument {
  kind: string;
  version: number;
  title: string;
  createdAt: string;
  pdfSha256: string;
}

/** Every final version of the case's documents that has its PDF, oldest version first. */
export async function finalDocumentsOf(ctx: AppContext, tenantId: string, caseId: string): Promise<FinalDocument[]> {
  const rows = await ctx.db
    .selectFrom('case_documents')
    .select(['kind', 'version', 'title', 'created_at', 'pdf_sha256'])
    .where('tenant_id', '=', tenantId)
    .where('case_id', '=', caseId)
    .where('status', '=', 'final')
    .where('pdf_sha256', 'is not', null)
    .orderBy('version')
    .execute();
  return rows.map((row) => ({ kind: row.kind, version: Number(row.version), title: row.title, createdAt: row.created_at, pdfSha256: row.pdf_sha256! }));
}

/** Whether an involved authority still works on its opinion for this case. */
export async function hasOpenInvolvement(ctx: AppContext, tenantId: string, caseId: string): Promise<boolean> {
  const open = await ctx.db.selectFrom('cases').select('id').where('tenant_id', '=', tenantId).where('parent_case_id', '=', caseId).where('open', '=', 1).executeTakeFirst();
  return open !== undefined;
}

export interface CaseNoteForFiling {
  id: string;
  authorName: string;
  body: string;
  createdAt: string;
}

/** One internal note of the case. */
export async function caseNoteForFiling(ctx: AppContext, tenantId: string, caseId: string, noteId: string): Promise<CaseNoteForFiling | undefined> {
  const row = await ctx.db
    .selectFrom('case_notes')
    .select(['id', 'author_name', 'body', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('case_id', '=', caseId)
    .where('id', '=', noteId)
    .executeTakeFirst();
  return row && { id: row.id, authorName: row.author_name, body: row.body, createdAt: row.created_at };
}

/** Whether a case document's PDF is this blob: the blob must stay while the case holds it. */
export async function caseHoldsBlob(db: Executor, sha256: string): Promise<boolean> {
  return (await db.selectFrom('case_documents').select('id').where('pdf_sha256', '=', sha256).executeTakeFirst()) !== undefined;
}
