import { SubmitButton, TextField } from '../../../web/components/form.js';
import type { View } from '../../../web/view.js';
import { textOf, type Service } from '../../catalog/index.js';
import { Cell, Table } from '../../../web/components/table.js';
import { AdminPage } from './common.js';

export const editLanguages = ['de', 'en'] as const;

/** Every service of the tenant (or the search hits), each with links to its texts and jurisdictions. */
export function ServiceListPage({ view, query, services, error }: { view: View; query: string; services: Service[]; error?: string }) {
  const { t } = view;
  return (
    <AdminPage view={view} title={t('catalogAdmin.list.title')}>
      <form method="get" action="/verwaltung/leistungen" role="search" class="kern-stack" noValidate>
        <TextField view={view} id="q" label={t('catalogAdmin.list.search')} type="search" value={query} error={error} optional />
        <SubmitButton variant="secondary">{t('catalog.search.submit')}</SubmitButton>
      </form>
      <p class="kern-body" role="status">
        {t('catalogAdmin.list.count', { count: services.length })}
      </p>
      <Table caption={t('catalogAdmin.list.title')} columns={[t('catalogAdmin.list.name'), t('catalogAdmin.list.key'), t('catalogAdmin.list.edit')]}>
        {services.map((service) => (
          <tr class="kern-table__row" key={service.id}>
            <Cell>{textOf(service, view.lang).name}</Cell>
            <Cell>
              <code>{service.key}</code>
            </Cell>
            <Cell>
              {editLanguages.map((lang) => (
                <span key={lang}>
                  <a class="kern-link" href={`/verwaltung/leistungen/${service.id}/${lang}`}>
                    {t(`catalogAdmin.lang.${lang}`)}
                  </a>
                  {' · '}
                </span>
              ))}
              <a class="kern-link" href={`/verwaltung/leistungen/${service.id}/zustaendigkeiten`}>
                {t('catalogAdmin.jurisdictions.link')}
              </a>
            </Cell>
          </tr>
        ))}
      </Table>
    </AdminPage>
  );
}
