import type { FieldError as DomainFieldError } from '../../core/errors.js';
import { Layout } from '../../web/layout.js';
import { ErrorSummary, PostForm, Select, SubmitButton, TextField } from '../../web/components/form.js';
import { Cell, Table } from '../../web/components/table.js';
import type { View } from '../../web/view.js';
import { BarChart } from './chart.js';
import { comparisonFigureKeys, type ComparisonChoice, type ComparisonFigures } from './comparison.js';
import { ChoroplethMap, classesOf } from './map.js';
import { maturityLevels, targetLevel, type MaturityFigures, type MaturityGroup, type ServiceMaturity } from './maturity.js';
import type { SpeedFigures } from './speed.js';
import type { UseFigures } from './use.js';
import {
  abandonedColumns,
  comparisonColumns,
  maturityColumns,
  maturityGroupColumns,
  pageFormat,
  speedColumns,
  submitterColumns,
  trendColumns,
  useColumns,
  useMonthColumns,
  type Column,
  type Format,
} from './tables.js';

export const steeringPath = '/steuerung';

/** The rows of a table with the columns the CSV export writes too. */
function DataTable<R>({
  caption,
  columns,
  rows,
  format,
  extra,
}: {
  caption: string;
  columns: readonly Column<R>[];
  rows: readonly R[];
  format: Format;
  extra?: { header: string; cell: (row: R) => preact.ComponentChildren };
}) {
  return (
    <Table caption={caption} columns={[...columns.map((column) => format.t(column.header)), ...(extra ? [extra.header] : [])]}>
      {rows.map((row, index) => (
        <tr class="kern-table__row" key={index}>
          {columns.map((column) => (
            <Cell key={column.header}>{column.value(row, format)}</Cell>
          ))}
          {extra && <Cell>{extra.cell(row)}</Cell>}
        </tr>
      ))}
    </Table>
  );
}

/** A section of one table: its heading, its exports, and the table or the sentence that says it is empty. */
function ExportedTable<R>({
  view,
  name,
  title,
  intro,
  none,
  columns,
  rows,
  format,
}: {
  view: View;
  name: string;
  title: string;
  /** A sentence under the heading that says what the table counts. */
  intro?: string;
  none: string;
  columns: readonly Column<R>[];
  rows: readonly R[];
  format: Format;
}) {
  return (
    <>
      <h2 class="kern-heading-medium">{title}</h2>
      {intro && <p class="kern-body">{intro}</p>}
      <Exports view={view} name={name} />
      {rows.length === 0 ? <p class="kern-body">{none}</p> : <DataTable caption={title} columns={columns} rows={rows} format={format} />}
    </>
  );
}

/** Links to a view's CSV and JSON under /api/v1/steering/. */
function Exports({ view, name }: { view: View; name: string }) {
  return (
    <p class="kern-body">
      <a class="kern-link" href={`/api/v1/steering/${name}.csv`} download>
        {view.t('steering.export.csv')}
      </a>
      {' · '}
      <a class="kern-link" href={`/api/v1/steering/${name}`}>
        {view.t('steering.export.json')}
      </a>
    </p>
  );
}

function TargetLine({ view, total }: { view: View; total: MaturityGroup }) {
  const format = pageFormat(view.lang, view.t);
  return (
    <p class="kern-body">
      {view.t('steering.maturity.target', {
        atTarget: format.integer(total.atTarget),
        services: format.integer(total.services),
        share: format.share(total.targetShare),
        missing: format.integer(total.missing),
        level: targetLevel,
      })}
    </p>
  );
}

export function OverviewPage({ view, maturity }: { view: View; maturity: MaturityFigures }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('steering.title')}>
      <h1 class="kern-heading-large">{t('steering.title')}</h1>
      <p class="kern-body">{t('steering.intro')}</p>
      <h2 class="kern-heading-medium">{t('steering.maturity.title')}</h2>
      <TargetLine view={view} total={maturity.total} />
      <ul class="kern-list">
        <li>
          <a class="kern-link" href={`${steeringPath}/reifegrad`}>
            {t('steering.maturity.title')}
          </a>
        </li>
        <li>
          <a class="kern-link" href={`${steeringPath}/tempo`}>
            {t('steering.speed.title')}
          </a>
        </li>
        <li>
          <a class="kern-link" href={`${steeringPath}/nutzung`}>
            {t('steering.use.title')}
          </a>
        </li>
        <li>
          <a class="kern-link" href={`${steeringPath}/vergleich`}>
            {t('steering.compare.title')}
          </a>
        </li>
      </ul>
      <p class="kern-body">{t('steering.suppression')}</p>
    </Layout>
  );
}

