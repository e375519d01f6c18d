import type { ComponentChildren } from 'preact';
import { TextField, SubmitButton, type FieldProblem } from '../../../web/components/form.js';
import type { View } from '../../../web/view.js';
import { isInformationOnly, type Address, type Authority, type Service } from '../model.js';
import { maxPlaceLength } from '../places.js';
import { maxQueryLength } from '../search.js';
import { textOf } from '../service.js';

/** The search box: a plain GET form, so it works without JavaScript and results can be bookmarked. */
export function SearchForm({ view, query = '', error, lebenslage }: { view: View; query?: string; error?: string; lebenslage?: string }) {
  return (
    <form method="get" action="/suche" role="search" class="kern-stack" noValidate>
      <TextField
        view={view}
        id="q"
        label={view.t('catalog.search.label')}
        hint={view.t('catalog.search.hint')}
        type="search"
        value={query}
        error={error}
        maxLength={maxQueryLength}
        optional
      />
      {lebenslage && <input type="hidden" name="lebenslage" value={lebenslage} />}
      <SubmitButton>{view.t('catalog.search.submit')}</SubmitButton>
    </form>
  );
}

/** The place form's enhancement (an autocomplete over `/api/v1/places`); pages with a PlaceForm load it. */
export const placeScript = '/assets/catalog-place.js';

/**
 * Names a place; `/ort` resolves it and returns to `returnTo` with `?ort=<AGS>`. The data
 * attributes carry the autocomplete's endpoint and its screen-reader messages in the page language.
 */
export function PlaceForm({ view, returnTo, value = '', error }: { view: View; returnTo: string; value?: string; error?: FieldProblem }) {
  const { t } = view;
  const examples = view.tenant.settings?.placeExamples;
  return (
    <form
      method="get"
      action="/ort"
      class="kern-stack aw-place-form"
      noValidate
      data-place-autocomplete="/api/v1/places"
      data-msg-none={t('catalog.place.suggestNone')}
      data-msg-one={t('catalog.place.suggestOne')}
      data-msg-many={t('catalog.place.suggestMany', { count: '{count}' })}
      data-msg-list={t('catalog.place.suggestList')}
    >
      <input type="hidden" name="weiter" value={returnTo} />
      <TextField
        view={view}
        id="ort"
        label={view.t('catalog.place.label')}
        hint={examples ? t('catalog.place.hint', examples) : t('catalog.place.hintGeneric')}
        value={value}
        error={error?.message}
        maxLength={maxPlaceLength}
        autocomplete="postal-code"
      />
      <SubmitButton variant="secondary">{view.t('catalog.place.submit')}</SubmitButton>
    </form>
  );
}

export function serviceHref(service: Service): string {
  return `/leistungen/${encodeURIComponent(service.key)}`;
}

export function ServiceList({ view, services, headingLevel = 2 }: { view: View; services: Service[]; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul class="kern-list aw-service-list">
      {services.map((service) => {
        const text = textOf(service, view.lang);
        // An information-only entry has no short text yet: its OZG classification says what it is about.
        const about = text.shortText || [service.ozgLeistung, service.themenfeld].filter(Boolean).join(' · ');
        return (
          <li key={service.id} class="kern-stack-xs">
            <Heading class="kern-title">
              <a class="kern-link" href={serviceHref(service)}>
                {text.name}
              </a>
            </Heading>
            {isInformationOnly(service) && (
              <p class="kern-body">
                <span class="kern-badge kern-badge--info kern-badge--small">{view.t('catalog.service.informationOnly')}</span>
              </p>
            )}
            {about && <p class="kern-body">{about}</p>}
          </li>
        );
      })}
    </ul>
  );
}

export function AddressLines({ address }: { address: Address }) {
  return (
    <>
      {address.street && (
        <span>
          {address.street}
          <br />
        </span>
      )}
      <span>{[address.postcode, address.city].filter(Boolean).join(' ')}</span>
      {address.description && (
        <span>
          <br />
          {address.description}
        </span>
      )}
    </>
  );
}

/** An authority's contact block as a description list (address, phone, e-mail, web, hours). */
export function AuthorityContact({ view, authority }: { view: View; authority: Authority }) {
  const { t } = view;
  const rows: [string, ComponentChildren][] = [[t('catalog.authority.address'), <AddressLines address={authority.address} />]];
  if (authority.phone)
    rows.push([
      t('catalog.authority.phone'),
      <a class="kern-link" href={`tel:${authority.phone.replace(/[^+\d]/g, '')}`}>
        {authority.phone}
      </a>,
    ]);
  if (authority.email)
    rows.push([
      t('catalog.authority.email'),
      <a class="kern-link aw-breakable" href={`mailto:${authority.email}`}>
        {authority.email}
      </a>,
    ]);
  if (authority.web)
    rows.push([
      t('catalog.authority.web'),
      <a class="kern-link aw-breakable" href={authority.web}>
        {authority.web.replace(/^https?:\/\//, '')}
      </a>,
    ]);
  if (authority.openingHours) rows.push([t('catalog.authority.hours'), authority.openingHours]);
  // Label above value (KERN's column variant): side by side, a card left the label 30% of its width and cut "Öffnungszeiten" mid-word.
  return (
    <dl class="kern-description-list kern-description-list--col">
      {rows.map(([key, value]) => (
        <div class="kern-description-list-item" key={key}>
          <dt class="kern-description-list-item__key">{key}</dt>
          <dd class="kern-description-list-item__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
