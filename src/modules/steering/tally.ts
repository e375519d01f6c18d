import { dateOf, type LocalDate, type WorkingDayCalendar } from '../../core/calendar/index.js';
import type { Executor } from '../../core/db/index.js';
import type { ApplicantKind, DraftPosition } from '../applications/index.js';
import type { CaseFigures } from '../cases/index.js';

/**
 * Changes to the steering counters, collected from events (the listeners) or from everything the
 * owners hold (the rebuild) through the same functions, then written as one upsert per table that
 * adds to what is there. Keys are merged first: PostgreSQL refuses an upsert that touches one row twice.
 */

type MonthlyCounts = { opened: number; decided: number; deadline_kept: number; deadline_missed: number; working_days: number; waiting_days: number };
const noCounts: MonthlyCounts = { opened: 0, decided: 0, deadline_kept: 0, deadline_missed: 0, working_days: 0, waiting_days: 0 };

/** The German calendar day of an instant. */
const dayOf = (at: string): LocalDate => dateOf(new Date(at));
const monthOf = (at: string): string => dayOf(at).slice(0, 7);
const key = (...parts: string[]) => JSON.stringify(parts);

export class Tally {
  private readonly submissions = new Map<string, { tenant_id: string; procedure_key: string; day: string; started: number; submitted: number }>();
  private readonly monthly = new Map<string, { tenant_id: string; procedure_key: string; authority_id: string; month: string } & MonthlyCounts>();
  private readonly durations = new Map<string, { tenant_id: string; procedure_key: string; authority_id: string; month: string; working_days: number; cases: number }>();
  private readonly positions = new Map<string, { tenant_id: string; procedure_key: string; page: string; day: string; drafts: number }>();
  private readonly submitters = new Map<string, { tenant_id: string; procedure_key: string; month: string; trust_level: string; applicant_kind: string; submitted: number }>();
  private readonly backlog = new Map<string, { tenant_id: string; procedure_key: string; authority_id: string; opened_on: string; cases: number }>();

  constructor(private readonly tenantId: string) {}

  started(procedureKey: string, at: string): void {
    this.applications(procedureKey, at).started += 1;
  }

  /** An application was submitted, with a sign-in of `trustLevel` (null: without an account), by a person or for an organisation. */
  submitted(procedureKey: string, at: string, trustLevel: string | null, kind: ApplicantKind): void {
    this.applications(procedureKey, at).submitted += 1;
    const month = monthOf(at);
    const level = trustLevel ?? '';
    const rowKey = key(procedureKey, month, level, kind);
    const row = this.submitters.get(rowKey) ?? { tenant_id: this.tenantId, procedure_key: procedureKey, month, trust_level: level, applicant_kind: kind, submitted: 0 };
    row.submitted += 1;
    this.submitters.set(rowKey, row);
  }

  /** A draft left `from` (null: it was just started) for `to` (null: it was submitted). */
  draftMoved(procedureKey: string, from: DraftPosition | null, to: DraftPosition | null): void {
    if (from) this.position(procedureKey, from, -1);
    if (to) this.position(procedureKey, to, 1);
  }

  private position(procedureKey: string, position: DraftPosition, by: number): void {
    const page = position.page ?? '';
    const day = dayOf(position.at);
    const rowKey = key(procedureKey, page, day);
    const row = this.positions.get(rowKey) ?? { tenant_id: this.tenantId, procedure_key: procedureKey, page, day, drafts: 0 };
    row.drafts += by;
    this.positions.set(rowKey, row);
  }

  private applications(procedureKey: string, at: string) {
    const day = dayOf(at);
    const rowKey = key(procedureKey, day);
    return (
      this.submissions.get(rowKey) ??
      (this.submissions.set(rowKey, { tenant_id: this.tenantId, procedure_key: procedureKey, day, started: 0, submitted: 0 }), this.submissions.get(rowKey)!)
    );
  }

  opened(kase: CaseFigures): void {
    this.count(kase, monthOf(kase.openedAt), { opened: 1 });
    this.changeBacklog(kase, 1);
  }

  /** The case reached its decision (`closedAt`): its duration in the tenant's working days, whether it kept its deadline, and it leaves the backlog. */
  decided(kase: CaseFigures & { closedAt: string }, calendar: WorkingDayCalendar): void {
    const month = monthOf(kase.closedAt);
    const decidedOn = dayOf(kase.closedAt);
    const days = calendar.workingDaysBetween(dayOf(kase.openedAt), decidedOn);
    const deadline = kase.processingDeadline;
    this.count(kase, month, {
      decided: 1,
      working_days: days,
      deadline_kept: deadline !== null && decidedOn <= deadline ? 1 : 0,
      deadline_missed: deadline !== null && decidedOn > deadline ? 1 : 0,
    });
    const durationKey = key(kase.procedureKey, kase.authorityId, month, String(days));
    const row = this.durations.get(durationKey) ?? {
      tenant_id: this.tenantId,
      procedure_key: kase.procedureKey,
      authority_id: kase.authorityId,
      month,
      working_days: days,
      cases: 0,
    };
    row.cases += 1;
    this.durations.set(durationKey, row);
    this.changeBacklog(kase, -1);
  }

