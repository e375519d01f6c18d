import { formatMonth } from '../../core/calendar/index.js';
import { writeCsv } from '../../core/csv.js';
import { formatNumber, translator, type Language, type Translate } from '../../core/i18n/index.js';
import type { MaturityFigures, MaturityGroup, ServiceMaturity } from './maturity.js';
import type { SpeedMonth, SpeedRow } from './speed.js';
import type { ComparisonRow } from './comparison.js';
import type { AbandonedRow, SubmitterRow, UseMonth, UseRow } from './use.js';
import { suppressedMark, type Count } from './suppression.js';

/**
 * The columns of every steering table, once: the pages show them and the CSV exports write them
 * (in German, for German Excel: semicolons, decimal comma, byte-order mark). A figure that is not
 * shown (too few cases, nothing to measure) is a dash on the page and empty in the CSV.
 */
export interface Column<R> {
  /** Message key of the header. */
  header: string;
  value: (row: R, format: Format) => string;
}

export interface Format {
  lang: Language;
  t: Translate;
  /** A count of applications or cases: suppressed below 5. */
  count: (value: Count) => string;
  /** A number that singles nobody out (a level, a count of services). */
  integer: (value: number) => string;
  number: (value: number | null) => string;
  share: (value: number | null) => string;
  month: (month: string) => string;
}

function formatFor(lang: Language, t: Translate, missing: string): Format {
  return {
    lang,
    t,
    count: (value) => (value === suppressedMark ? suppressedMark : formatNumber(lang, value)),
    integer: (value) => formatNumber(lang, value),
    number: (value) => (value === null ? missing : formatNumber(lang, value, 'oneDecimal')),
    share: (value) => (value === null ? missing : `${formatNumber(lang, value * 100, 'oneDecimal')} %`),
    month: (month) => formatMonth(month, lang),
  };
}

export const pageFormat = (lang: Language, t: Translate) => formatFor(lang, t, '–');

export const speedColumns: Column<SpeedRow>[] = [
  { header: 'steering.col.procedure', value: (r) => r.procedureTitle },
  { header: 'steering.col.authority', value: (r) => r.authorityName },
  { header: 'steering.col.decided', value: (r, f) => f.count(r.decided) },
  { header: 'steering.col.median', value: (r, f) => f.number(r.medianDays) },
  { header: 'steering.col.p90', value: (r, f) => f.number(r.p90Days) },
  { header: 'steering.col.average', value: (r, f) => f.number(r.averageDays) },
  { header: 'steering.col.waiting', value: (r, f) => f.number(r.averageWaitingDays) },
  { header: 'steering.col.deadlineKept', value: (r, f) => f.share(r.deadlineKept) },
  { header: 'steering.col.open', value: (r, f) => f.count(r.open) },
  { header: 'steering.col.openOver30', value: (r, f) => f.count(r.openOver30Days) },
  { header: 'steering.col.oldest', value: (r, f) => f.number(r.oldestOpenDays) },
];

export const trendColumns: Column<SpeedMonth>[] = [
  { header: 'steering.col.month', value: (r, f) => f.month(r.month) },
  { header: 'steering.col.opened', value: (r, f) => f.count(r.opened) },
  { header: 'steering.col.decided', value: (r, f) => f.count(r.decided) },
  { header: 'steering.col.median', value: (r, f) => f.number(r.medianDays) },
  { header: 'steering.col.p90', value: (r, f) => f.number(r.p90Days) },
  { header: 'steering.col.deadlineKept', value: (r, f) => f.share(r.deadlineKept) },
];

export const maturityColumns: Column<ServiceMaturity>[] = [
  { header: 'steering.col.service', value: (r) => r.name },
  { header: 'steering.col.themenfeld', value: (r) => r.themenfeld ?? '' },
  { header: 'steering.col.derived', value: (r, f) => f.integer(r.derived) },
  { header: 'steering.col.level', value: (r, f) => f.integer(r.level) },
  { header: 'steering.col.reason', value: (r) => r.override?.reason ?? '' },
];

