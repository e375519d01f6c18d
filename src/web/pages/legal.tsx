import type { ComponentChildren } from 'preact';
import { formatDate, type LocalDate } from '../../core/calendar/index.js';
import type { LegalContact, TenantLegal } from '../../core/tenant-settings.js';
import { Layout } from '../layout.js';
import type { View } from '../view.js';

/** A body's name, postal address and ways to reach it, as an `<address>`. */
function Contact({ view, contact, representedBy }: { view: View; contact: LegalContact; representedBy?: string }) {
  const { t } = view;
  return (
    <address class="kern-body aw-legal-contact">
      <strong>{contact.name}</strong>
      {contact.address.map((line) => (
        <span key={line}>{line}</span>
      ))}
      {representedBy && <span>{t('legal.representedBy', { name: representedBy })}</span>}
      <span>
        {t('legal.email')}{' '}
        <a class="kern-link" href={`mailto:${contact.email}`}>
          {contact.email}
        </a>
      </span>
      {contact.phone && <span>{t('legal.phone', { phone: contact.phone })}</span>}
      {contact.url && (
        <span>
          {t('legal.web')}{' '}
          <a class="kern-link" href={contact.url}>
            {contact.url}
          </a>
        </span>
      )}
    </address>
  );
}

/** One part of a legal page: a heading, the text and (optionally) who to contact. */
function Part({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section class="kern-stack">
      <h2 class="kern-heading-medium">{title}</h2>
      {children}
    </section>
  );
}

/**
 * A statutory page filled from the tenant's legal settings; a tenant without them (one added by
 * `amtsweg tenant add` and not yet configured) shows the general text instead.
 */
function LegalPage({ view, titleKey, fallbackKey, children }: { view: View; titleKey: string; fallbackKey: string; children: (legal: TenantLegal) => ComponentChildren }) {
  const legal = view.tenant.settings?.legal;
  return (
    <Layout view={view} title={view.t(titleKey)}>
      <h1 class="kern-heading-large">{view.t(titleKey)}</h1>
      {legal ? children(legal) : <p class="kern-body">{view.t(fallbackKey)}</p>}
    </Layout>
  );
}

/** Impressum (§ 5 DDG): the provider, who represents it, and how to reach it. */
export function ImprintPage({ view }: { view: View }) {
  const { t } = view;
  return (
    <LegalPage view={view} titleKey="layout.imprint" fallbackKey="legal.imprint.text">
      {(legal) => (
        <>
          <Part title={t('legal.imprint.provider')}>
            <Contact view={view} contact={legal.provider} representedBy={legal.provider.representedBy} />
          </Part>
          <p class="kern-body">{t('legal.imprint.software')}</p>
        </>
      )}
    </LegalPage>
  );
}

/** Datenschutzerklärung (Art. 13 DSGVO): controller, data-protection officer, purpose, rights. */
export function PrivacyPage({ view }: { view: View }) {
  const { t } = view;
  return (
    <LegalPage view={view} titleKey="layout.privacy" fallbackKey="legal.privacy.text">
      {(legal) => (
        <>
          <Part title={t('legal.privacy.controller')}>
            <Contact view={view} contact={legal.controller} />
          </Part>
          <Part title={t('legal.privacy.dpo')}>
            <Contact view={view} contact={legal.dataProtectionOfficer} />
          </Part>
          <Part title={t('legal.privacy.purpose')}>
            <p class="kern-body">{t('legal.privacy.text')}</p>
          </Part>
          <Part title={t('legal.privacy.rights')}>
            <p class="kern-body">{t('legal.privacy.rightsText')}</p>
          </Part>
        </>
      )}
    </LegalPage>
  );
}

/** Erklärung zur Barrierefreiheit with the parts BITV 2.0 § 7 requires. */
export function AccessibilityPage({ view }: { view: View }) {
  const { t, lang } = view;
  return (
    <LegalPage view={view} titleKey="layout.accessibility" fallbackKey="legal.accessibility.text">
      {(legal) => {
        const nonAccessible = legal.nonAccessibleContent[lang];
        return (
          <>
            <p class="kern-body">{t('legal.accessibility.intro', { provider: legal.provider.name, portal: view.tenant.name })}</p>
            <Part title={t('legal.accessibility.status')}>
              <p class="kern-body">{t(`legal.accessibility.status.${legal.conformance}`)}</p>
            </Part>
            <Part title={t('legal.accessibility.nonAccessible')}>
              {nonAccessible.length ? (
                <ul class="kern-list kern-list--bullet">
                  {nonAccessible.map((item) => (
                    <li key={item}>{item}</li>
                  ))}
                </ul>
              ) : (
                <p class="kern-body">{t('legal.accessibility.nonAccessible.none')}</p>
              )}
            </Part>
            <Part title={t('legal.accessibility.creation')}>
              <p class="kern-body">{t(`legal.accessibility.creation.${legal.statementMethod}`, { date: formatDate(legal.statementDate as LocalDate, lang) })}</p>
            </Part>
            <Part title={t('legal.accessibility.feedback')}>
              <p class="kern-body">{t('legal.accessibility.feedbackText')}</p>
              <Contact view={view} contact={legal.accessibilityFeedback} />
            </Part>
            <Part title={t('legal.accessibility.schlichtung')}>
              <p class="kern-body">{t('legal.accessibility.schlichtungText')}</p>
              <Contact view={view} contact={legal.schlichtungsstelle} />
            </Part>
          </>
        );
      }}
    </LegalPage>
  );
}

export interface DataSource {
  name: string;
  attribution: string;
  licence: string;
  licenceUrl: string;
}

export function DataSourcesPage({ view, sources }: { view: View; sources: readonly DataSource[] }) {
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