export function MaturityPage({ view, figures }: { view: View; figures: MaturityFigures }) {
  const t = view.t;
  const format = pageFormat(view.lang, view.t);
  const groups = [
    { id: 'lebenslagen', title: t('steering.maturity.byLebenslage'), rows: figures.byLebenslage },
    { id: 'themenfelder', title: t('steering.maturity.byThemenfeld'), rows: figures.byThemenfeld },
  ];
  return (
    <Layout view={view} title={t('steering.maturity.title')}>
      <h1 class="kern-heading-large">{t('steering.maturity.title')}</h1>
      <p class="kern-body">{t('steering.maturity.intro')}</p>
      <TargetLine view={view} total={figures.total} />
      <BarChart
        id="reifegrade"
        title={t('steering.maturity.chart')}
        bars={maturityLevels.map((level) => ({
          label: t(`steering.col.level${level}`),
          value: figures.total.byLevel[level]!,
          text: format.integer(figures.total.byLevel[level]!),
        }))}
      >
        <DataTable caption={t('steering.maturity.chart')} columns={maturityGroupColumns} rows={[{ ...figures.total, label: t('steering.maturity.all') }]} format={format} />
      </BarChart>
      {groups.map((group) => (
        <section key={group.id} aria-labelledby={`${group.id}-title`}>
          <h2 class="kern-heading-medium" id={`${group.id}-title`}>
            {group.title}
          </h2>
          <DataTable caption={group.title} columns={maturityGroupColumns} rows={group.rows} format={format} />
        </section>
      ))}
      <p class="kern-body">
        <a class="kern-link" href={`${steeringPath}/behoerden`}>
          {t('steering.maturity.byAuthority')}
        </a>
      </p>
      <h2 class="kern-heading-medium">{t('steering.maturity.services')}</h2>
      <Exports view={view} name="maturity" />
      <DataTable
        caption={t('steering.maturity.services')}
        columns={maturityColumns}
        rows={figures.services}
        format={format}
        extra={{
          header: t('steering.maturity.change'),
          cell: (service: ServiceMaturity) => (
            <a class="kern-link" href={`${steeringPath}/reifegrad/${encodeURIComponent(service.serviceKey)}`}>
              {t('steering.maturity.change')}
              <span class="kern-sr-only">: {service.name}</span>
            </a>
          ),
        }}
      />
    </Layout>
  );
}

/** The maturity per responsible authority: its own page, as a Land has hundreds of authorities (every Gemeinde). */
export function MaturityByAuthorityPage({ view, figures }: { view: View; figures: MaturityFigures }) {
  const t = view.t;
  return (
    <Layout view={view} title={t('steering.maturity.byAuthority')}>
      <h1 class="kern-heading-large">{t('steering.maturity.byAuthority')}</h1>
      <TargetLine view={view} total={figures.total} />
      <Exports view={view} name="maturity-authorities" />
      <DataTable caption={t('steering.maturity.byAuthority')} columns={maturityGroupColumns} rows={figures.byAuthority} format={pageFormat(view.lang, view.t)} />
      <p class="kern-body">
        <a class="kern-link" href={`${steeringPath}/reifegrad`}>
          {t('steering.back')}
        </a>
      </p>
    </Layout>
  );
}

export interface OverrideForm {
  level: string;
  reason: string;
  errors: DomainFieldError[];
}

