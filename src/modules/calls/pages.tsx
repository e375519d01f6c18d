import type { FieldError } from '../../core/errors.js';
import type { View } from '../../web/view.js';
import { Layout } from '../../web/layout.js';
import { Alert, CsrfField, ErrorSummary, SubmitButton, TextField } from '../../web/components/form.js';
import type { Call, Posting } from './service.js';
import { toPointer } from '../../core/json-pointer.js';
import { formatDate, localDate } from '../../core/calendar/index.js';
import type { PostingLabels } from './posting-labels.js';

/** Field errors of one of the two forms, translated, keyed by the form's input ids. */
export interface FormProblems {
  /** `call` or the call id the posting form belongs to. */
  form: string;
  errors: FieldError[];
  values: Record<string, string>;
}

const inputId = (form: string, pointer: string) => `${form}-${pointer.slice(1)}`;

function errorOf(view: View, problems: FormProblems | undefined, form: string, name: string): string | undefined {
  if (problems?.form !== form) return undefined;
  const error = problems.errors.find((e) => e.pointer === toPointer(name));
  return error ? view.t(error.code, error.params) : undefined;
}

function Field({
  view,
  problems,
  form,
  name,
  label,
  hint,
  type = 'text',
  optional,
}: {
  view: View;
  problems?: FormProblems;
  form: string;
  name: string;
  label: string;
  hint?: string;
  type?: 'text' | 'date';
  optional?: boolean;
}) {
  const value = problems?.form === form ? problems.values[name] : undefined;
  return (
    <TextField
      view={view}
      id={inputId(form, toPointer(name))}
      name={name}
      label={label}
      hint={hint}
      type={type}
      optional={optional}
      value={value}
      error={errorOf(view, problems, form, name)}
    />
  );
}

/** A stored calendar date as it reads in lists: `15.01.2026` (`15/01/2026` in English). */
const numericDate = (view: View, date: string) => formatDate(localDate(date), view.lang, 'numeric');

function Window({ view, item }: { view: View; item: { opensOn: string; closesOn: string } }) {
  return <>{view.t('calls.page.window', { opensOn: numericDate(view, item.opensOn), closesOn: numericDate(view, item.closesOn) })}</>;
}

