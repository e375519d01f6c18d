import type { FieldError } from '../../core/errors.js';
import type { View } from '../../web/view.js';
import { Layout } from '../../web/layout.js';
import { Alert, ChoiceGroup, CsrfField, ErrorSummary, SubmitButton, TextField } from '../../web/components/form.js';
import type { Call, Posting } from './service.js';
import { toPointer } from '../../core/json-pointer.js';
import { formatDate, localDate } from '../../core/calendar/index.js';
import { attributePointer, type PostingFieldView } from './posting-fields.js';
import type { CallLabels } from './labels.js';

/** Field errors of one of the two forms, translated, keyed by the form's input ids. */
export interface FormProblems {
  /** `call` or the call id the posting form belongs to. */
  form: string;
  errors: FieldError[];
  /** What the form sent, by input name (a checkbox group: every ticked value). */
  values: Record<string, string | string[]>;
}

/** `call-opensOn`, `<call id>-attributes-school`: the input (or the first choice) a field error links to. */
const inputId = (form: string, pointer: string) => `${form}${pointer.replaceAll('/', '-')}`;

function errorOf(view: View, problems: FormProblems | undefined, form: string, pointer: string): string | undefined {
  if (problems?.form !== form) return undefined;
  const error = problems.errors.find((e) => e.pointer === pointer);
  return error ? view.t(error.code, error.params) : undefined;
}

/** A procedure that takes applications in calls, with the fields of its postings. */
export interface CallProcedure {
  key: string;
  title: string;
  fields: PostingFieldView[];
  labels: CallLabels;
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
      value={typeof value === 'string' ? value : undefined}
      error={errorOf(view, problems, form, toPointer(name))}
    />
  );
}

/** A posting field of the pack: radios or checkboxes when the form's code list gives the choices, else a text input. */
function AttributeField({ view, problems, form, field }: { view: View; problems?: FormProblems; form: string; field: PostingFieldView }) {
  const pointer = attributePointer(field.key);
  const name = pointer.slice(1);
  const sent = problems?.form === form ? problems.values[name] : undefined;
  const error = errorOf(view, problems, form, pointer);
  if (!field.choices) {
    return (
      <TextField view={view} id={inputId(form, pointer)} name={name} label={field.label} hint={field.hint} value={typeof sent === 'string' ? sent : undefined} error={error} />
    );
  }
  return (
    <ChoiceGroup
      view={view}
      id={inputId(form, pointer)}
      name={name}
      legend={field.label}
      hint={field.hint}
      error={error}
      choices={field.choices}
      selected={sent === undefined ? [] : [sent].flat()}
      multiple={field.multiple}
    />
  );
}

/** A stored calendar date as it reads in lists: `15.01.2026` (`15/01/2026` in English). */
const numericDate = (view: View, date: string) => formatDate(localDate(date), view.lang, 'numeric');

function Window({ view, item }: { view: View; item: { opensOn: string; closesOn: string } }) {
  return <>{view.t('calls.page.window', { opensOn: numericDate(view, item.opensOn), closesOn: numericDate(view, item.closesOn) })}</>;
}

/**
 * `/verwaltung/ausschreibungen`: the calls and postings of every procedure that has calls, and
 * forms to add them; a posting's form and table have the fields its procedure declares.
 */