export function MaturityOverridePage({ view, service, form }: { view: View; service: ServiceMaturity; form?: OverrideForm }) {
  const t = view.t;
  const errorOf = (pointer: string) => {
    const error = form?.errors.find((e) => e.pointer === pointer);
    return error ? t(error.code, error.params) : undefined;
  };
  const problems = (form?.errors ?? []).map((e) => ({ fieldId: e.pointer.slice(1), message: t(e.code, e.params) }));
  const title = t('steering.maturity.overrideTitle', { service: service.name });
  const selected = form ? form.level : service.override ? String(service.override.level) : '';
  return (
    <Layout view={view} title={title}>
      <ErrorSummary view={view} problems={problems} />
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">{t('steering.maturity.derivedIs', { level: service.derived })}</p>
      {service.override && <p class="kern-body">{t('steering.maturity.overrideIs', { level: service.override.level, reason: service.override.reason })}</p>}
      <PostForm view={view} action={`${steeringPath}/reifegrad/${encodeURIComponent(service.serviceKey)}`}>
        <Select
          view={view}
          id="level"
          label={t('steering.col.level')}
          options={[{ value: '', label: t('steering.maturity.useDerived') }, ...maturityLevels.map((level) => ({ value: String(level), label: t(`steering.col.level${level}`) }))]}
          selected={selected}
          error={errorOf('/level')}
        />
        <TextField
          view={view}
          id="reason"
          label={t('steering.col.reason')}
          hint={t('steering.maturity.reasonHint')}
          value={form?.reason ?? ''}
          error={errorOf('/reason')}
          multiline
          maxLength={1000}
        />
        <SubmitButton>{t('steering.maturity.save')}</SubmitButton>
      </PostForm>
      <p class="kern-body">
        <a class="kern-link" href={`${steeringPath}/reifegrad`}>
          {t('steering.back')}
        </a>
      </p>
    </Layout>
  );
}

export function SpeedPage({ view, figures }: { view: View; figures: SpeedFigures }) {
  const t = view.t;
  const format = pageFormat(view.lang, view.t);
  const period = { from: format.month(figures.fromMonth), to: format.month(figures.toMonth) };
  return (
    <Layout view={view} title={t('steering.speed.title')}>
      <h1 class="kern-heading-large">{t('steering.speed.title')}</h1>
      <p class="kern-body">{t('steering.speed.intro', period)}</p>
      <p class="kern-body">{t('steering.suppression')}</p>
      <h2 class="kern-heading-medium">{t('steering.speed.trend')}</h2>
      <BarChart
        id="trend"
        title={t('steering.speed.trendChart')}
        bars={figures.months.map((month) => ({ label: format.month(month.month), value: month.medianDays, text: format.number(month.medianDays) }))}
      >
        <Exports view={view} name="trend" />
        <DataTable caption={t('steering.speed.trend')} columns={trendColumns} rows={figures.months} format={format} />
      </BarChart>
      <ExportedTable view={view} name="speed" title={t('steering.speed.byProcedure')} none={t('steering.speed.none')} columns={speedColumns} rows={figures.rows} format={format} />
    </Layout>
  );
}

export function UsePage({ view, figures }: { view: View; figures: UseFigures }) {
  const t = view.t;
  const format = pageFormat(view.lang, view.t);
  return (
    <Layout view={view} title={t('steering.use.title')}>
      <h1 class="kern-heading-large">{t('steering.use.title')}</h1>
      <p class="kern-body">{t('steering.use.intro', { from: format.month(figures.fromMonth), to: format.month(figures.toMonth) })}</p>
      <p class="kern-body">{t('steering.suppression')}</p>
      <h2 class="kern-heading-medium">{t('steering.use.byMonth')}</h2>
      <BarChart
        id="nutzung"
        title={t('steering.use.chart')}
        bars={figures.months.map((month) => ({
          label: format.month(month.month),
          value: typeof month.submitted === 'number' ? month.submitted : null,
          text: format.count(month.submitted),
        }))}
      >
        <Exports view={view} name="use-months" />
        <DataTable caption={t('steering.use.byMonth')} columns={useMonthColumns} rows={figures.months} format={format} />
      </BarChart>
      <ExportedTable view={view} name="use" title={t('steering.use.byProcedure')} none={t('steering.use.none')} columns={useColumns} rows={figures.procedures} format={format} />
      <ExportedTable
        view={view}
        name="use-abandoned"
        title={t('steering.use.abandoned')}
        intro={t('steering.use.abandonedIntro', { days: figures.abandonedAfterDays })}
        none={t('steering.use.abandonedNone')}
        columns={abandonedColumns}
        rows={figures.abandoned}
        format={format}
      />
      <ExportedTable
        view={view}
        name="use-submitters"
        title={t('steering.use.submitters')}
        intro={t('steering.use.submittersIntro')}
        none={t('steering.use.submittersNone')}
        columns={submitterColumns}
        rows={figures.submitters}
        format={format}
      />
    </Layout>
  );
}

