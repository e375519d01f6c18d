import { formatDate, localDate } from '../../../core/calendar/index.js';
import { hasMessage } from '../../../core/i18n/index.js';
import { ErrorSummary, Select, SubmitButton, TextField } from '../../../web/components/form.js';
import { Cell, Table } from '../../../web/components/table.js';
import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import type { SearchResult } from './service.js';

/** The search form's fields as they appear in the URL (German, as the page's other links). */
export const searchFields = ['q', 'aktenzeichen', 'partei', 'von', 'bis', 'art'] as const;
export type SearchValues = Partial<Record<(typeof searchFields)[number], string>>;

/** Dokumenttypen the form offers; the API takes any. */
const kinds = ['antrag', 'anlage', 'nachricht', 'beteiligung', 'stellungnahme', 'bescheid', 'vermerk', 'upload'];

/** A Dokumenttyp in words; one an API client named itself as it is. */
const kindLabel = (view: View, kind: string) => (hasMessage(`records.kind.${kind}`) ? view.t(`records.kind.${kind}`) : kind);

function pageLink(values: SearchValues, page: number): string {
  const params = new URLSearchParams(Object.entries(values).filter(([, value]) => value) as [string, string][]);
  params.set('seite', String(page));
  return `/bearbeitung/akten/suche?${params.toString()}`;
}

/** The search page: a GET form (works without JavaScript, so a search can be bookmarked), its errors next to the fields, and a page of hits. */
export function SearchPage({ view, values, errors, result }: { view: View; values: SearchValues; errors: Record<string, string>; result?: SearchResult }) {
  const { t } = view;
  const field = (name: (typeof searchFields)[number], label: string, hint?: string) => (
    <TextField view={view} id={name} label={label} hint={hint} value={values[name]} error={errors[name]} optional type={name === 'q' ? 'search' : 'text'} />
  );
  return (
    <Layout view={view} title={t('records.search.title')}>
      <ErrorSummary view={view} problems={Object.entries(errors).map(([fieldId, message]) => ({ fieldId, message }))} />
      <h1 class="kern-title kern-title--large">{t('records.search.title')}</h1>
      <p class="kern-body">{t('records.search.intro')}</p>
      <form method="get" action="/bearbeitung/akten/suche" class="aw-stack" novalidate role="search">
        {field('q', t('records.search.q'), t('records.search.qHint'))}
        {field('aktenzeichen', t('records.search.aktenzeichen'), t('records.search.aktenzeichenHint'))}
        {field('partei', t('records.search.party'), t('records.search.partyHint'))}
        {field('von', t('records.search.from'), t('records.search.dateHint'))}
        {field('bis', t('records.search.to'), t('records.search.dateHint'))}
        <Select
          view={view}
          id="art"
          label={t('records.search.kind')}
          selected={values.art ?? ''}
          error={errors.art}
          options={[{ value: '', label: t('records.search.anyKind') }, ...kinds.map((kind) => ({ value: kind, label: kindLabel(view, kind) }))]}
        />
        <SubmitButton>{t('records.search.submit')}</SubmitButton>
      </form>
      {result && (
        <section aria-labelledby="treffer">
          <h2 class="kern-title" id="treffer">
            {t('records.search.results')} – {t('records.search.pageOf', { page: result.page })}
          </h2>
          {result.hits.length === 0 ? (
            <p class="kern-body">{t('records.search.none')}</p>
          ) : (
            <Table
              caption={t('records.search.results')}
              columns={[t('records.search.col.date'), t('records.search.col.document'), t('records.search.col.file'), t('records.search.col.parties')]}
            >
              {result.hits.map((hit) => (
                <tr class="kern-table__row">
                  <Cell>{formatDate(localDate(hit.document.documentDate), view.lang, 'numeric')}</Cell>
                  <Cell>
                    {hit.document.title} ({kindLabel(view, hit.document.kind)})
                  </Cell>
                  <Cell>
                    <a class="kern-link" href={`/bearbeitung/akten/${hit.file.id}#vorgang-${hit.process.id}`}>
                      {hit.process.aktenzeichen}
                    </a>
                    : {hit.process.subject}
                  </Cell>
                  <Cell>
                    {hit.document.sender ?? '–'} → {hit.document.recipient ?? '–'}
                  </Cell>
                </tr>
              ))}
            </Table>
          )}
          <nav aria-label={t('records.search.results')} class="aw-cluster">
            {result.page > 1 && (
              <a class="kern-link" href={pageLink(values, result.page - 1)}>
                {t('records.search.previous')}
              </a>
            )}
            {result.hasMore && (
              <a class="kern-link" href={pageLink(values, result.page + 1)}>
                {t('records.search.next')}
              </a>
            )}
          </nav>
        </section>
      )}
    </Layout>
  );
}
