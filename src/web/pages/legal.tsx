import { Layout } from '../layout.js';
import type { View } from '../view.js';

/** A short statutory page: Impressum, Datenschutz, Barrierefreiheit. */
export function LegalPage({ view, titleKey, textKey }: { view: View; titleKey: string; textKey: string }) {
  return (
    <Layout view={view} title={view.t(titleKey)}>
      <h1 class="kern-heading-large">{view.t(titleKey)}</h1>
      <p class="kern-body">{view.t(textKey)}</p>
    </Layout>
  );
}

export interface DataSource {
  name: string;
  attribution: string;
  licence: string;
  licenceUrl: string;
}

export function DataSourcesPage({ view, sources }: { view: View; sources: DataSource[] }) {
  return (
    <Layout view={view} title={view.t('layout.dataSources')}>
      <h1 class="kern-heading-large">{view.t('layout.dataSources')}</h1>
      <p class="kern-body">{view.t('legal.dataSources.text')}</p>
      <ul class="kern-list kern-list--bullet">
        {sources.map((source) => (
          <li key={source.name}>
            <strong>{source.name}</strong>: {source.attribution} (
            <a class="kern-link" href={source.licenceUrl}>
              {source.licence}
            </a>
            )
          </li>
        ))}
      </ul>
    </Layout>
  );
}