export function AdminCallsPage({
  view,
  procedures,
  calls,
  problems,
}: {
  view: View;
  procedures: CallProcedure[];
  calls: (Call & { postings: Posting[] })[];
  problems?: FormProblems;
}) {
  const t = view.t;
  const summary = problems ? problems.errors.map((e) => ({ fieldId: inputId(problems.form, e.pointer), message: t(e.code, e.params) })) : [];
  const byKey = new Map(procedures.map((procedure) => [procedure.key, procedure]));
  const sentProcedure = problems?.form === 'call' ? problems.values.procedureKey : undefined;
  return (
    <Layout view={view} title={t('calls.admin.title')}>
      <h1 class="kern-heading-large">{t('calls.admin.title')}</h1>
      <ErrorSummary view={view} problems={summary} />
      {calls.length === 0 && <p class="kern-body">{t('calls.admin.none')}</p>}
      {calls.map((call) => {
        const procedure = byKey.get(call.procedureKey);
        const fields = procedure?.fields ?? [];
        return (
          <section key={call.id} aria-labelledby={`call-${call.id}`}>
            <h2 class="kern-heading-medium" id={`call-${call.id}`}>
              {call.title}
            </h2>
            <p class="kern-body">
              {procedures.length > 1 && procedure && <>{procedure.title} · </>}
              <Window view={view} item={call} />
              {call.startDate && <> · {t('calls.page.startDate', { label: procedure?.labels.startDate ?? t('calls.field.startDate'), date: numericDate(view, call.startDate) })}</>}
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
                    {fields.map((field) => (
                      <th class="kern-table__header" scope="col" key={field.key}>
                        {field.label}
                      </th>
                    ))}
                    <th class="kern-table__header" scope="col">
                      {t('calls.admin.window')}
                    </th>
                  </tr>
                </thead>
                <tbody class="kern-table__body">
                  {call.postings.map((p) => (
                    <tr class="kern-table__row" key={p.id}>
                      <td class="kern-table__cell">{p.reference}</td>
                      {fields.map((field) => (
                        <td class="kern-table__cell" key={field.key}>
                          {field.text(p.attributes[field.key])}
                        </td>
                      ))}
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
                {fields.map((field) => (
                  <AttributeField view={view} problems={problems} form={call.id} field={field} key={field.key} />
                ))}
                <Field view={view} problems={problems} form={call.id} name="opensOn" label={t('calls.field.opensOn')} type="date" />
                <Field view={view} problems={problems} form={call.id} name="closesOn" label={t('calls.field.closesOn')} type="date" />
                <SubmitButton>{t('calls.admin.addPosting')}</SubmitButton>
              </form>
            </details>
          </section>
        );
      })}
      <section aria-labelledby="new-call">
        <h2 class="kern-heading-medium" id="new-call">
          {t('calls.admin.newCall')}
        </h2>
        {procedures.length === 0 ? (
          <p class="kern-body">{t('calls.admin.noProcedure')}</p>
        ) : (
          <form method="post" action="/verwaltung/ausschreibungen">
            <CsrfField view={view} />
            {procedures.length === 1 ? (
              <input type="hidden" name="procedureKey" value={procedures[0]!.key} />
            ) : (
              <ChoiceGroup
                view={view}
                id={inputId('call', '/procedureKey')}
                name="procedureKey"
                legend={t('calls.field.procedure')}
                error={errorOf(view, problems, 'call', '/procedureKey')}
                choices={procedures.map((procedure) => ({ value: procedure.key, label: procedure.title }))}
                selected={typeof sentProcedure === 'string' ? [sentProcedure] : []}
              />
            )}
            <Field view={view} problems={problems} form="call" name="title" label={t('calls.field.title')} />
            <Field
              view={view}
              problems={problems}
              form="call"
              name="startDate"
              label={procedures.length === 1 ? procedures[0]!.labels.startDate : t('calls.field.startDate')}
              type="date"
              optional
            />
            <Field view={view} problems={problems} form="call" name="opensOn" label={t('calls.field.opensOn')} type="date" />
            <Field view={view} problems={problems} form="call" name="closesOn" label={t('calls.field.closesOn')} type="date" />
            <Field view={view} problems={problems} form="call" name="groups" label={t('calls.field.groups')} hint={t('calls.field.groupsHint')} optional />
            <SubmitButton>{t('calls.admin.newCall')}</SubmitButton>
          </form>
        )}
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
  fields,
  labels,
  earlier,
}: {
  view: View;
  title: string;
  procedureKey: string;
  calls: Call[];
  postings: (Posting & { callTitle: string })[];
  /** The procedure's posting fields: the first names a posting (with its reference), the others describe it. */
  fields: PostingFieldView[];
  labels: CallLabels;
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
  const [naming, ...describing] = fields;
  const postingName = (posting: Posting) => (naming ? `${naming.text(posting.attributes[naming.key])} (${posting.reference})` : posting.reference);
  const described = (posting: Posting) => describing.map((field) => field.text(posting.attributes[field.key])).filter(Boolean);
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
            {labels.postings}
          </h2>
          {postings.map((posting) => (
            <form method="post" action={action} key={posting.id}>
              <CsrfField view={view} />
              <input type="hidden" name="postingId" value={posting.id} />
              <h3 class="kern-heading-small">{postingName(posting)}</h3>
              <p class="kern-body">
                {described(posting).map((text) => `${text} · `)}
                <Window view={view} item={posting} />
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
