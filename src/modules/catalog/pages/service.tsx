import type { ComponentChildren } from 'preact';
import { formatDate, isLocalDate } from '../../../core/calendar/index.js';
import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import { isInformationOnly, type Region, type Service } from '../model.js';
import type { ServiceFact } from '../service-facts.js';
import { textOf, type ResponsibleAuthority } from '../service.js';
import { AuthorityContact, PlaceForm, placeScript, serviceHref } from './shared.js';

export interface ServicePageProps {
  view: View;
  service: Service;
  place: Region | null;
  responsible: ResponsibleAuthority[];
  /** False while the tenant has named nobody responsible (a LeiKa entry): no place is asked for then. */
  authoritiesNamed: boolean;
  /** What other modules add (e.g. the sign-in level of the online procedure). */
  facts?: readonly ServiceFact[];
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

function Responsible({ view, service, place, responsible, authoritiesNamed }: ServicePageProps) {
  const { t, lang } = view;
  const returnTo = serviceHref(service);
  // Asking for the place would lead nowhere while nobody is named.
  if (!authoritiesNamed) return <p class="kern-body">{t('catalog.service.noAuthorityYet')}</p>;
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

/** Typisierung codes the messages explain ("2/3" and "2b" as 23 and 2); others are shown as they are. */
const explainedTypisierung = new Set(['1', '2', '3', '23', '4', '5', '6']);

/** "2/3 – Bund regelt, Land oder Kommune vollzieht"; a value such as "1, 2/3" explains each part. */
export function typisierungText(view: View, value: string): string {
  const explanations = value.split(',').flatMap((part) => {
    const code = /^(\d(?:\/\d)?)[a-z]?$/.exec(part.trim())?.[1]?.replace('/', '');
    return code && explainedTypisierung.has(code) ? [view.t(`catalog.typisierung.${code}`)] : [];
  });
  return explanations.length ? `${value} – ${explanations.join('; ')}` : value;
}

/**
 * The notice at the top of an information-only entry: no online procedure; while the tenant has
 * written no text of its own (a short text, which the editing form requires), the LeiKa's data is
 * what is shown; while nobody is named responsible, whom to ask.
 */
function InformationOnlyNotice({ view, ownText, authoritiesNamed }: { view: View; ownText: boolean; authoritiesNamed: boolean }) {
  const { t } = view;
  return (
    <div class="kern-alert kern-alert--info" role="note" aria-labelledby="information-only-title">
      <div class="kern-alert__header">
        <span class="kern-title" id="information-only-title">
          {t('catalog.service.informationOnly')}
        </span>
      </div>
      <div class="kern-alert__body">
        <p class="kern-body">{t('catalog.service.informationOnlyNotOnline')}</p>
        {!ownText && <p class="kern-body">{t('catalog.service.informationOnlyLeika')}</p>}
        {!authoritiesNamed && <p class="kern-body">{t('catalog.service.informationOnlyAsk')}</p>}
      </div>
    </div>
  );
}

function Fact({ name, children }: { name: string; children: ComponentChildren }) {
  return (
    <div class="kern-description-list-item">
      <dt class="kern-description-list-item__key">{name}</dt>
      <dd class="kern-description-list-item__value">{children}</dd>
    </div>
  );
}

/** Key, Typisierung and OZG classification; the level only where the tenant decided it (not for LeiKa entries). */
function Facts({ view, service, more }: { view: View; service: Service; more: readonly ServiceFact[] }) {
  const { t } = view;
  const ozg = [service.ozgId, service.ozgLeistung].filter(Boolean).join(' ');
  return (
    <dl class="kern-description-list">
      <Fact name={t('catalog.service.leika')}>{service.leikaKey ?? t('catalog.service.noLeika')}</Fact>
      {ozg && <Fact name={t('catalog.service.ozg')}>{ozg}</Fact>}
      {service.typisierung && <Fact name={t('catalog.service.typisierung')}>{typisierungText(view, service.typisierung)}</Fact>}
      {service.ozgLebenslage && <Fact name={t('catalog.service.ozgLebenslage')}>{service.ozgLebenslage}</Fact>}
      {service.themenfeld && <Fact name={t('catalog.service.themenfeld')}>{service.themenfeld}</Fact>}
      {service.origin === 'tenant' && <Fact name={t('catalog.service.level')}>{t(`catalog.level.${service.level}`)}</Fact>}
      {service.releasedOn && (
        <Fact name={t('catalog.service.released')}>
          {t(service.releasedBy ? 'catalog.service.releasedBy' : 'catalog.service.releasedOn', {
            date: isLocalDate(service.releasedOn) ? formatDate(service.releasedOn, view.lang, 'numeric') : service.releasedOn,
            by: service.releasedBy ?? '',
          })}
        </Fact>
      )}
      {more.map((fact) => (
        <Fact name={fact.name}>{fact.value}</Fact>
      ))}
    </dl>
  );
}

export function ServicePage(props: ServicePageProps) {
  const { view, service, place } = props;
  const { t, lang } = view;
  const text = textOf(service, lang);
  const informationOnly = isInformationOnly(service);
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
      {informationOnly && <InformationOnlyNotice view={view} ownText={text.shortText !== ''} authoritiesNamed={props.authoritiesNamed} />}
      {text.shortText && <p class="kern-body kern-body--large">{text.shortText}</p>}
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
      {informationOnly && text.legalBases.length === 0 && (
        <Section id="rechtsgrundlagen" title={t('catalog.service.legalBases')}>
          <p class="kern-body">{t('catalog.service.noLegalBases')}</p>
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
        <Facts view={view} service={service} more={props.facts ?? []} />
      </Section>
    </Layout>
  );
}
