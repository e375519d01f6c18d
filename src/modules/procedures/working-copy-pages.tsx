import { formatDateTime } from '../../core/i18n/index.js';
import { pointerTokens } from '../../core/json-pointer.js';
import { Alert, ErrorSummary, PostForm, SubmitButton } from '../../web/components/form.js';
import type { View } from '../../web/view.js';
import type { PackProblem } from './pack.js';
import { Fact, StudioLayout, workingCopyPath } from './pages.js';
import type { WorkingCopy } from './working-copy.js';

/** The editor of a procedure's working copy (docs/studio.md): its pages and questions, and "Als Entwurf speichern". */

type Text = { de: string; en: string };
interface PageDocument {
  id: string;
  title?: Text;
  fields?: FieldDocument[];
}
interface FieldDocument {
  key: string;
  type: string;
  label?: Text;
  content?: Text;
  fields?: FieldDocument[];
}

const pagesOf = (copy: WorkingCopy) => ((copy.content.form as { pages?: PageDocument[] }).pages ?? []) as PageDocument[];
const pageAnchor = (page: number) => `seite-${page + 1}`;
const questionAnchor = (page: number, question: number) => `frage-${page + 1}-${question + 1}`;

/**
 * Where in the form a problem of `form.json` lies, for people: the page and the question (by their
 * titles, also inside groups), with the anchor of the top-level place in the editor's list.
 */
function placeOf(view: View, pages: PageDocument[], problem: PackProblem): { where: string[]; anchor: string | undefined } {
  if (!problem.file.endsWith('form.json')) return { where: [], anchor: undefined };
  const tokens = pointerTokens(problem.path);
  if (tokens[0] !== 'pages' || tokens[1] === undefined) return { where: [], anchor: undefined };
  const pageIndex = Number(tokens[1]);
  const page = pages[pageIndex];
  if (!page) return { where: [], anchor: undefined };
  const where = [view.t('procedures.studio.problem.page', { page: page.title?.[view.lang] ?? page.id })];
  let anchor = pageAnchor(pageIndex);
  let fields = page.fields ?? [];
  for (let at = 2; tokens[at] === 'fields' && tokens[at + 1] !== undefined; at += 2) {
    const index = Number(tokens[at + 1]);
    const field = fields[index];
    if (!field) break;
    where.push(view.t('procedures.studio.problem.question', { question: (field.label ?? field.content)?.[view.lang] ?? field.key }));
    if (at === 2) anchor = questionAnchor(pageIndex, index);
    fields = field.fields ?? [];
  }
  return { where, anchor };
}

export interface WorkingCopyPageProps {
  view: View;
  copy: WorkingCopy;
  notice?: 'started' | undefined;
  /** Why "Als Entwurf speichern" was refused: the pack's problems, or one message (i18n key and params). */
  problems?: PackProblem[] | undefined;
  error?: { code: string; params?: Record<string, string | number> | undefined } | undefined;
}

export function WorkingCopyPage({ view, copy, notice, problems = [], error }: WorkingCopyPageProps) {
  const { t, lang } = view;
  const pages = pagesOf(copy);
  const title = copy.content.procedure.title[lang];
  const summary = problems.map((problem, index) => {
    const { where, anchor } = placeOf(view, pages, problem);
    const place = where.length ? where.join(', ') : `${problem.file} ${problem.path || '/'}`;
    return { fieldId: anchor ?? `problem-${index}`, href: anchor ? `#${anchor}` : '#speichern', message: `${place}: ${problem.message}` };
  });
  return (
    <StudioLayout view={view} title={t('procedures.studio.workingCopy.title', { title })}>
      <ErrorSummary view={view} problems={summary} />
      {error && <Alert kind="danger">{t(error.code, error.params)}</Alert>}
      {notice && <Alert kind="success">{t(`procedures.studio.notice.${notice}`)}</Alert>}
      <p class="kern-body">{t('procedures.studio.workingCopy.intro')}</p>
      <dl class="kern-description-list">
        <Fact term={t('procedures.studio.fact.key')}>
          <code>{copy.key}</code>
        </Fact>
        <Fact term={t('procedures.studio.fact.revision')}>{copy.revision}</Fact>
        <Fact term={t('procedures.studio.fact.basedOn')}>
          {copy.basedOnVersion === undefined ? t('procedures.studio.fact.basedOnNone') : t('procedures.studio.fact.basedOnVersion', { version: copy.basedOnVersion })}
        </Fact>
        <Fact term={t('procedures.studio.fact.changed')}>
          {t('procedures.studio.by', { date: formatDateTime(lang, copy.changedAt), name: copy.changedByName ?? t('procedures.studio.someone') })}
        </Fact>
      </dl>

      <h2 class="kern-heading-medium">{t('procedures.studio.workingCopy.pages')}</h2>
      {pages.map((page, pageIndex) => (
        <section key={page.id} id={pageAnchor(pageIndex)} aria-labelledby={`${pageAnchor(pageIndex)}-titel`}>
          <h3 class="kern-heading-small" id={`${pageAnchor(pageIndex)}-titel`}>
            {t('procedures.studio.workingCopy.page', { number: pageIndex + 1, title: page.title?.[lang] ?? page.id })}
          </h3>
          {(page.fields ?? []).length === 0 ? (
            <p class="kern-body">{t('procedures.studio.workingCopy.noQuestions')}</p>
          ) : (
            <ol class="kern-list">
              {(page.fields ?? []).map((field, index) => (
                <li key={field.key} id={questionAnchor(pageIndex, index)}>
                  {(field.label ?? field.content)?.[lang] ?? field.key} ({t(`procedures.studio.fieldType.${field.type}`)})
                </li>
              ))}
            </ol>
          )}
        </section>
      ))}

      <section id="speichern" aria-labelledby="speichern-titel">
        <h2 class="kern-heading-medium" id="speichern-titel">
          {t('procedures.studio.workingCopy.save')}
        </h2>
        <PostForm view={view} action={`${workingCopyPath(copy.key)}/entwurf`}>
          <input type="hidden" name="revision" value={String(copy.revision)} />
          <p class="kern-body">{t('procedures.studio.workingCopy.save.hint')}</p>
          <SubmitButton>{t('procedures.studio.workingCopy.save')}</SubmitButton>
        </PostForm>
      </section>
    </StudioLayout>
  );
}