export const maturityGroupColumns: Column<MaturityGroup>[] = [
  { header: 'steering.col.group', value: (r) => r.label },
  { header: 'steering.col.services', value: (r, f) => f.integer(r.services) },
  ...[0, 1, 2, 3, 4].map((level): Column<MaturityGroup> => ({ header: `steering.col.level${level}`, value: (r, f) => f.integer(r.byLevel[level]!) })),
  { header: 'steering.col.targetShare', value: (r, f) => f.share(r.targetShare) },
  { header: 'steering.col.missing', value: (r, f) => f.integer(r.missing) },
];

export const useColumns: Column<UseRow>[] = [
  { header: 'steering.col.procedure', value: (r) => r.procedureTitle },
  { header: 'steering.col.started', value: (r, f) => f.count(r.started) },
  { header: 'steering.col.submitted', value: (r, f) => f.count(r.submitted) },
  { header: 'steering.col.completion', value: (r, f) => f.share(r.completion) },
];

export const useMonthColumns: Column<UseMonth>[] = [
  { header: 'steering.col.month', value: (r, f) => f.month(r.month) },
  { header: 'steering.col.started', value: (r, f) => f.count(r.started) },
  { header: 'steering.col.submitted', value: (r, f) => f.count(r.submitted) },
  { header: 'steering.col.completion', value: (r, f) => f.share(r.completion) },
];

export const abandonedColumns: Column<AbandonedRow>[] = [
  { header: 'steering.col.procedure', value: (r) => r.procedureTitle },
  { header: 'steering.col.page', value: (r) => r.pageTitle },
  { header: 'steering.col.abandoned', value: (r, f) => f.count(r.abandoned) },
  { header: 'steering.col.abandonedShare', value: (r, f) => f.share(r.share) },
];

const submitterFigures: Column<SubmitterRow>[] = [
  { header: 'steering.col.trust.basis', value: (r, f) => f.count(r.basis) },
  { header: 'steering.col.trust.substanziell', value: (r, f) => f.count(r.substanziell) },
  { header: 'steering.col.trust.hoch', value: (r, f) => f.count(r.hoch) },
  { header: 'steering.col.trust.none', value: (r, f) => f.count(r.none) },
  { header: 'steering.col.persons', value: (r, f) => f.count(r.persons) },
  { header: 'steering.col.organisations', value: (r, f) => f.count(r.organisations) },
  { header: 'steering.col.organisationShare', value: (r, f) => f.share(r.organisationShare) },
];

export const submitterColumns: Column<SubmitterRow>[] = [{ header: 'steering.col.procedure', value: (r) => r.procedureTitle }, ...submitterFigures];

export const submitterMonthColumns: Column<SubmitterRow>[] = [
  { header: 'steering.col.procedure', value: (r) => r.procedureTitle },
  { header: 'steering.col.month', value: (r, f) => (r.month ? f.month(r.month) : '') },
  ...submitterFigures,
];

export const comparisonColumns: Column<ComparisonRow>[] = [
  { header: 'steering.col.authority', value: (r) => r.authorityName },
  { header: 'steering.col.inhabitants', value: (r, f) => (r.population === null ? '' : f.integer(r.population)) },
  { header: 'steering.col.cases', value: (r, f) => f.count(r.cases) },
  { header: 'steering.col.perInhabitants', value: (r, f) => f.number(r.perInhabitants) },
  { header: 'steering.col.decided', value: (r, f) => f.count(r.decided) },
  { header: 'steering.col.median', value: (r, f) => f.number(r.medianDays) },
  { header: 'steering.col.open', value: (r, f) => f.count(r.open) },
  { header: 'steering.col.overdue', value: (r, f) => f.share(r.overdue) },
];

/** A table as CSV for German Excel. */
export function tableCsv<R>(columns: readonly Column<R>[], rows: readonly R[]): string {
  const t = translator('de');
  const format = formatFor('de', t, '');
  return writeCsv([columns.map((column) => t(column.header)), ...rows.map((row) => columns.map((column) => column.value(row, format)))], ';');
}

/** The maturity export: one row per service. */
export const maturityCsv = (figures: MaturityFigures) => tableCsv(maturityColumns, figures.services);
