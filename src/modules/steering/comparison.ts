import { addMonths, dateOf, type LocalDate } from '../../core/calendar/index.js';
import type { AppContext } from '../../core/context.js';
import { ValidationError, type FieldError } from '../../core/errors.js';
import type { Language } from '../../core/i18n/index.js';
import { authorize, type Actor } from '../access/index.js';
import { kreisFigures, listAllAuthorities, listAuthorityKinds, type KreisFigure } from '../catalog/index.js';
import { listCurrentProcedures } from '../procedures/index.js';
import { periodMonths } from './speed.js';
import { ifEnough, quantileOfHistogram, suppressCount, suppressedMark, type Count } from './suppression.js';

/**
 * Leistungsvergleich: the authorities of one kind that do the same job for one procedure, side by
 * side over the last twelve months — cases per 10,000 inhabitants of the authority's region, median
 * time to decision, open backlog, share of decisions after the deadline — and the Kreise coloured
 * by one of these figures. Read from the counters and the catalogue's Kreise (outlines, population).
 */

export const comparisonFigureKeys = ['perInhabitants', 'median', 'open', 'overdue'] as const;
export type ComparisonFigureKey = (typeof comparisonFigureKeys)[number];

export interface ComparisonRow {
  authorityId: string;
  authorityName: string;
  /** The AGS of the authority's region, and its population when known. */
  regionAgs: string;
  population: number | null;
  cases: Count;
  /** Cases opened per 10,000 inhabitants (not for a suppressed count: it would give it away). */
  perInhabitants: number | null;
  decided: Count;
  medianDays: number | null;
  open: Count;
  /** Share (0–1) of the decisions with a deadline that missed it. */
  overdue: number | null;
}

export interface ComparisonArea {
  ags: string;
  name: string;
  rings: [number, number][][];
  /** The chosen figure of the authority whose region this is; null if none or not shown. */
  value: number | null;
}

export interface ComparisonFigures {
  fromMonth: string;
  toMonth: string;
  procedures: { key: string; title: string }[];
  kinds: { key: string; label: string }[];
  procedureKey: string | null;
  kind: string | null;
  figure: ComparisonFigureKey;
  rows: ComparisonRow[];
  /** The Kreise of the tenant's Land (none without outlines). */
  areas: ComparisonArea[];
}

export interface ComparisonChoice {
  procedure?: string | undefined;
  kind?: string | undefined;
  figure?: string | undefined;
}

const oneDecimal = (value: number) => Math.round(value * 10) / 10;

/** The value the map colours by. */
export function figureOf(row: ComparisonRow, figure: ComparisonFigureKey): number | null {
  if (figure === 'perInhabitants') return row.perInhabitants;
  if (figure === 'median') return row.medianDays;
  if (figure === 'overdue') return row.overdue;
  return typeof row.open === 'number' ? row.open : null;
}

