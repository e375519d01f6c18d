import { addMonths, dateOf, daysBetween, type LocalDate } from '../../core/calendar/index.js';
import type { AppContext } from '../../core/context.js';
import type { Language } from '../../core/i18n/index.js';
import { authorize, type Actor } from '../access/index.js';
import { getAuthorities } from '../catalog/index.js';
import { listCurrentProcedures } from '../procedures/index.js';
import { ifEnough, quantileOfHistogram, suppressCount, type Count } from './suppression.js';

/**
 * Speed: per procedure and authority, how long decisions take (working days from submission,
 * median and p90), how much of it the authority waited for the applicant (the suspended clock),
 * whether the processing deadline was kept, and the open backlog with its age; and the same per
 * month as a trend. Read from the counters only, for the last twelve months.
 */

export interface SpeedRow {
  procedureKey: string;
  procedureTitle: string;
  authorityId: string;
  authorityName: string;
  decided: Count;
  medianDays: number | null;
  p90Days: number | null;
  /** Average working days per decided case, and of them the average the clock stood still for the applicant. */
  averageDays: number | null;
  averageWaitingDays: number | null;
  /** Share (0–1) of the decisions with a processing deadline that kept it. */
  deadlineKept: number | null;
  open: Count;
  /** Open cases that opened more than 30 days ago. */
  openOver30Days: Count;
  /** Calendar days since the oldest open case opened. */
  oldestOpenDays: number | null;
}

export interface SpeedMonth {
  month: string;
  opened: Count;
  decided: Count;
  medianDays: number | null;
  p90Days: number | null;
  deadlineKept: number | null;
}

export interface SpeedFigures {
  /** The first and last month counted (`YYYY-MM`). */
  fromMonth: string;
  toMonth: string;
  rows: SpeedRow[];
  months: SpeedMonth[];
}

/** The figures cover the current month and the eleven before it. */
export const periodMonths = 12;

interface Totals {
  opened: number;
  decided: number;
  kept: number;
  missed: number;
  workingDays: number;
  waitingDays: number;
  durations: Map<number, number>;
}
const noTotals = (): Totals => ({ opened: 0, decided: 0, kept: 0, missed: 0, workingDays: 0, waitingDays: 0, durations: new Map() });

function add(totals: Totals, row: { opened: number; decided: number; deadline_kept: number; deadline_missed: number; working_days: number; waiting_days: number }): void {
  totals.opened += Number(row.opened);
  totals.decided += Number(row.decided);
  totals.kept += Number(row.deadline_kept);
  totals.missed += Number(row.deadline_missed);
  totals.workingDays += Number(row.working_days);
  totals.waitingDays += Number(row.waiting_days);
}

const share = (part: number, whole: number) => ifEnough(whole, () => part / whole);
const oneDecimal = (value: number) => Math.round(value * 10) / 10;

function decisions(totals: Totals) {
  return {
    decided: suppressCount(totals.decided),
    medianDays: ifEnough(totals.decided, () => quantileOfHistogram(totals.durations, 0.5)),
    p90Days: ifEnough(totals.decided, () => quantileOfHistogram(totals.durations, 0.9)),
    deadlineKept: share(totals.kept, totals.kept + totals.missed),
  };
}

/** The months `from`…`to` (`YYYY-MM`), in order. */
function monthsBetween(from: LocalDate, count: number): string[] {
  return Array.from({ length: count }, (_, index) => addMonths(from, index).slice(0, 7));
}

export async function speedFigures(ctx: AppContext, actor: Actor, tenantId: string, lang: Language): Promise<SpeedFigures> {
  authorize(actor, 'steering.read', { tenantId });
  const today = dateOf(ctx.clock.now());
  const firstDay = addMonths(`${today.slice(0, 7)}-01` as LocalDate, -(periodMonths - 1));
  const months = monthsBetween(firstDay, periodMonths);
  const fromMonth = months[0]!;
  const [monthly, durations, backlog] = await Promise.all([
    ctx.db.selectFrom('steering_cases_monthly').selectAll().where('tenant_id', '=', tenantId).where('month', '>=', fromMonth).execute(),
    ctx.db.selectFrom('steering_durations').selectAll().where('tenant_id', '=', tenantId).where('month', '>=', fromMonth).execute(),
    ctx.db.selectFrom('steering_backlog').selectAll().where('tenant_id', '=', tenantId).where('cases', '>', 0).execute(),
  ]);

  const groups = new Map<string, Totals & { procedureKey: string; authorityId: string; open: number; over30: number; oldest: LocalDate | null }>();
  const group = (procedureKey: string, authorityId: string) => {
    const key = JSON.stringify([procedureKey, authorityId]);
    return groups.get(key) ?? (groups.set(key, { ...noTotals(), procedureKey, authorityId, open: 0, over30: 0, oldest: null }), groups.get(key)!);
  };
  const byMonth = new Map(months.map((month) => [month, noTotals()]));
  for (const row of monthly) {
    add(group(row.procedure_key, row.authority_id), row);
    const month = byMonth.get(row.month);
    if (month) add(month, row);
  }
  for (const row of durations) {
    for (const totals of [group(row.procedure_key, row.authority_id), byMonth.get(row.month)]) {
      if (totals) totals.durations.set(Number(row.working_days), (totals.durations.get(Number(row.working_days)) ?? 0) + Number(row.cases));
    }
  }
  for (const row of backlog) {
    const totals = group(row.procedure_key, row.authority_id);
    const cases = Number(row.cases);
    totals.open += cases;
    if (daysBetween(row.opened_on as LocalDate, today) > 30) totals.over30 += cases;
    if (totals.oldest === null || row.opened_on < totals.oldest) totals.oldest = row.opened_on as LocalDate;
  }

  const titles = new Map((await listCurrentProcedures(ctx)).map((version) => [version.procedure.key, version.procedure.title[lang]]));
  const authorityNames = new Map(
    (
      await getAuthorities(
        ctx,
        tenantId,
        [...groups.values()].map((g) => g.authorityId),
      )
    ).map((a) => [a.id, a.name]),
  );
  const rows = [...groups.values()]
    .map(
      (g): SpeedRow => ({
        procedureKey: g.procedureKey,
        procedureTitle: titles.get(g.procedureKey) ?? g.procedureKey,
        authorityId: g.authorityId,
        authorityName: authorityNames.get(g.authorityId) ?? g.authorityId,
        ...decisions(g),
        averageDays: ifEnough(g.decided, () => oneDecimal(g.workingDays / g.decided)),
        averageWaitingDays: ifEnough(g.decided, () => oneDecimal(g.waitingDays / g.decided)),
        open: suppressCount(g.open),
        openOver30Days: suppressCount(g.over30),
        oldestOpenDays: ifEnough(g.open, () => (g.oldest ? daysBetween(g.oldest, today) : 0)),
      }),
    )
    .sort((a, b) => a.procedureTitle.localeCompare(b.procedureTitle, 'de') || a.authorityName.localeCompare(b.authorityName, 'de'));
  return {
    fromMonth,
    toMonth: months.at(-1)!,
    rows,
    months: months.map((month) => {
      const totals = byMonth.get(month)!;
      return { month, opened: suppressCount(totals.opened), ...decisions(totals) };
    }),
  };
}
