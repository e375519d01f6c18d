import { addDays, addMonths, dateOf, type LocalDate } from '../../core/calendar/index.js';
import type { AppContext } from '../../core/context.js';
import type { Language } from '../../core/i18n/index.js';
import { authorize, type Actor } from '../access/index.js';
import { listCurrentProcedures } from '../procedures/index.js';
import { periodMonths } from './speed.js';
import { ifEnough, suppressCount, suppressedMark, type Count } from './suppression.js';

/**
 * Use: applications started and submitted per procedure and month over the last twelve months,
 * and the completion rate (submitted / started). Both counts are of the same month, not of the
 * same drafts: a draft started late in a month may be submitted in the next.
 */

export interface UseRow {
  procedureKey: string;
  procedureTitle: string;
  started: Count;
  submitted: Count;
  /** Share (0–1), shown from 5 started drafts on. */
  completion: number | null;
}

export interface UseMonth {
  month: string;
  started: Count;
  submitted: Count;
  completion: number | null;
}

/** Where abandoned drafts gave up: per procedure and the last page they reached. */
export interface AbandonedRow {
  procedureKey: string;
  procedureTitle: string;
  /** The page's id (empty for a form without pages) and its title in the form. */
  page: string;
  pageTitle: string;
  abandoned: Count;
  /** Share of the procedure's abandoned drafts that gave up here (from 5 abandoned drafts on, and not for a suppressed count). */
  share: number | null;
}

/** Who submitted, per procedure (month null: the whole period) or per procedure and month. */
export interface SubmitterRow {
  procedureKey: string;
  procedureTitle: string;
  month: string | null;
  /** Submitted with a sign-in of each trust level; `none` without an account (anonymous procedures). */
  basis: Count;
  substanziell: Count;
  hoch: Count;
  none: Count;
  persons: Count;
  organisations: Count;
  /** Share submitted for organisations (businesses, associations), from 5 submissions on, and not for a suppressed count. */
  organisationShare: number | null;
}

export interface UseFigures {
  fromMonth: string;
  toMonth: string;
  procedures: UseRow[];
  months: UseMonth[];
  /** A draft counts as abandoned when its last save is more than this many days ago (it has expired, or soon will). */
  abandonedAfterDays: number;
  abandoned: AbandonedRow[];
  submitters: SubmitterRow[];
  submittersByMonth: SubmitterRow[];
}

/** A share of `part` in `total`: not shown from fewer than 5, nor when the part is a suppressed count (the share would give it away). */
const shareOf = (part: number, total: number): number | null => (suppressCount(part) === suppressedMark ? null : ifEnough(total, () => part / total));

/** Days without a save after which a draft not submitted counts as abandoned (or fewer, when drafts expire sooner). */
export const abandonedAfterDays = 30;

const figuresOf = (started: number, submitted: number) => ({
  started: suppressCount(started),
  submitted: suppressCount(submitted),
  completion: ifEnough(started, () => Math.min(1, submitted / started)),
});

export async function useFigures(ctx: AppContext, actor: Actor, tenantId: string, lang: Language): Promise<UseFigures> {
  authorize(actor, 'steering.read', { tenantId });
  const today = dateOf(ctx.clock.now());
  const firstDay = addMonths(`${today.slice(0, 7)}-01` as LocalDate, -(periodMonths - 1));
  const months = Array.from({ length: periodMonths }, (_, index) => addMonths(firstDay, index).slice(0, 7));
  const rows = await ctx.db.selectFrom('steering_submissions').selectAll().where('tenant_id', '=', tenantId).where('day', '>=', firstDay).execute();
  const byProcedure = new Map<string, { started: number; submitted: number }>();
  const byMonth = new Map(months.map((month) => [month, { started: 0, submitted: 0 }]));
  for (const row of rows) {
    const procedure = byProcedure.get(row.procedure_key) ?? { started: 0, submitted: 0 };
    byProcedure.set(row.procedure_key, procedure);
    for (const totals of [procedure, byMonth.get(row.day.slice(0, 7))]) {
      if (!totals) continue;
      totals.started += Number(row.started);
      totals.submitted += Number(row.submitted);
    }
  }
  const current = await listCurrentProcedures(ctx);
  const titles = new Map(current.map((version) => [version.procedure.key, version.procedure.title[lang]]));
  const pagesOf = new Map(current.map((version) => [version.procedure.key, version.form.pages.map((page) => ({ id: page.id, title: page.title[lang] }))]));
  const afterDays = Math.min(abandonedAfterDays, ctx.config.draftRetentionDays);
  const titleOf = (key: string) => titles.get(key) ?? key;
  return {
    fromMonth: months[0]!,
    toMonth: months.at(-1)!,
    procedures: [...byProcedure.entries()]
      .map(([procedureKey, totals]) => ({ procedureKey, procedureTitle: titles.get(procedureKey) ?? procedureKey, ...figuresOf(totals.started, totals.submitted) }))
      .sort((a, b) => a.procedureTitle.localeCompare(b.procedureTitle, 'de')),
    months: months.map((month) => {
      const totals = byMonth.get(month)!;
      return { month, ...figuresOf(totals.started, totals.submitted) };
    }),
    abandonedAfterDays: afterDays,
    abandoned: await abandonedDrafts(ctx, tenantId, firstDay, addDays(today, -afterDays), titleOf, pagesOf),
    ...(await submitters(ctx, tenantId, months[0]!, titleOf)),
  };
}

