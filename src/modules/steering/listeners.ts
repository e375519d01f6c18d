import type { AppContext } from '../../core/context.js';
import type { Trx } from '../../core/db/index.js';
import type { DraftMoveEvent, DraftStartEvent, SubmissionEvent } from '../applications/index.js';
import { caseFigures, type NewCaseEvent } from '../cases/index.js';
import { Tally } from './tally.js';

/**
 * Keeps the counters up to date inside the transactions that submit applications and change
 * cases: a figure commits or rolls back with what it counts, so the counters never drift.
 */

export async function countDraftStart(trx: Trx, _ctx: AppContext, event: DraftStartEvent): Promise<void> {
  const tally = new Tally(event.tenantId);
  tally.started(event.procedureKey, event.startedAt);
  await tally.write(trx);
}

export async function countSubmission(trx: Trx, _ctx: AppContext, event: SubmissionEvent): Promise<void> {
  const tally = new Tally(event.tenantId);
  tally.submitted(event.procedureKey, event.submittedAt, event.trustLevel, event.applicantKind);
  await tally.write(trx);
}

/** Where drafts stand: a save moves one to its page and day, a submission takes it out. */
export async function countDraftMove(trx: Trx, _ctx: AppContext, event: DraftMoveEvent): Promise<void> {
  const tally = new Tally(event.tenantId);
  tally.draftMoved(event.procedureKey, event.from, event.to);
  await tally.write(trx);
}

/** The entries that change a figure: a case opened, a state changed (perhaps to the decision), the clock started again. */
const counts = (event: NewCaseEvent) => event.kind === 'created' || event.kind === 'clockResumed' || !!event.toState;

export async function countCaseEvents(trx: Trx, ctx: AppContext, events: readonly NewCaseEvent[]): Promise<void> {
  const byTenant = new Map<string, NewCaseEvent[]>();
  for (const event of events) if (counts(event)) (byTenant.get(event.tenantId) ?? byTenant.set(event.tenantId, []).get(event.tenantId)!).push(event);
  for (const [tenantId, tenantEvents] of byTenant) {
    // Involvements are not in the figures: caseFigures leaves them out.
    const figures = new Map((await caseFigures(trx, tenantId, [...new Set(tenantEvents.map((e) => e.caseId))])).map((kase) => [kase.id, kase]));
    const tally = new Tally(tenantId);
    const calendar = await ctx.calendars.forTenant(trx, tenantId);
    for (const event of tenantEvents) {
      const kase = figures.get(event.caseId);
      if (!kase) continue;
      if (event.kind === 'created') tally.opened(kase);
      else if (event.kind === 'clockResumed') tally.waited(kase, event.at, Number(event.details?.suspendedWorkingDays ?? 0));
      // The decision: the state change that closed the case (a closed case changes state no more).
      else if (kase.closedAt !== null && kase.closedAt === event.at) tally.decided({ ...kase, closedAt: kase.closedAt }, calendar);
    }
    await tally.write(trx);
  }
}