/** The query of a comparison as a link's query string (for the exports of the same choice). */
function comparisonQuery(figures: ComparisonFigures): string {
  const query = new URLSearchParams();
  if (figures.procedureKey) query.set('procedure', figures.procedureKey);
  if (figures.kind) query.set('kind', figures.kind);
  query.set('figure', figures.figure);
  return `?${query}`;
}

export function ComparisonPage({ view, figures, choice, errors = [] }: { view: View; figures: ComparisonFigures; choice?: ComparisonChoice; errors?: DomainFieldError[] }) {
  const t = view.t;
  const format = pageFormat(view.lang, view.t);
  const errorOf = (pointer: string) => {
    const error = errors.find((e) => e.pointer === pointer);
    return error ? t(error.code, error.params) : undefined;
  };
  const problems = errors.map((e) => ({ fieldId: e.pointer.slice(1), message: t(e.code, e.params) }));
  const title = t('steering.compare.title');
  const figureLabel = t(`steering.compare.figure.${figures.figure}`);
  const valueText = (value: number) => (figures.figure === 'overdue' ? format.share(value) : format.number(value));
  const legend = classesOf(figures.areas.map((area) => area.value)).map((c) => ({
    label: c.from === c.to ? valueText(c.from) : t('steering.compare.range', { from: valueText(c.from), to: valueText(c.to) }),
    colour: c.colour,
  }));
  const query = comparisonQuery(figures);
  return (
    <Layout view={view} title={title}>
      <ErrorSummary view={view} problems={problems} />
      <h1 class="kern-heading-large">{title}</h1>
      <p class="kern-body">{t('steering.compare.intro', { from: format.month(figures.fromMonth), to: format.month(figures.toMonth) })}</p>
      <p class="kern-body">{t('steering.suppression')}</p>
      <form method="get" action={`${steeringPath}/vergleich`} class="kern-stack" noValidate>
        <Select
          view={view}
          id="procedure"
          label={t('steering.col.procedure')}
          options={figures.procedures.map((p) => ({ value: p.key, label: p.title }))}
          selected={choice?.procedure ?? figures.procedureKey ?? ''}
          error={errorOf('/procedure')}
        />
        <Select
          view={view}
          id="kind"
          label={t('steering.compare.kind')}
          options={figures.kinds.map((k) => ({ value: k.key, label: k.label }))}
          selected={choice?.kind ?? figures.kind ?? ''}
          error={errorOf('/kind')}
        />
        <Select
          view={view}
          id="figure"
          label={t('steering.compare.figure')}
          options={comparisonFigureKeys.map((key) => ({ value: key, label: t(`steering.compare.figure.${key}`) }))}
          selected={choice?.figure ?? figures.figure}
          error={errorOf('/figure')}
        />
        <SubmitButton>{t('steering.compare.show')}</SubmitButton>
      </form>
      <h2 class="kern-heading-medium">{t('steering.compare.mapTitle', { figure: figureLabel })}</h2>
      {figures.areas.length > 0 && (
        <ChoroplethMap id="karte" title={t('steering.compare.mapCaption', { figure: figureLabel })} areas={figures.areas} legend={legend} noValue={t('steering.compare.noValue')}>
          <p class="kern-body">{t('steering.compare.mapNote')}</p>
        </ChoroplethMap>
      )}
      <p class="kern-body">
        <a class="kern-link" href={`/api/v1/steering/comparison.csv${query}`} download>
          {t('steering.export.csv')}
        </a>
        {' · '}
        <a class="kern-link" href={`/api/v1/steering/comparison${query}`}>
          {t('steering.export.json')}
        </a>
      </p>
      {figures.rows.length === 0 ? (
        <p class="kern-body">{t('steering.compare.none')}</p>
      ) : (
        <DataTable caption={t('steering.compare.tableCaption')} columns={comparisonColumns} rows={figures.rows} format={format} />
      )}
    </Layout>
  );
}