/** `/verwaltung/ausschreibungen`: the calls and postings of a procedure, and forms to add them. */
export function AdminCallsPage({
  view,
  procedureKey,
  calls,
  labels,
  problems,
}: {
  view: View;
  procedureKey: string;
  calls: (Call & { postings: Posting[] })[];
  labels: PostingLabels;
  problems?: FormProblems;
}) {
  const t = view.t;
  const summary = problems ? problems.errors.map((e) => ({ fieldId: inputId(problems.form, e.pointer), message: t(e.code, e.params) })) : [];
  return (
    <Layout view={view} title={t('calls.admin.title')}>
      <h1 class="kern-heading-large">{t('calls.admin.title')}</h1>
      <ErrorSummary view={view} problems={summary} />
      {calls.length === 0 && <p class="kern-body">{t('calls.admin.none')}</p>}
      {calls.map((call) => (
        <section key={call.id} aria-labelledby={`call-${call.id}`}>
          <h2 class="kern-heading-medium" id={`call-${call.id}`}>
            {call.title}
          </h2>
          <p class="kern-body">
            <Window view={view} item={call} />
            {call.hiringDate && <> · {t('calls.page.hiringDate', { date: numericDate(view, call.hiringDate) })}</>}
            {call.groups.length > 0 && <> · {t('calls.page.groups', { groups: call.groups.join(', ') })}</>}
          </p>
          <p class="kern-body">
            <a class="kern-link" href={`/verwaltung/ausschreibungen/${call.id}/rangliste`}>
              {t('calls.ranking.link')}
            </a>
          </p>
          {call.postings.length > 0 && (
            <table class="kern-table">
              <caption class="kern-table__caption">{t('calls.admin.postings')}</caption>
              <thead class="kern-table__head">
                <tr class="kern-table__row">
                  <th class="kern-table__header" scope="col">
                    {t('calls.field.reference')}
                  </th>
                  <th class="kern-table__header" scope="col">
                    {t('calls.field.school')}
                  </th>
                  <th class="kern-table__header" scope="col">
                    {t('calls.field.schulart')}
                  </th>
                  <th class="kern-table__header" scope="col">
                    {t('calls.field.subjects')}
                  </th>
                  <th class="kern-table__header" scope="col">
                    {t('calls.admin.window')}
                  </th>
                </tr>
              </thead>
              <tbody class="kern-table__body">
                {call.postings.map((p) => (
                  <tr class="kern-table__row" key={p.id}>
                    <td class="kern-table__cell">{p.reference}</td>
                    <td class="kern-table__cell">{p.school}</td>
                    <td class="kern-table__cell">{labels.schulart(p.schulart)}</td>
                    <td class="kern-table__cell">{labels.subjects(p.subjects)}</td>
                    <td class="kern-table__cell">
                      <Window view={view} item={p} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <details class="kern-accordion" open={problems?.form === call.id}>
            <summary class="kern-accordion__header">
              <span class="kern-title">{t('calls.admin.addPosting')}</span>
            </summary>
            <form method="post" action={`/verwaltung/ausschreibungen/${call.id}/stellen`} class="kern-accordion__body">
              <CsrfField view={view} />
              <Field view={view} problems={problems} form={call.id} name="reference" label={t('calls.field.reference')} />
              <Field view={view} problems={problems} form={call.id} name="school" label={t('calls.field.school')} />
              <Field view={view} problems={problems} form={call.id} name="schulart" label={t('calls.field.schulart')} hint={t('calls.field.schulartHint')} />
              <Field view={view} problems={problems} form={call.id} name="subjects" label={t('calls.field.subjects')} hint={t('calls.field.subjectsHint')} />
              <Field view={view} problems={problems} form={call.id} name="opensOn" label={t('calls.field.opensOn')} type="date" />
              <Field view={view} problems={problems} form={call.id} name="closesOn" label={t('calls.field.closesOn')} type="date" />
              <SubmitButton>{t('calls.admin.addPosting')}</SubmitButton>
            </form>
          </details>
        </section>
      ))}
      <section aria-labelledby="new-call">
        <h2 class="kern-heading-medium" id="new-call">
          {t('calls.admin.newCall')}
        </h2>
        <form method="post" action="/verwaltung/ausschreibungen">
          <CsrfField view={view} />
          <input type="hidden" name="procedureKey" value={procedureKey} />
          <Field view={view} problems={problems} form="call" name="title" label={t('calls.field.title')} />
          <Field view={view} problems={problems} form="call" name="hiringDate" label={t('calls.field.hiringDate')} type="date" optional />
          <Field view={view} problems={problems} form="call" name="opensOn" label={t('calls.field.opensOn')} type="date" />
          <Field view={view} problems={problems} form="call" name="closesOn" label={t('calls.field.closesOn')} type="date" />
          <Field view={view} problems={problems} form="call" name="groups" label={t('calls.field.groups')} hint={t('calls.field.groupsHint')} optional />
          <SubmitButton>{t('calls.admin.newCall')}</SubmitButton>
        </form>
      </section>
    </Layout>
  );
}

/** `/antrag/<key>/runde`: the applicant chooses an open call (list procedure) or a posting. */
export function ChooseCallPage({
  view,
  title,
  procedureKey,
  calls,
  postings,
  labels,
  earlier,
}: {
  view: View;
  title: string;
  procedureKey: string;
  calls: Call[];
  postings: (Posting & { callTitle: string })[];
  labels: PostingLabels;
  /** Per call id: what the signed-in person already applied for there, and the kinds (worded) still open to them. */
  earlier: Map<string, { reference: string; remaining: string[] }>;
}) {
  const t = view.t;
  const action = `/antrag/${procedureKey}/runde`;
  /** Says so when the person already applied in the call, and what is left to apply for (no title: it sits under an h3). */
  const AppliedNotice = ({ callId }: { callId: string }) => {
    const applied = earlier.get(callId);
    if (!applied) return null;
    return (
      <Alert kind={applied.remaining.length ? 'info' : 'warning'}>
        <p class="kern-body">
          {t('calls.choose.applied', { reference: applied.reference })}{' '}
          {applied.remaining.length ? t('calls.choose.appliedRemaining', { kinds: applied.remaining.join(', ') }) : t('calls.choose.appliedAll')}
        </p>
      </Alert>
    );
  };
  const canApply = (callId: string) => (earlier.get(callId)?.remaining.length ?? 1) > 0;
  return (
    <Layout view={view} title={t('calls.choose.title')}>
      <h1 class="kern-heading-large">{t('calls.choose.title')}</h1>
      <p class="kern-body">{title}</p>
      {calls.length + postings.length === 0 && <p class="kern-body">{t('calls.choose.none')}</p>}
      {calls.length > 0 && (
        <section aria-labelledby="rounds">
          <h2 class="kern-heading-medium" id="rounds">
            {t('calls.choose.rounds')}
          </h2>
          {calls.map((call) => (
            <form method="post" action={action} key={call.id}>
              <CsrfField view={view} />
              <input type="hidden" name="callId" value={call.id} />
              <h3 class="kern-heading-small">{call.title}</h3>
              <p class="kern-body">
                <Window view={view} item={call} />
              </p>
              <AppliedNotice callId={call.id} />
              {canApply(call.id) && <SubmitButton>{t('calls.choose.apply', { title: call.title })}</SubmitButton>}
            </form>
          ))}
        </section>
      )}
      {postings.length > 0 && (
        <section aria-labelledby="postings">
          <h2 class="kern-heading-medium" id="postings">
            {t('calls.choose.postings')}
          </h2>
          {postings.map((posting) => (
            <form method="post" action={action} key={posting.id}>
              <CsrfField view={view} />
              <input type="hidden" name="postingId" value={posting.id} />
              <h3 class="kern-heading-small">
                {posting.school} ({posting.reference})
              </h3>
              <p class="kern-body">
                {labels.schulart(posting.schulart)} · {labels.subjects(posting.subjects)} · <Window view={view} item={posting} />
              </p>
              <AppliedNotice callId={posting.callId} />
              {canApply(posting.callId) && <SubmitButton>{t('calls.choose.apply', { title: posting.reference })}</SubmitButton>}
            </form>
          ))}
        </section>
      )}
    </Layout>
  );
}
