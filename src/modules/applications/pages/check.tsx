import { Alert, CsrfField, ErrorSummary, SubmitButton, type FieldProblem } from '../../../web/components/form.js';
import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import { anchorFor, CheckAnswers, pageOfPointer, problemText, type FormDefinition } from '../../forms/index.js';
import type { FieldError } from '../../../core/errors.js';
import type { ProcedureVersion } from '../../procedures/index.js';

/** Where the check page's links and its form go: a draft's own pages, or the studio's preview. */
export interface CheckLinks {
  /** The "Ändern" link of an answer (and of a problem) on its form page. */
  pageHref: (pageId: string, fieldId: string) => string;
  /** Where "Verbindlich absenden" posts. */
  submitAction: string;
  /** Hidden fields posted with it besides the CSRF token (the preview's answers). */
  hidden?: Record<string, string>;
}

/** The check page of a stored draft. */
export const draftCheckLinks = (applicationId: string): CheckLinks => ({
  pageHref: (pageId, fieldId) => `/antraege/${applicationId}/seite/${encodeURIComponent(pageId)}#${fieldId}`,
  submitAction: `/antraege/${applicationId}/absenden`,
});

export interface CheckPageProps {
  view: View;
  links: CheckLinks;
  procedure: ProcedureVersion;
  value: Record<string, unknown>;
  errors: FieldError[];
  warnings: FieldError[];
  declarationError: boolean;
  now: Date;
}

/** Each problem names its question and links to its input on the form's page. */
function problemsOf(view: View, links: CheckLinks, form: FormDefinition, errors: FieldError[]): FieldProblem[] {
  return errors.map((error) => {
    const page = pageOfPointer(form, error.pointer) ?? form.pages[0]!;
    const fieldId = anchorFor(page.fields, error.pointer);
    return { fieldId, href: links.pageHref(page.id, fieldId), message: problemText(view, page.fields, error) };
  });
}

/** Check your answers: every answer with a change link, the declaration, and "Verbindlich absenden". */
export function CheckPage({ view, links, procedure, value, errors, warnings, declarationError, now }: CheckPageProps) {
  const { t, lang } = view;
  const { form, procedure: p } = procedure;
  const problems = problemsOf(view, links, form, errors);
  if (declarationError) problems.push({ fieldId: 'declaration', message: t('applications.check.declarationMissing') });
  const hasProblems = problems.length > 0;
  return (
    <Layout view={view} title={`${hasProblems ? `${t('form.errorPrefix')} ` : ''}${t('applications.check.title')}`}>
      <ErrorSummary view={view} problems={problems} />
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
      <CheckAnswers view={view} form={form} value={value} now={now} changeHref={(page, fieldId) => links.pageHref(page.id, fieldId)} />
      <h2 class="kern-title">{t('applications.check.declarationTitle')}</h2>
      <form method="post" action={links.submitAction} class="aw-form">
        <CsrfField view={view} />
        {Object.entries(links.hidden ?? {}).map(([name, value]) => (
          <input type="hidden" name={name} value={value} key={name} />
        ))}
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
