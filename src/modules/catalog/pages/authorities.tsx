import { SubmitButton, TextField } from '../../../web/components/form.js';
import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import { authorityKinds, type Authority, type AuthorityKind, type Region, type Service } from '../model.js';
import { AuthorityContact, ServiceList } from './shared.js';

export interface AuthoritiesPageProps {
  view: View;
  query: string;
  kind?: AuthorityKind;
  items: Authority[];
  next: string | null;
  error?: string;
}

export function AuthoritiesPage({ view, query, kind, items, next, error }: AuthoritiesPageProps) {
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
              {authorityKinds.map((k) => (
                <option key={k} value={k} selected={k === kind}>
                  {t(`catalog.kind.${k}`)}
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
              <span class="kern-body kern-body--muted"> – {t(`catalog.kind.${authority.kind}`)}</span>
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

export function AuthorityPage({ view, authority, region, services }: { view: View; authority: Authority; region: Region | undefined; services: Service[] }) {
  const { t } = view;
  return (
    <Layout view={view} title={authority.name}>
      <h1 class="kern-heading-large">{authority.name}</h1>
      <p class="kern-body kern-body--muted">
        {t(`catalog.kind.${authority.kind}`)}
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
