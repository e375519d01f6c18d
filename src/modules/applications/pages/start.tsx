import { formatNumber } from '../../../core/i18n/index.js';
import type { StartedFrom } from '../prefill-from.js';
import { Alert, CsrfField, SubmitButton } from '../../../web/components/form.js';
import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import type { ProcedureDefinition, ProcedureVersion, TrustLevel } from '../../procedures/index.js';

export type StartBlock = { kind: 'login'; href: string } | { kind: 'stepUp'; href: string; level: TrustLevel } | { kind: 'forbidden'; code: string } | null;

/** The sign-in level a procedure needs; a company may need more than a person (the Bohranzeige: basis for persons, substanziell for companies). */
export function trustLevelText({ t }: Pick<View, 't'>, p: ProcedureDefinition): string {
  const companyLevel =
    p.applicants.includes('organisation') && p.organisationTrustLevel !== undefined && p.organisationTrustLevel !== p.trustLevel ? p.organisationTrustLevel : undefined;
  return companyLevel
    ? t('applications.start.trustLevelByApplicant', { person: t(`applications.trustLevel.${p.trustLevel}`), organisation: t(`applications.trustLevel.${companyLevel}`) })
    : t(`applications.trustLevel.${p.trustLevel}`);
}

/** The start page of an online application: what it is, what it needs, and "Antrag starten" (or why not yet). */
/** `startedFrom`: the earlier application (and its duty) whose answers the new one takes (procedure.json `prefill`). */
export function StartPage({ view, procedure, block, startedFrom }: { view: View; procedure: ProcedureVersion; block: StartBlock; startedFrom?: StartedFrom }) {
  const { t, lang } = view;
  const p = procedure.procedure;
  return (
    <Layout view={view} title={p.title[lang]}>
      <h1 class="kern-title kern-title--large">{p.title[lang]}</h1>
      <dl class="kern-description-list">
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t('applications.start.trustLevel')}</dt>
          <dd class="kern-description-list-item__value">{trustLevelText(view, p)}</dd>
        </div>
        {p.processingDays !== undefined && (
          <div class="kern-description-list-item">
            <dt class="kern-description-list-item__key">{t('applications.start.processing')}</dt>
            <dd class="kern-description-list-item__value">{t('applications.start.processingDays', { days: p.processingDays })}</dd>
          </div>
        )}
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{t('applications.start.fee')}</dt>
          <dd class="kern-description-list-item__value">
            {p.fee.note?.[lang] ?? (p.fee.amountCents === 0 ? t('applications.start.free') : formatNumber(lang, p.fee.amountCents / 100, 'euro'))}
          </dd>
        </div>
      </dl>
      <p class="kern-body">{t('applications.start.saveHint')}</p>
      {block?.kind === 'login' && (
        <Alert kind="info" title={t('applications.start.loginTitle')}>
          <p class="kern-body">{t('applications.start.loginText', { level: t(`applications.trustLevel.${p.trustLevel}`) })}</p>
          <a class="kern-btn kern-btn--primary" href={block.href}>
            <span class="kern-label">{t('applications.start.login')}</span>
          </a>
        </Alert>
      )}
      {block?.kind === 'stepUp' && (
        <Alert kind="info" title={t('applications.start.stepUpTitle')}>
          <p class="kern-body">{t('applications.start.stepUpText', { level: t(`applications.trustLevel.${block.level}`) })}</p>
          <a class="kern-btn kern-btn--primary" href={block.href}>
            <span class="kern-label">{t('applications.start.stepUp')}</span>
          </a>
        </Alert>
      )}
      {block?.kind === 'forbidden' && (
        <Alert kind="warning">
          <p class="kern-body">{t(block.code)}</p>
        </Alert>
      )}
      {block === null && (
        <form method="post" action={`/antrag/${encodeURIComponent(p.key)}`}>
          <CsrfField view={view} />
          {startedFrom && (
            <>
              <p class="kern-body">{t('applications.start.fromEarlier')}</p>
              <input type="hidden" name="aus" value={startedFrom.application} />
              {startedFrom.duty && <input type="hidden" name="pflicht" value={startedFrom.duty} />}
            </>
          )}
          <SubmitButton>{t('applications.start.begin')}</SubmitButton>
        </form>
      )}
    </Layout>
  );
}
