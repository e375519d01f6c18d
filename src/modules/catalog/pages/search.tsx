import { ErrorSummary } from '../../../web/components/form.js';
import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import type { Lebenslage, Service } from '../model.js';
import type { SearchAnswer } from '../service.js';
import { SearchForm, ServiceList } from './shared.js';

/** Results per page: a long list is hard to scan and, for a big catalogue, heavy to send. */
export const resultsPerPage = 20;

function searchHref(query: string, lebenslage?: string, page = 1): string {
  const params = new URLSearchParams({ q: query });
  if (lebenslage) params.set('lebenslage', lebenslage);
  if (page > 1) params.set('seite', String(page));
  return `/suche?${params}`;
}

function Pager({ view, answer, lebenslage, page, pages }: { view: View; answer: SearchAnswer; lebenslage?: string; page: number; pages: number }) {
  const { t } = view;
  return (
    <nav aria-label={t('catalog.search.pages')} class="aw-pager">
      <p class="kern-body">
        {page > 1 && (
          <>
            <a class="kern-link" href={searchHref(answer.query, lebenslage, page - 1)} rel="prev">
              {t('catalog.search.previous')}
            </a>
            {' · '}
          </>
        )}
        <span aria-current="page">{t('catalog.search.pageOf', { page, pages })}</span>
        {page < pages && (
          <>
            {' · '}
            <a class="kern-link" href={searchHref(answer.query, lebenslage, page + 1)} rel="next">
              {t('catalog.search.next')}
            </a>
          </>
        )}
      </p>
    </nav>
  );
}

function Facets({ view, answer, lebenslagen, active }: { view: View; answer: SearchAnswer; lebenslagen: Lebenslage[]; active?: string }) {
  const offered = lebenslagen.filter((lage) => (answer.facets.get(lage.key) ?? 0) > 0);
  if (offered.length === 0) return null;
  return (
    <nav aria-labelledby="facets-title" class="kern-stack-xs">
      <h2 class="kern-heading-small" id="facets-title">
        {view.t('catalog.search.facets')}
      </h2>
      <ul class="kern-list">
        <li>
          <a class="kern-link" href={searchHref(answer.query)} aria-current={active ? undefined : 'true'}>
            {view.t('catalog.search.allLebenslagen')}
          </a>
        </li>
        {offered.map((lage) => (
          <li key={lage.key}>
            <a class="kern-link" href={searchHref(answer.query, lage.key)} aria-current={active === lage.key ? 'true' : undefined}>
              {lage.names[view.lang]} ({answer.facets.get(lage.key)})
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export interface SearchPageProps {
  view: View;
  query: string;
  answer: SearchAnswer | null;
  error?: string;
  lebenslagen: Lebenslage[];
  lebenslage?: string;
  /** 1-based; beyond the last page shows the last page. */
  page?: number;
}

export function SearchPage({ view, query, answer, error, lebenslagen, lebenslage, page: requestedPage = 1 }: SearchPageProps) {
  const { t } = view;
  const active = lebenslagen.find((l) => l.key === lebenslage);
  const pages = Math.max(1, Math.ceil((answer?.hits.length ?? 0) / resultsPerPage));
  const page = Math.min(Math.max(1, requestedPage), pages);
  const shown = answer ? answer.hits.slice((page - 1) * resultsPerPage, page * resultsPerPage) : [];
  return (
    <Layout view={view} title={error ? `${t('form.errorPrefix')} ${t('catalog.search.title')}` : t('catalog.search.title')}>
      <ErrorSummary view={view} problems={error ? [{ fieldId: 'q', message: error }] : []} />
      <h1 class="kern-heading-large">{t('catalog.search.title')}</h1>
      <SearchForm view={view} query={error ? '' : query} error={error} lebenslage={lebenslage} />
      {!answer && !error && <p class="kern-body">{t('catalog.search.empty')}</p>}
      {answer && (
        <div class="kern-stack">
          {answer.hits.length > 0 ? (
            <p class="kern-body" role="status">
              {t('catalog.search.resultCount', { count: answer.hits.length, query: answer.query })}
            </p>
          ) : (
            <div role="status" class="kern-stack-xs">
              <p class="kern-body">{t('catalog.search.noResults', { query: answer.query })}</p>
              {answer.suggestion && (
                <p class="kern-body">
                  {t('catalog.search.didYouMean')}{' '}
                  <a class="kern-link" href={searchHref(answer.suggestion)}>
                    {answer.suggestion}
                  </a>
                </p>
              )}
              <p class="kern-body">{t('catalog.search.noResultsHelp')}</p>
            </div>
          )}
          {active && <p class="kern-body">{t('catalog.search.filteredBy', { lebenslage: active.names[view.lang] })}</p>}
          <Facets view={view} answer={answer} lebenslagen={lebenslagen} active={lebenslage} />
          {answer.hits.length > 0 && (
            <section aria-labelledby="results-title">
              <h2 class="kern-sr-only" id="results-title">
                {t('catalog.nav.services')}
              </h2>
              <ServiceList view={view} services={shown.map((h) => h.service)} headingLevel={3} />
              {pages > 1 && <Pager view={view} answer={answer} lebenslage={lebenslage} page={page} pages={pages} />}
            </section>
          )}
        </div>
      )}
    </Layout>
  );
}

export function LebenslagePage({ view, lebenslage, services }: { view: View; lebenslage: Lebenslage; services: Service[] }) {
  const { t, lang } = view;
  return (
    <Layout view={view} title={lebenslage.names[lang]}>
      <h1 class="kern-heading-large">{lebenslage.names[lang]}</h1>
      <p class="kern-body kern-body--large">{lebenslage.descriptions[lang]}</p>
      <h2 class="kern-heading-medium">{t('catalog.lebenslage.services')}</h2>
      <ServiceList view={view} services={services} headingLevel={3} />
    </Layout>
  );
}
