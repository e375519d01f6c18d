import type { ComponentChildren } from 'preact';
import { formatDate, isLocalDate } from '../../../core/calendar/index.js';
import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import type { Region, Service } from '../model.js';
import { textOf, type ResponsibleAuthority } from '../service.js';
import { AuthorityContact, PlaceForm, placeScript, serviceHref } from './shared.js';

export interface ServicePageProps {
  view: View;
  service: Service;
  place: Region | null;
  responsible: ResponsibleAuthority[];
}

function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={id} class="kern-stack-xs">
      <h2 class="kern-heading-medium" id={id}>
        {title}
      </h2>
      {children}
    </section>
  );
}

function Responsible({ view, service, place, responsible }: ServicePageProps) {
  const { t, lang } = view;
  const returnTo = serviceHref(service);
  if (!place) {
    return (
      <>
        <p class="kern-body">{t('catalog.service.placeIntro')}</p>
        <PlaceForm view={view} returnTo={returnTo} />
      </>
    );
  }
  const needsGemeinde = service.level === 'gemeinde' && place.level !== 'gemeinde';
  return (
    <>
      <p class="kern-body">
        <strong>{t('catalog.service.placeFor', { place: `${place.name} (${place.designation})` })}</strong>
      </p>
      {needsGemeinde && <p class="kern-body">{t('catalog.service.needsGemeinde')}</p>}
      {!needsGemeinde && responsible.length === 0 && <p class="kern-body">{t('catalog.service.noAuthority')}</p>}
      <ul class="kern-list aw-responsible">
        {responsible.map((entry) => (
          <li key={`${entry.authority.id}-${entry.conditionKey ?? ''}`} class="kern-card">
            <div class="kern-card__container">
              <div class="kern-card__header">
                <h3 class="kern-title">
                  <a class="kern-link" href={`/behoerden/${entry.authority.id}`}>
                    {entry.authority.name}
                  </a>
                </h3>
                <p class="kern-body kern-body--muted">
                  {entry.conditionKey
                    ? t('catalog.service.condition', { condition: entry.conditionTexts?.[lang] ?? entry.conditionTexts?.de ?? entry.conditionKey })
                    : t('catalog.service.always')}
                </p>
              </div>
              <div class="kern-card__body">
                <AuthorityContact view={view} authority={entry.authority} />
              </div>
            </div>
          </li>
        ))}
      </ul>
      <details class="kern-accordion">
        <summary class="kern-accordion__header">
          <span class="kern-title">{t('catalog.service.placeChange')}</span>
        </summary>
        <div class="kern-accordion__body">
          <PlaceForm view={view} returnTo={returnTo} />
        </div>
      </details>
    </>
  );
}

export function ServicePage(props: ServicePageProps) {
  const { view, service, place } = props;
  const { t, lang } = view;
  const text = textOf(service, lang);
  const list = (items: string[]) => (
    <ul class="kern-list kern-list--bullet">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
  const paragraphs: [string, string][] = [
    ['prerequisites', text.prerequisites],
    ['costs', text.costs],
    ['deadlines', text.deadlines],
    ['processingTime', text.processingTime],
  ];
  return (
    <Layout view={view} title={text.name} scripts={[placeScript]}>
      <h1 class="kern-heading-large">{text.name}</h1>
      <p class="kern-body kern-body--large">{text.shortText}</p>
      {service.procedureKey && (
        <p>
          <a class="kern-btn kern-btn--primary" href={`/antrag/${encodeURIComponent(service.procedureKey)}${place ? `?ort=${place.ags}` : ''}`}>
            <span class="kern-label">{t('catalog.service.applyOnline')}</span>
          </a>
        </p>
      )}
      <Section id="zustaendig" title={t('catalog.service.place')}>
        <Responsible {...props} />
      </Section>
      {text.fullText && (
        <Section id="beschreibung" title={t('catalog.service.fullText')}>
          <p class="kern-body">{text.fullText}</p>
        </Section>
      )}
      {text.documents.length > 0 && (
        <Section id="unterlagen" title={t('catalog.service.documents')}>
          {list(text.documents)}
        </Section>
      )}
      {paragraphs
        .filter(([, value]) => value)
        .map(([key, value]) => (
          <Section key={key} id={key} title={t(`catalog.service.${key}`)}>
            <p class="kern-body">{value}</p>
          </Section>
        ))}
      {text.steps.length > 0 && (
        <Section id="ablauf" title={t('catalog.service.steps')}>
          <ol class="kern-list kern-list--number">
            {text.steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </Section>
      )}
      {text.legalBases.length > 0 && (
        <Section id="rechtsgrundlagen" title={t('catalog.service.legalBases')}>
          <ul class="kern-list kern-list--bullet">
            {text.legalBases.map((basis) => (
              <li key={basis.title}>
                {basis.url ? (
                  <a class="kern-link" href={basis.url}>
                    {basis.title}
                  </a>
                ) : (
                  basis.title
                )}
              </li>
            ))}
          </ul>
        </Section>
      )}
      {text.forms.length > 0 && (
        <Section id="formulare" title={t('catalog.service.forms')}>
          <ul class="kern-list kern-list--bullet">
            {text.forms.map((form) => (
              <li key={form.url}>
                <a class="kern-link" href={form.url}>
                  {form.title}
                </a>
              </li>
            ))}
          </ul>
        </Section>
      )}
      {text.notes && (
        <Section id="hinweise" title={t('catalog.service.notes')}>
          <p class="kern-body">{text.notes}</p>
        </Section>
      )}
      <Section id="angaben" title={t('catalog.service.facts')}>
        <dl class="kern-description-list">
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{t('catalog.service.leika')}</dt>
            <dd class="kern-description-list-item__value">{service.leikaKey}</dd>
          </div>
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{t('catalog.service.level')}</dt>
            <dd class="kern-description-list-item__value">{t(`catalog.level.${service.level}`)}</dd>
          </div>
          {service.releasedOn && (
            <div class="kern-description-list-item">
              <dt class="kern-description-list-item__key">{t('catalog.service.released')}</dt>
              <dd class="kern-description-list-item__value">
                {t(service.releasedBy ? 'catalog.service.releasedBy' : 'catalog.service.releasedOn', {
                  date: isLocalDate(service.releasedOn) ? formatDate(service.releasedOn, view.lang, 'numeric') : service.releasedOn,
                  by: service.releasedBy ?? '',
                })}
              </dd>
            </div>
          )}
        </dl>
      </Section>
    </Layout>
  );
}
