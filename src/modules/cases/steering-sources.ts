import type { Executor } from '../../core/db/index.js';
import type { EffectContext } from './effects/registry.js';
import { workflowOf } from './workflow/load.js';

/**
 * What the steering module may know of cases: no names, no answers, no references — only where a
 * case runs (procedure, authority), when it opened and closed, its processing deadline, and how
 * long the clock stood still while the authority waited for the applicant. Read by the steering
 * module's listener (inside the transaction that appended the case events) and by its rebuild.
 */
export interface CaseFigures {
  id: string;
  authorityId: string;
  procedureKey: string;
  openedAt: string;
  /** Set once the case reached a terminal state (the decision). */
  closedAt: string | null;
  processingDeadline: string | null;
}

/** A resumption of the clock: the working days it stood still, and when it started again. */
export interface ClockResumption {
  caseId: string;
  at: string;
  suspendedWorkingDays: number;
}

const figureColumns = ['id', 'authority_id', 'procedure_key', 'created_at', 'closed_at', 'processing_deadline'] as const;

function toFigures(row: {
  id: string;
  authority_id: string;
  procedure_key: string;
  created_at: string;
  closed_at: string | null;
  processing_deadline: string | null;
}): CaseFigures {
  return {
    id: row.id,
    authorityId: row.authority_id,
    procedureKey: row.procedure_key,
    openedAt: row.created_at,
    closedAt: row.closed_at,
    processingDeadline: row.processing_deadline,
  };
}

/** The figures of the given cases (involvements left out: they are part of another case's work). */
export async function caseFigures(db: Executor, tenantId: string, caseIds: readonly string[]): Promise<CaseFigures[]> {
  if (caseIds.length === 0) return [];
  const rows = await db
    .selectFrom('cases')
    .select(figureColumns)
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...caseIds])
    .where('kind', '=', 'case')
    .execute();
  return rows.map(toFigures);
}

/** One page of every case's figures of a tenant, in id order after `afterId` (for a rebuild). */
export async function caseFiguresPage(db: Executor, tenantId: string, afterId: string, limit: number): Promise<CaseFigures[]> {
  const rows = await db
    .selectFrom('cases')
    .select(figureColumns)
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', 'case')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toFigures);
}

/** Every resumption of the clock of the given cases (the `clockResumed` timeline entries). */
export async function clockResumptions(db: Executor, tenantId: string, caseIds: readonly string[]): Promise<ClockResumption[]> {
  if (caseIds.length === 0) return [];
  const rows = await db
    .selectFrom('case_events')
    .select(['case_id', 'created_at', 'details'])
    .where('tenant_id', '=', tenantId)
    .where('case_id', 'in', [...caseIds])
    .where('kind', '=', 'clockResumed')
    .execute();
  return rows.map((row) => ({
    caseId: row.case_id,
    at: row.created_at,
    suspendedWorkingDays: Number((JSON.parse(row.details) as { suspendedWorkingDays?: number }).suspendedWorkingDays ?? 0),
  }));
}

/** Whether a procedure's workflow can issue a decision document, which goes to the applicant's Postfach (OZG Reifegrad 4). */
export function issuesDecisionToPostfach(ctx: EffectContext, procedureKey: string): boolean {
  const workflow = workflowOf(ctx, procedureKey);
  return !!workflow && Object.values(workflow.actions).some((action) => (action.effects ?? []).some((effect) => Object.hasOwn(effect, 'issueDocument')));
}
