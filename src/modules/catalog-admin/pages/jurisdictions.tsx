import { formatDateTime } from '../../../core/i18n/index.js';
import { Alert, ErrorSummary, PostForm, RowAction, Select, SubmitButton, TextField } from '../../../web/components/form.js';
import type { View } from '../../../web/view.js';
import { textOf, type Authority, type Jurisdiction, type JurisdictionVersion, type Region, type Service } from '../../catalog/index.js';
import type { FormErrors } from '../errors.js';
import { Cell, Table } from '../../../web/components/table.js';
import { AdminPage } from './common.js';

export interface JurisdictionValues {
  region: string;
  conditionKey: string;
  authorityId: string;
}

export interface JurisdictionsPageProps {
  view: View;
  service: Service;
  rows: Jurisdiction[];
  /** The list filter as typed (region name or AGS); empty shows the first `maxRowsShown` rows. */
  filter: string;
  regions: Map<string, Region>;
  authorities: Authority[];
  conditions: Map<string, Jurisdiction['conditionTexts']>;
  history: JurisdictionVersion[];
  values: JurisdictionValues;
  errors: FormErrors;
  notice?: 'saved' | 'cleared' | 'unchanged';
}

/** Gemeinde-level services have a row per Gemeinde (several hundred in a Land): the list shows a page's worth. */
export const maxRowsShown = 50;

/** "none" in forms stands for the unconditional slot (an empty value would look like a missing choice). */
export const noCondition = 'immer';

export const jurisdictionsPath = (service: Service) => `/verwaltung/leistungen/${service.id}/zustaendigkeiten`;

/** Who is responsible for a service where: the rows, a form to set one, and the changes so far. */
export function JurisdictionsPage(props: JurisdictionsPageProps) {
  const { view, service, rows, filter, regions, authorities, conditions, history, values, errors, notice } = props;
  const { t } = view;
  const heading = t('catalogAdmin.jurisdictions.title', { name: textOf(service, view.lang).name });
  const byId = new Map(authorities.map((a) => [a.id, a]));
  const regionLabel = (ags: string) => {
    const region = regions.get(ags);
    return region ? `${region.name} (${region.designation}, ${ags})` : ags;
  };
  const conditionLabel = (key: string | null) => (key === null ? t('catalogAdmin.jurisdictions.always') : (conditions.get(key)?.[view.lang] ?? key));
  const authorityName = (id: string | null) => (id === null ? t('catalogAdmin.jurisdictions.nobody') : (byId.get(id)?.name ?? id));
  const wanted = filter.trim().toLowerCase();
  const matching = wanted ? rows.filter((row) => row.regionAgs.startsWith(wanted) || regionLabel(row.regionAgs).toLowerCase().includes(wanted)) : rows;
  const shown = matching.slice(0, maxRowsShown);
  const invalid = errors.problems.length > 0;
  return (
    <AdminPage view={view} title={invalid ? `${t('form.errorPrefix')} ${heading}` : heading} heading={heading}>
      <ErrorSummary view={view} problems={errors.problems} />
      {notice && (
        <Alert kind={notice === 'unchanged' ? 'info' : 'success'} title={t(`catalogAdmin.jurisdictions.${notice}`)}>
          <p class="kern-body">{t('catalogAdmin.jurisdictions.effect')}</p>
        </Alert>
      )}
      <p class="kern-body">{t('catalogAdmin.jurisdictions.intro', { level: t(`catalogAdmin.level.${service.level}`) })}</p>

      <section aria-labelledby="set-title" class="kern-stack">
        <h2 class="kern-heading-medium" id="set-title">
          {t('catalogAdmin.jurisdictions.set')}
        </h2>
        <PostForm view={view} action={jurisdictionsPath(service)} class="kern-stack">
          <TextField
            view={view}
            id="region"
            label={t('catalogAdmin.jurisdictions.region')}
            hint={t('catalogAdmin.jurisdictions.regionHint')}
            value={values.region}
            error={errors.byField.region}
            maxLength={100}
          />
          <Select
            view={view}
            id="conditionKey"
            label={t('catalogAdmin.jurisdictions.condition')}
            options={[{ value: noCondition, label: t('catalogAdmin.jurisdictions.always') }, ...[...conditions.keys()].map((key) => ({ value: key, label: conditionLabel(key) }))]}
            selected={values.conditionKey}
            error={errors.byField.conditionKey}
          />
          <Select
            view={view}
            id="authorityId"
            label={t('catalogAdmin.jurisdictions.authority')}
            options={[{ value: '', label: t('catalogAdmin.jurisdictions.chooseAuthority') }, ...authorities.map((a) => ({ value: a.id, label: a.name }))]}
            selected={values.authorityId}
            error={errors.byField.authorityId}
          />
          <SubmitButton>{t('catalogAdmin.jurisdictions.save')}</SubmitButton>
        </PostForm>
      </section>

      <section aria-labelledby="rows-title" class="kern-stack">
        <h2 class="kern-heading-medium" id="rows-title">
          {t('catalogAdmin.jurisdictions.current', { count: rows.length })}
        </h2>
        <form method="get" action={jurisdictionsPath(service)} class="kern-stack" role="search" noValidate>
          <TextField
            view={view}
            id="gebiet"
            label={t('catalogAdmin.jurisdictions.filter')}
            hint={t('catalogAdmin.jurisdictions.filterHint')}
            type="search"
            value={filter}
            maxLength={100}
            optional
          />
          <SubmitButton variant="secondary">{t('catalogAdmin.jurisdictions.filterSubmit')}</SubmitButton>
        </form>
        <p class="kern-body" role="status">
          {t('catalogAdmin.jurisdictions.shown', { shown: shown.length, count: matching.length })}
        </p>
        <RowsTable view={view} service={service} rows={shown} regionLabel={regionLabel} conditionLabel={conditionLabel} authorityName={authorityName} />
      </section>

      <section aria-labelledby="jurisdiction-history-title" class="kern-stack">
        <h2 class="kern-heading-medium" id="jurisdiction-history-title">
          {t('catalogAdmin.history.title')}
        </h2>
        {history.length === 0 ? (
          <p class="kern-body">{t('catalogAdmin.history.none')}</p>
        ) : (
          <Table
            caption={t('catalogAdmin.history.title')}
            columns={[
              t('catalogAdmin.history.when'),
              t('catalogAdmin.history.who'),
              t('catalogAdmin.jurisdictions.region'),
              t('catalogAdmin.jurisdictions.condition'),
              t('catalogAdmin.jurisdictions.change'),
            ]}
          >
            {history.map((entry, index) => (
              <tr class="kern-table__row" key={index}>
                <Cell>{formatDateTime(view.lang, entry.changedAt)}</Cell>
                <Cell>{entry.actorName ?? entry.actorId}</Cell>
                <Cell>{regionLabel(entry.regionAgs)}</Cell>
                <Cell>{conditionLabel(entry.conditionKey)}</Cell>
                <Cell>{t('catalogAdmin.jurisdictions.fromTo', { from: authorityName(entry.previousAuthorityId), to: authorityName(entry.authorityId) })}</Cell>
              </tr>
            ))}
          </Table>
        )}
      </section>
    </AdminPage>
  );
}