  /** The clock started again after it stood still for `days` working days while the authority waited for the applicant. */
  waited(kase: CaseFigures, at: string, days: number): void {
    this.count(kase, monthOf(at), { waiting_days: days });
  }

  private count(kase: CaseFigures, month: string, counts: Partial<MonthlyCounts>): void {
    const rowKey = key(kase.procedureKey, kase.authorityId, month);
    const row = this.monthly.get(rowKey) ?? { tenant_id: this.tenantId, procedure_key: kase.procedureKey, authority_id: kase.authorityId, month, ...noCounts };
    for (const [name, value] of Object.entries(counts) as [keyof MonthlyCounts, number][]) row[name] += value;
    this.monthly.set(rowKey, row);
  }

  private changeBacklog(kase: CaseFigures, by: number): void {
    const openedOn = dayOf(kase.openedAt);
    const rowKey = key(kase.procedureKey, kase.authorityId, openedOn);
    const row = this.backlog.get(rowKey) ?? { tenant_id: this.tenantId, procedure_key: kase.procedureKey, authority_id: kase.authorityId, opened_on: openedOn, cases: 0 };
    row.cases += by;
    this.backlog.set(rowKey, row);
  }

  /** Adds the collected changes to the counters (in the caller's transaction). */
  async write(db: Executor): Promise<void> {
    if (this.submissions.size)
      await db
        .insertInto('steering_submissions')
        .values([...this.submissions.values()])
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'procedure_key', 'day']).doUpdateSet((eb) => ({
            started: eb('steering_submissions.started', '+', eb.ref('excluded.started')),
            submitted: eb('steering_submissions.submitted', '+', eb.ref('excluded.submitted')),
          })),
        )
        .execute();
    if (this.positions.size)
      await db
        .insertInto('steering_draft_positions')
        .values([...this.positions.values()])
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'procedure_key', 'page', 'day']).doUpdateSet((eb) => ({ drafts: eb('steering_draft_positions.drafts', '+', eb.ref('excluded.drafts')) })),
        )
        .execute();
    if (this.submitters.size)
      await db
        .insertInto('steering_submitters')
        .values([...this.submitters.values()])
        .onConflict((oc) =>
          oc
            .columns(['tenant_id', 'procedure_key', 'month', 'trust_level', 'applicant_kind'])
            .doUpdateSet((eb) => ({ submitted: eb('steering_submitters.submitted', '+', eb.ref('excluded.submitted')) })),
        )
        .execute();
    if (this.monthly.size)
      await db
        .insertInto('steering_cases_monthly')
        .values([...this.monthly.values()])
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'procedure_key', 'authority_id', 'month']).doUpdateSet((eb) => ({
            opened: eb('steering_cases_monthly.opened', '+', eb.ref('excluded.opened')),
            decided: eb('steering_cases_monthly.decided', '+', eb.ref('excluded.decided')),
            deadline_kept: eb('steering_cases_monthly.deadline_kept', '+', eb.ref('excluded.deadline_kept')),
            deadline_missed: eb('steering_cases_monthly.deadline_missed', '+', eb.ref('excluded.deadline_missed')),
            working_days: eb('steering_cases_monthly.working_days', '+', eb.ref('excluded.working_days')),
            waiting_days: eb('steering_cases_monthly.waiting_days', '+', eb.ref('excluded.waiting_days')),
          })),
        )
        .execute();
    if (this.durations.size)
      await db
        .insertInto('steering_durations')
        .values([...this.durations.values()])
        .onConflict((oc) =>
          oc
            .columns(['tenant_id', 'procedure_key', 'authority_id', 'month', 'working_days'])
            .doUpdateSet((eb) => ({ cases: eb('steering_durations.cases', '+', eb.ref('excluded.cases')) })),
        )
        .execute();
    if (this.backlog.size)
      await db
        .insertInto('steering_backlog')
        .values([...this.backlog.values()])
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'procedure_key', 'authority_id', 'opened_on']).doUpdateSet((eb) => ({ cases: eb('steering_backlog.cases', '+', eb.ref('excluded.cases')) })),
        )
        .execute();
  }
}
