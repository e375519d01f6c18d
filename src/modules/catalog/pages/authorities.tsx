import { SubmitButton, TextField } from '../../../web/components/form.js';
import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import { kindLabel, type Authority, type AuthorityKind, type AuthorityKindDefinition, type Region, type Service } from '../model.js';
import { AuthorityContact, ServiceList } from './shared.js';

export interface AuthoritiesPageProps {
  view: View;
  query: string;
  kind?: AuthorityKind;
  /** The tenant's kinds, for the filter and the labels. */
  kinds: readonly AuthorityKindDefinition[];
  items: Authority[];
  next: string | null;
  error?: string;
}

export function AuthoritiesPage({ view, query, kind, kinds, items, next, error }: AuthoritiesPageProps) {
  const { t } = view;
  const nextParams = new URLSearchParams({ q: query, ...(kind ? { art: kind } : {}), ...(next ? { cursor: next } : {}) });
  return (
    <Layout view={view} title={t('catalog.authorities.title')}>
      <h1 class="kern-heading-large">{t('catalog.authorities.title')}</h1>
      <form method="get" action="/behoerden" role="search" class="kern-stack" noValidate>
        <TextField view={view} id="q" label={t('catalog.authorities.searchLabel')} type="search" value={query} error={error} optional maxLength={200} />
        <div class="kern-form-input">
          <label class="kern-label" for="art">
            {t('catalog.authorities.kind')}
          </label>
          <div class="kern-form-input__select-wrapper">
            <select class="kern-form-input__select" id="art" name="art">
              <option value="">{t('catalog.authorities.allKinds')}</option>
              {kinds.map((k) => (
                <option key={k.key} value={k.key} selected={k.key === kind}>
                  {k.label[view.lang]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <SubmitButton>{t('catalog.search.submit')}</SubmitButton>
      </form>
      {items.length === 0 ? (
        <p class="kern-body" role="status">
          {t('catalog.authorities.none')}
        </p>
      ) : (
        <ul class="kern-list">
          {items.map((authority) => (
            <li key={authority.id}>
              <a class="kern-link" href={`/behoerden/${authority.id}`}>
                {authority.name}
              </a>
              <span class="kern-body kern-body--muted"> – {kindLabel(kinds, authority.kind, view.lang)}</span>
            </li>
          ))}
        </ul>
      )}
      {next && (
        <p>
          <a class="kern-link" href={`/behoerden?${nextParams}`}>
            {t('catalog.authorities.next')}
          </a>
        </p>
      )}
    </Layout>
  );
}

export function AuthorityPage({
  view,
  authority,
  region,
  services,
  kinds,
}: {
  view: View;
  authority: Authority;
  region: Region | undefined;
  services: Service[];
  kinds: readonly AuthorityKindDefinition[];
}) {
  const { t } = view;
  return (
    <Layout view={view} title={authority.name}>
      <h1 class="kern-heading-large">{authority.name}</h1>
      <p class="kern-body kern-body--muted">
        {kindLabel(kinds, authority.kind, view.lang)}
        {region ? ` · ${region.name}` : ''}
      </p>
      {authority.description && <p class="kern-body">{authority.description}</p>}
      <h2 class="kern-heading-medium">{t('catalog.authority.contact')}</h2>
      <AuthorityContact view={view} authority={authority} />
      <h2 class="kern-heading-medium">{t('catalog.authority.services')}</h2>
      {services.length ? <ServiceList view={view} services={services} headingLevel={3} /> : <p class="kern-body">{t('catalog.authority.noServices')}</p>}
    </Layout>
  );
}
