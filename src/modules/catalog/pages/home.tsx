import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import type { Lebenslage, Service } from '../model.js';
import { textOf } from '../service.js';
import { SearchForm, serviceHref } from './shared.js';

/** Examples of what to search, from the tenant's settings: each one runs that search. */
function SearchHints({ view }: { view: View }) {
  const hints = view.tenant.settings?.searchHints[view.lang] ?? [];
  if (!hints.length) return null;
  return (
    <p class="kern-body">
      {view.t('catalog.home.searchHints')}{' '}
      {hints.map((hint, index) => (
        <span key={hint}>
          {index > 0 && ', '}
          <a class="kern-link" href={`/suche?q=${encodeURIComponent(hint)}`}>
            {hint}
          </a>
        </span>
      ))}
    </p>
  );
}

export function CatalogHomePage({ view, lebenslagen, frequent }: { view: View; lebenslagen: Lebenslage[]; frequent: Service[] }) {
  const { t, lang } = view;
  return (
    <Layout view={view} title={t('home.title')}>
      <h1 class="kern-heading-x-large">{t('home.title')}</h1>
      <p class="kern-body kern-body--large">{t('home.lead')}</p>
      <section aria-labelledby="search-title" class="kern-stack">
        <h2 class="kern-heading-medium" id="search-title">
          {t('catalog.home.searchTitle')}
        </h2>
        <SearchForm view={view} />
        <SearchHints view={view} />
      </section>
      <section aria-labelledby="frequent-title" class="kern-stack">
        <h2 class="kern-heading-medium" id="frequent-title">
          {t('catalog.home.frequent')}
        </h2>
        <ul class="kern-list kern-list--bullet">
          {frequent.map((service) => (
            <li key={service.id}>
              <a class="kern-link" href={serviceHref(service)}>
                {textOf(service, lang).name}
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="lebenslagen-title" class="kern-stack">
        <h2 class="kern-heading-medium" id="lebenslagen-title">
          {t('catalog.home.lebenslagen')}
        </h2>
        <ul class="kern-list">
          {lebenslagen.map((lage) => (
            <li key={lage.key}>
              <a class="kern-link" href={`/lebenslagen/${lage.key}`}>
                {lage.names[lang]}
              </a>
              <span class="kern-body kern-body--muted"> – {lage.descriptions[lang]}</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="authorities-title" class="kern-stack">
        <h2 class="kern-heading-medium" id="authorities-title">
          {t('catalog.home.authorities')}
        </h2>
        <p class="kern-body">
          <a class="kern-link" href="/behoerden">
            {t('catalog.home.authoritiesText')}
          </a>
        </p>
      </section>
    </Layout>
  );
}