/**
 * The drafts whose last save lies in the period and more than the limit before today, per
 * procedure and page: where those never submitted gave up. Pages in the form's order (pages the
 * current form no longer has after them, by their id).
 */
async function abandonedDrafts(
  ctx: AppContext,
  tenantId: string,
  firstDay: LocalDate,
  savedBefore: LocalDate,
  titleOf: (key: string) => string,
  pagesOf: ReadonlyMap<string, { id: string; title: string }[]>,
): Promise<AbandonedRow[]> {
  const rows = await ctx.db
    .selectFrom('steering_draft_positions')
    .select(['procedure_key', 'page'])
    .select((eb) => eb.fn.sum<number | string>('drafts').as('drafts'))
    .where('tenant_id', '=', tenantId)
    .where('day', '>=', firstDay)
    .where('day', '<', savedBefore)
    .groupBy(['procedure_key', 'page'])
    .execute();
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.procedure_key, (totals.get(row.procedure_key) ?? 0) + Number(row.drafts));
  const order = (key: string, page: string) => {
    const index = (pagesOf.get(key) ?? []).findIndex((p) => p.id === page);
    return index < 0 ? Number.MAX_SAFE_INTEGER : index;
  };
  return rows
    .filter((row) => Number(row.drafts) > 0)
    .map((row) => {
      const abandoned = Number(row.drafts);
      const total = totals.get(row.procedure_key)!;
      return {
        procedureKey: row.procedure_key,
        procedureTitle: titleOf(row.procedure_key),
        page: row.page,
        pageTitle: pagesOf.get(row.procedure_key)?.find((p) => p.id === row.page)?.title ?? row.page,
        abandoned: suppressCount(abandoned),
        share: shareOf(abandoned, total),
      };
    })
    .sort((a, b) => a.procedureTitle.localeCompare(b.procedureTitle, 'de') || order(a.procedureKey, a.page) - order(b.procedureKey, b.page) || a.page.localeCompare(b.page));
}

type SubmitterTotals = { basis: number; substanziell: number; hoch: number; none: number; persons: number; organisations: number };

const submitterRow = (procedureKey: string, procedureTitle: string, month: string | null, totals: SubmitterTotals): SubmitterRow => ({
  procedureKey,
  procedureTitle,
  month,
  basis: suppressCount(totals.basis),
  substanziell: suppressCount(totals.substanziell),
  hoch: suppressCount(totals.hoch),
  none: suppressCount(totals.none),
  persons: suppressCount(totals.persons),
  organisations: suppressCount(totals.organisations),
  organisationShare: shareOf(totals.organisations, totals.persons + totals.organisations),
});

/** Submissions by trust level and kind of applicant, per procedure over the period and per procedure and month. */
async function submitters(ctx: AppContext, tenantId: string, firstMonth: string, titleOf: (key: string) => string): Promise<Pick<UseFigures, 'submitters' | 'submittersByMonth'>> {
  const rows = await ctx.db.selectFrom('steering_submitters').selectAll().where('tenant_id', '=', tenantId).where('month', '>=', firstMonth).execute();
  const empty = (): SubmitterTotals => ({ basis: 0, substanziell: 0, hoch: 0, none: 0, persons: 0, organisations: 0 });
  const byProcedure = new Map<string, SubmitterTotals>();
  const byMonth = new Map<string, SubmitterTotals>();
  for (const row of rows) {
    const monthKey = JSON.stringify([row.procedure_key, row.month]);
    const n = Number(row.submitted);
    for (const totals of [
      byProcedure.get(row.procedure_key) ?? byProcedure.set(row.procedure_key, empty()).get(row.procedure_key)!,
      byMonth.get(monthKey) ?? byMonth.set(monthKey, empty()).get(monthKey)!,
    ]) {
      const level = row.trust_level === 'basis' || row.trust_level === 'substanziell' || row.trust_level === 'hoch' ? row.trust_level : 'none';
      totals[level] += n;
      totals[row.applicant_kind === 'organisation' ? 'organisations' : 'persons'] += n;
    }
  }
  const byTitle = (a: SubmitterRow, b: SubmitterRow) => a.procedureTitle.localeCompare(b.procedureTitle, 'de') || (a.month ?? '').localeCompare(b.month ?? '');
  return {
    submitters: [...byProcedure].map(([key, totals]) => submitterRow(key, titleOf(key), null, totals)).sort(byTitle),
    submittersByMonth: [...byMonth]
      .map(([monthKey, totals]) => {
        const [key, month] = JSON.parse(monthKey) as [string, string];
        return submitterRow(key, titleOf(key), month, totals);
      })
      .sort(byTitle),
  };
}
