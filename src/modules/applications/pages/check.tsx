import { Alert, CsrfField, SubmitButton } from '../../../web/components/form.js';
import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import { CheckAnswers, pageOfPointer, type FormDefinition } from '../../forms/index.js';
import type { FieldError } from '../../../core/errors.js';
import type { ProcedureVersion } from '../../procedures/index.js';

export interface CheckPageProps {
  view: View;
  applicationId: string;
  procedure: ProcedureVersion;
  value: Record<string, unknown>;
  errors: FieldError[];
  warnings: FieldError[];
  declarationError: boolean;
  now: Date;
}

function pageHref(applicationId: string, form: FormDefinition, pointer: string): string {
  const page = pageOfPointer(form, pointer) ?? form.pages[0]!;
  return `/antraege/${applicationId}/seite/${encodeURIComponent(page.id)}`;
}

/** Check your answers: every answer with a change link, the declaration, and "Verbindlich absenden". */
export function CheckPage({ view, applicationId, procedure, value, errors, warnings, declarationError, now }: CheckPageProps) {
  const { t, lang } = view;
  const { form, procedure: p } = procedure;
  const hasProblems = errors.length > 0 || declarationError;
  return (
    <Layout view={view} title={`${hasProblems ? `${t('form.errorPrefix')} ` : ''}${t('applications.check.title')}`}>
      {hasProblems && (
        <div class="kern-alert kern-alert--danger aw-error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} autoFocus>
          <div class="kern-alert__header">
            <h2 class="kern-title" id="error-summary-title">
              {t('error.summaryTitle')}
            </h2>
          </div>
          <div class="kern-alert__body">
            <ul class="kern-list">
              {errors.map((error) => (
                <li>
                  <a class="kern-link" href={pageHref(applicationId, form, error.pointer)}>
                    {t(error.code, error.params)}
                  </a>
                </li>
              ))}
              {declarationError && (
                <li>
                  <a class="kern-link" href="#declaration">
                    {t('applications.check.declarationMissing')}
                  </a>
                </li>
              )}
            </ul>
          </div>
        </div>
      )}
      {warnings.length > 0 && (
        <Alert kind="warning" title={t('forms.warningsTitle')}>
          <ul class="kern-list">
            {warnings.map((warning) => (
              <li>{t(warning.code, warning.params)}</li>
            ))}
          </ul>
        </Alert>
      )}
      <p class="kern-preline">{p.title[lang]}</p>
      <h1 class="kern-title kern-title--large">{t('applications.check.title')}</h1>
      <CheckAnswers view={view} form={form} value={value} now={now} changeHref={(page, fieldId) => `/antraege/${applicationId}/seite/${encodeURIComponent(page.id)}#${fieldId}`} />
      <h2 class="kern-title">{t('applications.check.declarationTitle')}</h2>
      <form method="post" action={`/antraege/${applicationId}/absenden`} class="aw-form">
        <CsrfField view={view} />
        <fieldset class={`kern-fieldset${declarationError ? ' kern-fieldset--error' : ''}`}>
          <legend class="kern-label">{t('applications.check.declarationLegend')}</legend>
          {declarationError && (
            <p class="kern-error" id="declaration-error">
              <span class="kern-sr-only">{t('form.errorPrefix')} </span>
              {t('applications.check.declarationMissing')}
            </p>
          )}
          <div class="kern-fieldset__body">
            <div class="kern-form-check">
              <input
                class={`kern-form-check__checkbox${declarationError ? ' kern-form-check__checkbox--error' : ''}`}
                type="checkbox"
                id="declaration"
                name="declaration"
                value="yes"
                aria-describedby={declarationError ? 'declaration-error' : undefined}
              />
              <label class="kern-label" for="declaration">
                {p.declaration[lang]}
              </label>
            </div>
          </div>
        </fieldset>
        <SubmitButton>{t('applications.check.submit')}</SubmitButton>
      </form>
    </Layout>
  );
}