interface RowsTableProps {
  view: View;
  service: Service;
  rows: Jurisdiction[];
  regionLabel: (ags: string) => string;
  conditionLabel: (key: string | null) => string;
  authorityName: (id: string | null) => string;
}

/** The jurisdiction rows, each with a button that removes it. */
function RowsTable({ view, service, rows, regionLabel, conditionLabel, authorityName }: RowsTableProps) {
  const { t } = view;
  return (
    <Table
      caption={t('catalogAdmin.jurisdictions.currentCaption')}
      columns={[
        t('catalogAdmin.jurisdictions.region'),
        t('catalogAdmin.jurisdictions.condition'),
        t('catalogAdmin.jurisdictions.authority'),
        t('catalogAdmin.jurisdictions.action'),
      ]}
    >
      {rows.map((row) => (
        <tr class="kern-table__row" key={`${row.regionAgs}-${row.conditionKey}-${row.authorityId}`}>
          <Cell>{regionLabel(row.regionAgs)}</Cell>
          <Cell>{conditionLabel(row.conditionKey)}</Cell>
          <Cell>{authorityName(row.authorityId)}</Cell>
          <Cell>
            <RowAction
              view={view}
              action={`${jurisdictionsPath(service)}/entfernen`}
              label={t('catalogAdmin.jurisdictions.clear')}
              object={`${regionLabel(row.regionAgs)}, ${conditionLabel(row.conditionKey)}`}
            >
              <input type="hidden" name="region" value={row.regionAgs} />
              <input type="hidden" name="conditionKey" value={row.conditionKey ?? noCondition} />
            </RowAction>
          </Cell>
        </tr>
      ))}
    </Table>
  );
}