export async function comparisonFigures(ctx: AppContext, actor: Actor, tenantId: string, lang: Language, choice: ComparisonChoice = {}): Promise<ComparisonFigures> {
  authorize(actor, 'steering.read', { tenantId });
  const today = dateOf(ctx.clock.now());
  const firstDay = addMonths(`${today.slice(0, 7)}-01` as LocalDate, -(periodMonths - 1));
  const fromMonth = firstDay.slice(0, 7);
  const toMonth = today.slice(0, 7);

  const procedures = (await listCurrentProcedures(ctx))
    .map((version) => ({ key: version.procedure.key, title: version.procedure.title[lang] }))
    .sort((a, b) => a.title.localeCompare(b.title, 'de'));
  const authorities = await listAllAuthorities(ctx, tenantId);
  const kindsWithSeveral = new Set(authorities.map((a) => a.kind).filter((kind, _i, all) => all.filter((k) => k === kind).length > 1));
  const kinds = (await listAuthorityKinds(ctx, tenantId)).filter((kind) => kindsWithSeveral.has(kind.key)).map((kind) => ({ key: kind.key, label: kind.label[lang] }));

  const errors: FieldError[] = [];
  if (choice.procedure && !procedures.some((p) => p.key === choice.procedure)) errors.push({ pointer: '/procedure', code: 'steering.compare.unknownProcedure' });
  if (choice.kind && !kinds.some((k) => k.key === choice.kind)) errors.push({ pointer: '/kind', code: 'steering.compare.unknownKind' });
  if (choice.figure && !(comparisonFigureKeys as readonly string[]).includes(choice.figure)) errors.push({ pointer: '/figure', code: 'steering.compare.unknownFigure' });
  if (errors.length) throw new ValidationError(errors);

  const monthly = await ctx.db.selectFrom('steering_cases_monthly').selectAll().where('tenant_id', '=', tenantId).where('month', '>=', fromMonth).execute();
  // Without a choice: the procedure with the most cases, and the kind of authority most of them went to.
  const kindOf = new Map(authorities.map((a) => [a.id, a.kind as string]));
  const mostOf = (counts: Map<string, number>) => [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  const tally = (pick: (row: (typeof monthly)[number]) => string | undefined, rows = monthly) => {
    const counts = new Map<string, number>();
    for (const row of rows) {
      const key = pick(row);
      if (key) counts.set(key, (counts.get(key) ?? 0) + Number(row.opened));
    }
    return counts;
  };
  const procedureKey = choice.procedure ?? mostOf(tally((row) => row.procedure_key)) ?? procedures[0]?.key ?? null;
  const forProcedure = monthly.filter((row) => row.procedure_key === procedureKey);
  const kind =
    choice.kind ??
    mostOf(
      tally((row) => {
        const k = kindOf.get(row.authority_id);
        return k && kinds.some((option) => option.key === k) ? k : undefined;
      }, forProcedure),
    ) ??
    kinds[0]?.key ??
    null;
  const figure = (choice.figure as ComparisonFigureKey | undefined) ?? 'perInhabitants';

  const kreise = await kreisFigures(ctx, tenantId);
  const population = new Map(kreise.map((k) => [k.ags, k.population]));
  const members = authorities.filter((a) => a.kind === kind).sort((a, b) => a.name.localeCompare(b.name, 'de'));
  const ids = new Set(members.map((a) => a.id));
  const [durations, backlog] = procedureKey
    ? await Promise.all([
        ctx.db.selectFrom('steering_durations').selectAll().where('tenant_id', '=', tenantId).where('procedure_key', '=', procedureKey).where('month', '>=', fromMonth).execute(),
        ctx.db.selectFrom('steering_backlog').selectAll().where('tenant_id', '=', tenantId).where('procedure_key', '=', procedureKey).where('cases', '>', 0).execute(),
      ])
    : [[], []];
  const totals = new Map(members.map((a) => [a.id, { opened: 0, decided: 0, kept: 0, missed: 0, open: 0, durations: new Map<number, number>() }]));
  for (const row of forProcedure) {
    const t = totals.get(row.authority_id);
    if (!t) continue;
    t.opened += Number(row.opened);
    t.decided += Number(row.decided);
    t.kept += Number(row.deadline_kept);
    t.missed += Number(row.deadline_missed);
  }
  for (const row of durations) {
    const t = totals.get(row.authority_id);
    if (t) t.durations.set(Number(row.working_days), (t.durations.get(Number(row.working_days)) ?? 0) + Number(row.cases));
  }
  for (const row of backlog) {
    const t = totals.get(row.authority_id);
    if (t && ids.has(row.authority_id)) t.open += Number(row.cases);
  }
  const rows = members.map((authority): ComparisonRow => {
    const t = totals.get(authority.id)!;
    const inhabitants = population.get(authority.regionAgs) ?? null;
    const cases = suppressCount(t.opened);
    return {
      authorityId: authority.id,
      authorityName: authority.name,
      regionAgs: authority.regionAgs,
      population: inhabitants,
      cases,
      perInhabitants: inhabitants && cases !== suppressedMark ? oneDecimal((t.opened / inhabitants) * 10_000) : null,
      decided: suppressCount(t.decided),
      medianDays: ifEnough(t.decided, () => quantileOfHistogram(t.durations, 0.5)),
      open: suppressCount(t.open),
      overdue: suppressCount(t.missed) === suppressedMark ? null : ifEnough(t.kept + t.missed, () => t.missed / (t.kept + t.missed)),
    };
  });
  const byRegion = new Map(rows.map((row) => [row.regionAgs, row]));
  const areas = kreise.map((kreis: KreisFigure): ComparisonArea => {
    const row = byRegion.get(kreis.ags);
    return { ags: kreis.ags, name: kreis.name, rings: kreis.rings, value: row ? figureOf(row, figure) : null };
  });
  return { fromMonth, toMonth, procedures, kinds, procedureKey, kind, figure, rows, areas };
}
