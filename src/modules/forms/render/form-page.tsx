import type { FieldError } from '../../../core/errors.js';
import { Alert, CsrfField, ErrorSummary, SubmitButton } from '../../../web/components/form.js';
import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import type { FormDefinition, Page } from '../definition.js';
import { rootScope, validateSubmission } from '../validate.js';
import { anchorFor, questionOf } from './anchors.js';
import { hasConditions } from './revealed.js';
import { Fields, type RenderContext } from './fields.js';
import { dateOf } from '../../../core/calendar/index.js';

export interface FormPageProps {
  view: View;
  form: FormDefinition;
  page: Page;
  /** The answers to show: the draft, with this page's raw input after a failed "Weiter". */
  values: Record<string, unknown>;
  errors?: FieldError[];
  warnings?: FieldError[];
  now: Date;
  /** Where the page posts to. */
  action: string;
  backHref?: string;
  /** Questions this page's answers have just opened (see `revealedFields`): named in a notice above the questions. */
  revealed?: string[];
}

/** Sent back with the answers: which fields the page showed (see `withoutUnseenRequired`). */
function ShownFields({ ctx }: { ctx: RenderContext }) {
  return <input type="hidden" name="_shown" value={ctx.shown.join(',')} />;
}

function hasRepeat(page: Page): boolean {
  const walk = (fields: Page['fields']): boolean => fields.some((f) => f.type === 'repeat' || (f.type === 'group' && walk(f.fields)));
  return walk(page.fields);
}

function hasFile(page: Page): boolean {
  const walk = (fields: Page['fields']): boolean => fields.some((f) => f.type === 'file' || ((f.type === 'group' || f.type === 'repeat') && walk(f.fields)));
  return walk(page.fields);
}

/**
 * One page of a form, GOV.UK style: the page title is the heading, the error summary comes first
 * (focused, each problem linking to its input), warnings next, then the questions and "Weiter".
 * Conditions are evaluated on the normalised answers, so a field whose condition became true with
 * this page's answers appears when the page is shown again.
 */
export function FormPage({ view, form, page, values, errors = [], warnings = [], now, action, backHref, revealed = [] }: FormPageProps) {
  const { t, lang } = view;
  const normal = validateSubmission(form, values, { now, lang }).value;
  const today = dateOf(now);
  const root = rootScope(normal, today);
  const messages = new Map<string, string>();
  for (const error of errors) if (!messages.has(error.pointer)) messages.set(error.pointer, t(error.code, error.params));
  const ctx: RenderContext = { view, form, errors: messages, shown: [], today, root };
  // On the page the question stands next to its message; the check page names it (`problemText`).
  const problems = errors.map((error) => ({ fieldId: anchorFor(page.fields, error.pointer), message: t(error.code, error.params) }));
  const opened = revealed.map((pointer) => ({ href: `#${anchorFor(page.fields, pointer)}`, question: questionOf(page.fields, pointer, lang) }));
  const title = `${errors.length ? `${t('form.errorPrefix')} ` : ''}${page.title[lang]}`;
  return (
    <Layout view={view} title={title} scripts={form.map ? ['/assets/forms.js', '/assets/map-picker.js'] : ['/assets/forms.js']}>
      {backHref && (
        <a class="kern-link aw-back-link" href={backHref}>
          {t('forms.back')}
        </a>
      )}
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
      {opened.length > 0 && (
        <Alert kind="info" title={t('forms.revealed.title', { count: opened.length })}>
          <ul class="kern-list">
            {opened.map((question) => (
              <li>
                <a class="kern-link" href={question.href}>
                  {question.question}
                </a>
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <p class="kern-preline">{form.title[lang]}</p>
      <h1 class="kern-title kern-title--large">{page.title[lang]}</h1>
      {page.intro && <p class="kern-body">{page.intro[lang]}</p>}
      <form
        method="post"
        action={action}
        noValidate
        enctype={hasFile(page) ? 'multipart/form-data' : undefined}
        class="aw-form"
        data-conditional={hasConditions(page) ? '' : undefined}
      >
        {hasRepeat(page) && (
          // Enter in a text box presses the first submit button: make that "Weiter", not "Entfernen".
          <button type="submit" name="_action" value="continue" class="kern-sr-only" tabIndex={-1} aria-hidden="true">
            {t('forms.continue')}
          </button>
        )}
        <CsrfField view={view} />
        {/* What /assets/forms.js swaps for the server's new rendering when a choice opens or closes questions. */}
        <div data-form-fields>
          <Fields ctx={ctx} fields={page.fields} container={values} normal={normal} pointer="" scope={root} />
          <ShownFields ctx={ctx} />
        </div>
        <SubmitButton name="_action" value="continue">
          {t('forms.continue')}
        </SubmitButton>
      </form>
    </Layout>
  );
}
