import { SubmitButton, TextField } from '../../../web/components/form.js';
import type { View } from '../../../web/view.js';
import { isInformationOnly, textOf, type Service } from '../../catalog/index.js';
import { formatNumber } from '../../../core/i18n/index.js';
import { Cell, Table } from '../../../web/components/table.js';
import { AdminPage } from './common.js';

export const editLanguages = ['de', 'en'] as const;

/**
 * The tenant's own services (or the search hits, LeiKa entries among them), each with links to its
 * texts and jurisdictions; `skeletonCount` LeiKa entries are left out of the unsearched list.
 */
export function ServiceListPage({ view, query, services, skeletonCount, error }: { view: View; query: string; services: Service[]; skeletonCount: number; error?: string }) {
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
      {skeletonCount > 0 && <p class="kern-body">{t('catalogAdmin.list.skeleton', { count: formatNumber(view.lang, skeletonCount) })}</p>}
      <Table caption={t('catalogAdmin.list.title')} columns={[t('catalogAdmin.list.name'), t('catalogAdmin.list.key'), t('catalogAdmin.list.edit')]}>
        {services.map((service) => (
          <tr class="kern-table__row" key={service.id}>
            <Cell>
              {textOf(service, view.lang).name}
              {isInformationOnly(service) && (
                <>
                  {' '}
                  <span class="kern-badge kern-badge--info kern-badge--small">{t('catalog.service.informationOnly')}</span>
                </>
              )}
            </Cell>
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
