import { addMonths, dateOf, type LocalDate } from '../../core/calendar/index.js';
import type { AppContext } from '../../core/context.js';
import type { Language } from '../../core/i18n/index.js';
import { authorize, type Actor } from '../access/index.js';
import { listCurrentProcedures } from '../procedures/index.js';
import { periodMonths } from './speed.js';
import { ifEnough, suppressCount, type Count } from './suppression.js';

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

export interface UseFigures {
  fromMonth: string;
  toMonth: string;
  procedures: UseRow[];
  months: UseMonth[];
}

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
  const titles = new Map((await listCurrentProcedures(ctx)).map((version) => [version.procedure.key, version.procedure.title[lang]]));
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
  };
}
