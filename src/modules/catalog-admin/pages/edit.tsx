import { formatDateTime, type Language } from '../../../core/i18n/index.js';
import { Alert, ErrorSummary, PostForm, SubmitButton, TextField } from '../../../web/components/form.js';
import type { View } from '../../../web/view.js';
import { editableFields, maxNameLength, textOf, type Service, type ServiceTextVersion } from '../../catalog/index.js';
import type { FormErrors } from '../errors.js';
import { fieldKinds, type FormValues } from '../form.js';
import { Cell, Table } from '../../../web/components/table.js';
import { AdminPage } from './common.js';

export interface EditPageProps {
  view: View;
  service: Service;
  lang: Language;
  values: FormValues;
  /** The version the form is based on (sent back for optimistic locking). */
  version: number;
  history: ServiceTextVersion[];
  errors: FormErrors;
  /** Set when someone else saved in between: their version; the input is kept. */
  conflict?: ServiceTextVersion | { version: number; actorName: null; changedAt: null };
  saved?: number;
}

export const editPath = (service: Service, lang: Language) => `/verwaltung/leistungen/${service.id}/${lang}`;

/** The edit form for one language of a service, with its version history below. */
export function EditPage({ view, service, lang, values, version, history, errors, conflict, saved }: EditPageProps) {
  const { t } = view;
  const name = textOf(service, lang).name;
  const heading = t('catalogAdmin.edit.title', { name, language: t(`catalogAdmin.lang.${lang}`) });
  const invalid = errors.problems.length > 0;
  return (
    <AdminPage view={view} title={invalid ? `${t('form.errorPrefix')} ${heading}` : heading} heading={heading}>
      <ErrorSummary view={view} problems={errors.problems} />
      {saved !== undefined && (
        <Alert kind="success" title={t('catalogAdmin.edit.saved', { version: saved })}>
          <p class="kern-body">{t('catalogAdmin.edit.savedText')}</p>
        </Alert>
      )}
      {conflict && (
        <Alert kind="warning" title={t('catalogAdmin.edit.conflictTitle')}>
          <p class="kern-body">
            {conflict.actorName && conflict.changedAt
              ? t('catalogAdmin.edit.conflictBy', { name: conflict.actorName, when: formatDateTime(view.lang, conflict.changedAt), version: conflict.version })
              : t('catalogAdmin.edit.conflict', { version: conflict.version })}
          </p>
          <p class="kern-body">{t('catalogAdmin.edit.conflictKept')}</p>
          <p class="kern-body">
            <a class="kern-link" href={`${editPath(service, lang)}/versionen/${conflict.version}`}>
              {t('catalogAdmin.edit.conflictCompare')}
            </a>
          </p>
        </Alert>
      )}
      <p class="kern-body">
        <a class="kern-link" href={`/leistungen/${service.key}`}>
          {t('catalogAdmin.edit.publicPage')}
        </a>{' '}
        ·{' '}
        <a class="kern-link" href={`/verwaltung/leistungen/${service.id}/zustaendigkeiten`}>
          {t('catalogAdmin.jurisdictions.link')}
        </a>
      </p>
      <PostForm view={view} action={editPath(service, lang)} class="kern-stack">
        <input type="hidden" name="version" value={String(version)} />
        {editableFields.map((field) => {
          const kind = fieldKinds[field];
          return (
            <TextField
              key={field}
              view={view}
              id={field}
              label={t(`catalogAdmin.field.${field}`)}
              hint={kind === 'list' ? t('catalogAdmin.hint.list') : kind === 'links' ? t('catalogAdmin.hint.links') : undefined}
              value={values[field] ?? ''}
              error={errors.byField[field]}
              optional={field !== 'name' && field !== 'shortText'}
              multiline={kind !== 'line'}
              maxLength={field === 'name' ? maxNameLength : undefined}
            />
          );
        })}
        <SubmitButton>{t('catalogAdmin.edit.save')}</SubmitButton>
      </PostForm>
      <History view={view} service={service} lang={lang} history={history.filter((h) => h.lang === lang)} />
    </AdminPage>
  );
}

function History({ view, service, lang, history }: { view: View; service: Service; lang: Language; history: ServiceTextVersion[] }) {
  const { t } = view;
  return (
    <section aria-labelledby="history-title" class="kern-stack">
      <h2 class="kern-heading-medium" id="history-title">
        {t('catalogAdmin.history.title')}
      </h2>
      {history.length === 0 ? (
        <p class="kern-body">{t('catalogAdmin.history.none')}</p>
      ) : (
        <Table
          caption={t('catalogAdmin.history.title')}
          columns={[t('catalogAdmin.history.version'), t('catalogAdmin.history.when'), t('catalogAdmin.history.who'), t('catalogAdmin.history.fields')]}
        >
          {[...history].reverse().map((entry) => (
            <tr class="kern-table__row" key={entry.version}>
              <Cell>
                <a class="kern-link" href={`${editPath(service, lang)}/versionen/${entry.version}`}>
                  {t('catalogAdmin.history.show', { version: entry.version })}
                </a>
              </Cell>
              <Cell>{formatDateTime(view.lang, entry.changedAt)}</Cell>
              <Cell>{entry.actorName ?? entry.actorId}</Cell>
              <Cell>{entry.changedFields.map((field) => t(`catalogAdmin.field.${field}`)).join(', ')}</Cell>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
