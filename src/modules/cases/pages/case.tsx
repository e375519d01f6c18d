import { formatDateTime } from '../../../core/i18n/index.js';
import { Alert, ChoiceGroup, CsrfField, ErrorSummary, SubmitButton, TextField } from '../../../web/components/form.js';
import { Layout } from '../../../web/layout.js';
import type { View } from '../../../web/view.js';
import type { Authority } from '../access.js';
import type { CaseView } from '../case-view.js';
import { euros, germanDate } from '../documents.js';
import type { Workflow, WorkflowAction, WorkflowInput } from '../workflow/schema.js';
import { answersHtml } from './answers-html.js';

/** What a failed or finished post leaves for the page: the posted values are shown again, with the problems. */
export interface CaseFormState {
  /** Which form was posted: `action:<name>`, `note`, `message`, `approval`, `resubmission`, `draft`, `fee`, `assign`. */
  form?: string;
  values?: Record<string, string>;
  /** Field id → message in the user's language. */
  errors?: Record<string, string>;
  /** A refusal of the whole form (e.g. "changed meanwhile"), in the user's language. */
  problem?: string;
  notice?: string;
}

export interface CasePageProps {
  view: View;
  data: CaseView;
  state: CaseFormState;
  /** Authorities an `authority` input may name, by kind. */
  authorities: Record<string, Authority[]>;
  /** Whom a team lead may assign the case to, and the teams they may route it to. */
  colleagues: { accountId: string; name: string }[];
  teams: { id: string; name: string }[];
  /** The viewer's account, to offer "take" or "release". */
  accountId: string | null;
}

function previewable(type: string): 'image' | 'pdf' | null {
  if (type === 'image/png' || type === 'image/jpeg') return 'image';
  return type === 'application/pdf' ? 'pdf' : null;
}

function VersionField({ version }: { version: number }) {
  return <input type="hidden" name="version" value={String(version)} />;
}

/** A team lead's choice of a person (`assign`) or a team (`team`) for the case. */
function AssignmentForm({
  view,
  caseId,
  version,
  kind,
  id,
  name,
  label,
  submit,
  options,
}: {
  view: View;
  caseId: string;
  version: number;
  kind: 'assign' | 'team';
  id: string;
  name: string;
  label: string;
  submit: string;
  options: { value: string; label: string }[];
}) {
  return (
    <form method="post" action={`/bearbeitung/vorgaenge/${caseId}/zuweisung`}>
      <CsrfField view={view} />
      <VersionField version={version} />
      <input type="hidden" name="kind" value={kind} />
      <div class="kern-form-input">
        <label class="kern-label" for={id}>
          {label}
        </label>
        <select class="kern-form-input__select" id={id} name={name}>
          {options.map((o) => (
            <option value={o.value}>{o.label}</option>
          ))}
        </select>
      </div>
      <SubmitButton variant="secondary">{submit}</SubmitButton>
    </form>
  );
}

function ActionInput({
  view,
  actionName,
  input,
  state,
  authorities,
}: {
  view: View;
  actionName: string;
  input: WorkflowInput;
  state: CaseFormState;
  authorities: Record<string, Authority[]>;
}) {
  const id = `action-${actionName}-${input.name}`;
  const posted = state.form === `action:${actionName}`;
  const value = posted ? state.values?.[input.name] : undefined;
  const error = posted ? state.errors?.[id] : undefined;
  const common = { view, id, name: `input.${input.name}`, label: input.label[view.lang], hint: input.hint?.[view.lang], error, value, optional: input.required === false };
  switch (input.type) {
    case 'textarea':
      return <TextField {...common} multiline maxLength={input.maxLength ?? 10_000} />;
    case 'date':
      return <TextField {...common} type="date" />;
    case 'money':
      return <TextField {...common} inputMode="decimal" />;
    case 'choice':
      return (
        <ChoiceGroup
          view={view}
          id={id}
          name={`input.${input.name}`}
          legend={input.label[view.lang]}
          error={error}
          choices={input.options!.map((o) => ({ value: o.value, label: o.label[view.lang] }))}
          selected={value ? [value] : []}
        />
      );
    case 'authority': {
      const options = (input.authorityKinds ?? []).flatMap((kind) => authorities[kind] ?? []);
      return (
        <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
          <label class="kern-label" for={id}>
            {input.label[view.lang]}
          </label>
          {error && (
            <p class="kern-error" id={`${id}-error`}>
              {error}
            </p>
          )}
          <select class="kern-form-input__select" id={id} name={`input.${input.name}`} aria-describedby={error ? `${id}-error` : undefined}>
            {options.map((a) => (
              <option value={a.id} selected={value === a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </div>
      );
    }
    default:
      return <TextField {...common} maxLength={input.maxLength ?? 500} />;
  }
}

function ActionForm({
  view,
  data,
  name,
  action,
  state,
  authorities,
}: {
  view: View;
  data: CaseView;
  name: string;
  action: WorkflowAction;
  state: CaseFormState;
  authorities: Record<string, Authority[]>;
}) {
  const headingId = `action-${name}`;
  return (
    <section class="aw-case-action" aria-labelledby={headingId}>
      <h3 class="kern-title kern-title--small" id={headingId}>
        {action.label[view.lang]}
        {action.fourEyes ? ` (${view.t('cases.workflow.fourEyes')})` : ''}
      </h3>
      <form method="post" action={`/bearbeitung/vorgaenge/${data.kase.id}/aktion`}>
        <CsrfField view={view} />
        <VersionField version={data.kase.version} />
        <input type="hidden" name="action" value={name} />
        {(action.inputs ?? []).map((input) => (
          <ActionInput view={view} actionName={name} input={input} state={state} authorities={authorities} />
        ))}
        <SubmitButton variant={action.inputs?.length ? 'primary' : 'secondary'}>{action.label[view.lang]}</SubmitButton>
      </form>
    </section>
  );
}

function eventText(view: View, data: CaseView, event: CaseView['events'][number]): string {
  const details = JSON.parse(event.details) as Record<string, unknown>;
  const { workflow } = data;
  const stateName = (s: string | null) => (s ? (workflow.states[s]?.staff[view.lang] ?? s) : '');
  const actionName = (a: string | null) => (a ? (workflow.actions[a]?.label[view.lang] ?? a) : '');
  const text = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));
  return view.t(`cases.event.${event.kind}`, {
    action: actionName(event.action),
    from: stateName(event.from_state),
    to: stateName(event.to_state),
    name: text(details.name),
    due: details.due ? germanDate(text(details.due)) : details.processingDeadline ? germanDate(text(details.processingDeadline)) : '',
    authority: text(details.authorityName),
    opinion: text(details.opinion),
    comment: text(details.comment),
    reason: details.reason ? ` – ${text(details.reason)}` : '',
    date: details.date ? germanDate(text(details.date)) : '–',
    status: details.status ? view.t(`cases.page.feeStatus.${text(details.status)}`) : '',
  });
}

/** The case page's sections, in page order: anchors and their headings' message keys. */
const caseSections: [string, string][] = [
  ['ueberblick', 'cases.page.summary'],
  ['zustaendigkeit', 'cases.page.assignment'],
  ['schritte', 'cases.page.actions'],
  ['antrag', 'cases.page.application'],
  ['anlagen', 'cases.page.attachments'],
  ['postfach', 'cases.page.postfach'],
  ['dokumente', 'cases.page.documents'],
  ['fristen', 'cases.page.deadlines'],
  ['notizen', 'cases.page.notes'],
  ['verlauf', 'cases.page.timeline'],
];

/** "Auf dieser Seite": links to the sections, so a long case needs no scrolling to find its part. */
function CaseNav({ view }: { view: View }) {
  return (
    <nav aria-labelledby="case-nav-title" class="aw-case-nav">
      <h2 class="kern-title kern-title--small" id="case-nav-title">
        {view.t('cases.page.onThisPage')}
      </h2>
      <ul class="kern-list">
        {caseSections.map(([anchor, key]) => (
          <li key={anchor}>
            <a class="kern-link" href={`#${anchor}`}>
              {view.t(key)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A result as the workflow names it: the label of the choice it was picked from (e.g. "Zurückgenommen"), else its code. */
function resultLabel(workflow: Workflow, result: string, lang: View['lang']): string {
  for (const action of Object.values(workflow.actions))
    for (const input of action.inputs ?? []) {
      const option = input.options?.find((candidate) => candidate.value === result);
      if (option) return option.label[lang];
    }
  return result;
}

/**
 * One case, grouped. The work (steps the workflow allows now, application and files, Postfach,
 * documents) in the wide column; beside it, on wide screens, the in-page navigation, the summary
 * and who works on it above, deadlines, notes and the timeline below. On a phone it is one column
 * in that order: overview, work, record.
 */
export function CasePage({ view, data, state, authorities, colleagues, teams, accountId }: CasePageProps) {
  const { t } = view;
  const { kase, workflow, application } = data;
  const problems = Object.entries(state.errors ?? {}).map(([fieldId, message]) => ({ fieldId, message }));
  const pending = data.approvals.find((a) => a.id === kase.pendingApprovalId);
  const fileHref = (sha256: string) => `/bearbeitung/vorgaenge/${kase.id}/dateien/${sha256}`;
  const stateText = workflow.states[kase.state]?.staff[view.lang] ?? kase.state;
  const openDeadlines = data.deadlines;
  const lastDraft = [...data.documents].reverse().find((d) => d.status === 'draft' && !data.documents.some((f) => f.kind === d.kind && f.status === 'final'));
  return (
    <Layout view={view} title={`${problems.length ? `${t('form.errorPrefix')} ` : ''}${t('cases.page.title', { reference: kase.reference })}`}>
      <ErrorSummary view={view} problems={problems} />
      {state.problem && (
        <Alert kind="warning">
          <p class="kern-body">{state.problem}</p>
        </Alert>
      )}
      {state.notice && (
        <Alert kind="success">
          <p class="kern-body">{state.notice}</p>
        </Alert>
      )}
      <p class="kern-preline">{application.version.procedure.title[view.lang]}</p>
      <h1 class="kern-title kern-title--large">
        {t('cases.page.title', { reference: kase.reference })}
        {kase.kind === 'involvement' ? ` – ${t('cases.involvement')}` : ''}
      </h1>

      <div class="aw-case-layout">
        <div class="aw-case-aside">
          <CaseNav view={view} />
          <section aria-labelledby="ueberblick">
            <h2 class="kern-title" id="ueberblick">
              {t('cases.page.summary')}
            </h2>
            {/* Label above value: the column beside the work is too narrow for KERN's 30% label column. */}
            <dl class="kern-description-list kern-description-list--col">
              {[
                [t('cases.page.state'), stateText],
                [t('cases.col.applicant'), kase.applicantName],
                [t('cases.col.gemeinde'), kase.gemeinde ?? '–'],
                [t('cases.page.received'), formatDateTime(view.lang, kase.createdAt)],
                [t('cases.page.assignee'), kase.assigneeName ?? t('cases.unassigned')],
                [t('cases.page.team'), data.team?.name ?? t('cases.page.noTeam')],
                [
                  t('cases.page.deadline'),
                  kase.processingDeadline
                    ? germanDate(kase.processingDeadline) + (kase.clockSuspendedSince ? ` (${t('cases.page.clockSuspended', { date: germanDate(kase.clockSuspendedSince) })})` : '')
                    : '–',
                ],
                [t('cases.page.resubmission'), kase.resubmissionDate ? germanDate(kase.resubmissionDate) : '–'],
                ...(kase.feeCents ? [[t('cases.page.fee'), `${euros(kase.feeCents)} (${t(`cases.page.feeStatus.${kase.feeStatus ?? 'open'}`)})`]] : []),
                ...(kase.result
                  ? [
                      [
                        t('cases.page.result'),
                        kase.resultNote ? `${resultLabel(workflow, kase.result, view.lang)} – ${kase.resultNote}` : resultLabel(workflow, kase.result, view.lang),
                      ],
                    ]
                  : []),
                [
                  t('cases.page.eakte'),
                  <a class="kern-link" href={`/bearbeitung/vorgaenge/${kase.id}/akte`}>
                    {t('cases.page.eakteLink')}
                  </a>,
                ],
              ].map(([key, value]) => (
                <div class="kern-description-list-item">
                  <dt class="kern-description-list-item__key">{key}</dt>
                  <dd class="kern-description-list-item__value">{value}</dd>
                </div>
              ))}
            </dl>
          </section>

          <section aria-labelledby="zustaendigkeit">
            <h2 class="kern-title" id="zustaendigkeit">
              {t('cases.page.assignment')}
            </h2>
            {kase.open && (
              <div class="aw-case-assignment">
                {kase.assigneeAccountId !== accountId ? (
                  <form method="post" action={`/bearbeitung/vorgaenge/${kase.id}/zuweisung`}>
                    <CsrfField view={view} />
                    <VersionField version={kase.version} />
                    <input type="hidden" name="kind" value="take" />
                    <SubmitButton variant="secondary">{t('cases.page.take')}</SubmitButton>
                  </form>
                ) : (
                  <form method="post" action={`/bearbeitung/vorgaenge/${kase.id}/zuweisung`}>
                    <CsrfField view={view} />
                    <VersionField version={kase.version} />
                    <input type="hidden" name="kind" value="release" />
                    <SubmitButton variant="tertiary">{t('cases.page.release')}</SubmitButton>
                  </form>
                )}
                {data.mayAssign && colleagues.length > 0 && (
                  <AssignmentForm
                    view={view}
                    caseId={kase.id}
                    version={kase.version}
                    kind="assign"
                    id="assign-to"
                    name="assignee"
                    label={t('cases.page.assignTo')}
                    submit={t('cases.page.assign')}
                    options={colleagues.map((c) => ({ value: c.accountId, label: c.name }))}
                  />
                )}
                {data.mayAssign && teams.length > 0 && (
                  <AssignmentForm
                    view={view}
                    caseId={kase.id}
                    version={kase.version}
                    kind="team"
                    id="route-to"
                    name="team"
                    label={t('cases.page.routeTo')}
                    submit={t('cases.page.route')}
                    options={teams.map((team) => ({ value: team.id, label: team.name }))}
                  />
                )}
              </div>
            )}
          </section>
        </div>
        <div class="aw-case-main">
          <section class="aw-case-section" aria-labelledby="schritte">
            <h2 class="kern-title" id="schritte">
              {t('cases.page.actions')}
            </h2>
            {pending && (
              <section aria-labelledby="approval-title">
                <h3 class="kern-title kern-title--small" id="approval-title">
                  {t('cases.page.approval')}
                </h3>
                <p class="kern-body">
                  {t('cases.page.approvalWaiting', { action: workflow.actions[pending.action]?.label[view.lang] ?? pending.action, name: pending.requested_by_name })}
                </p>
                {data.mayApprove && (
                  <form method="post" action={`/bearbeitung/vorgaenge/${kase.id}/freigabe`}>
                    <CsrfField view={view} />
                    <VersionField version={kase.version} />
                    <TextField
                      view={view}
                      id="approval-comment"
                      name="comment"
                      label={t('cases.page.comment')}
                      multiline
                      optional
                      value={state.form === 'approval' ? state.values?.comment : undefined}
                      error={state.errors?.['approval-comment']}
                    />
                    <div class="kern-btn-wrapper">
                      <SubmitButton name="decision" value="approve">
                        {t('cases.page.approve')}
                      </SubmitButton>
                      <SubmitButton name="decision" value="reject" variant="secondary">
                        {t('cases.page.reject')}
                      </SubmitButton>
                    </div>
                  </form>
                )}
              </section>
            )}
            {data.actions.length === 0 && !pending && <p class="kern-body">{t('cases.page.noActions')}</p>}
            {data.actions.map(({ name, action }) => (
              <ActionForm view={view} data={data} name={name} action={action} state={state} authorities={authorities} />
            ))}
          </section>
          <section class="aw-case-section" aria-labelledby="antrag">
            <h2 class="kern-title" id="antrag">
              {t('cases.page.application')}
            </h2>
            <div class="aw-case-answers" dangerouslySetInnerHTML={{ __html: answersHtml(view, application) }} />

            <h2 class="kern-title" id="anlagen">
              {t('cases.page.attachments')}
            </h2>
            {application.attachments.length === 0 && <p class="kern-body">{t('cases.page.noAttachments')}</p>}
            <ul class="kern-list aw-case-files">
              {application.attachments.map((file) => (
                <li>
                  <a class="kern-link" href={fileHref(file.sha256)}>
                    {t('cases.page.open', { name: file.name })}
                  </a>
                  {previewable(file.type) === 'image' && (
                    <img class="aw-case-preview" src={fileHref(file.sha256)} alt={t('cases.page.preview', { name: file.name })} width="320" loading="lazy" />
                  )}
                  {previewable(file.type) === 'pdf' && (
                    <iframe class="aw-case-preview" src={fileHref(file.sha256)} title={t('cases.page.preview', { name: file.name })} width="100%" height="480" loading="lazy" />
                  )}
                </li>
              ))}
            </ul>
          </section>
          <section class="aw-case-section" aria-labelledby="postfach">
            <h2 class="kern-title" id="postfach">
              {t('cases.page.postfach')}
            </h2>
            {data.messages.length === 0 && <p class="kern-body">{t('cases.page.noMessages')}</p>}
            {data.messages.map((message) => (
              <article class="aw-message" aria-labelledby={`message-${message.id}`}>
                <h3 class="kern-title kern-title--small" id={`message-${message.id}`}>
                  {message.direction === 'in' ? t('cases.page.fromApplicant') : t('cases.page.fromAuthority', { name: message.authorName })}
                  {message.subject ? ` – ${message.subject}` : ''}
                </h3>
                <p class="kern-hint">
                  <time dateTime={message.createdAt}>{formatDateTime(view.lang, message.createdAt)}</time>
                </p>
                <p class="kern-body aw-preline">{message.body}</p>
                {message.attachments.length > 0 && (
                  <ul class="kern-list">
                    {message.attachments.map((file) => (
                      <li>
                        <a class="kern-link" href={fileHref(file.sha256)}>
                          {t('cases.page.open', { name: file.name })}
                        </a>
                      </li>
                    ))}
                  </ul>
                )}
              </article>
            ))}
            {kase.kind === 'case' && kase.open && (
              <form method="post" action={`/bearbeitung/vorgaenge/${kase.id}/nachricht`}>
                <CsrfField view={view} />
                <h3 class="kern-title kern-title--small">{t('cases.page.writeMessage')}</h3>
                <TextField
                  view={view}
                  id="message-subject"
                  name="subject"
                  label={t('cases.page.subject')}
                  maxLength={200}
                  value={state.form === 'message' ? state.values?.subject : undefined}
                  error={state.errors?.['message-subject']}
                />
                <TextField
                  view={view}
                  id="message-body"
                  name="body"
                  label={t('cases.page.body')}
                  multiline
                  maxLength={10_000}
                  value={state.form === 'message' ? state.values?.body : undefined}
                  error={state.errors?.['message-body']}
                />
                <SubmitButton variant="secondary">{t('cases.page.send')}</SubmitButton>
              </form>
            )}
          </section>
          <section class="aw-case-section" aria-labelledby="dokumente">
            <h2 class="kern-title" id="dokumente">
              {t('cases.page.documents')}
            </h2>
            <ul class="kern-list">
              {data.documents.map((d) => (
                <li>
                  {d.title} – {t(d.status === 'final' ? 'cases.page.documentFinal' : 'cases.page.documentDraft', { version: d.version })} ({d.author_name},{' '}
                  {formatDateTime(view.lang, d.created_at)})
                  {d.pdf_sha256 && (
                    <>
                      {' '}
                      –{' '}
                      <a class="kern-link" href={fileHref(d.pdf_sha256)}>
                        PDF
                      </a>
                    </>
                  )}
                  {d.made_available_at && (
                    <>
                      . {t('cases.page.madeAvailable', { date: formatDateTime(view.lang, d.made_available_at) })};{' '}
                      {d.firstOpenedAt ? t('cases.page.firstOpened', { date: formatDateTime(view.lang, d.firstOpenedAt) }) : t('cases.page.notOpened')}
                    </>
                  )}
                </li>
              ))}
            </ul>
            {lastDraft && !pending && kase.open && (
              <form method="post" action={`/bearbeitung/vorgaenge/${kase.id}/entwurf`}>
                <CsrfField view={view} />
                <VersionField version={kase.version} />
                <input type="hidden" name="kind" value={lastDraft.kind} />
                <TextField
                  view={view}
                  id="draft-body"
                  name="body"
                  label={t('cases.page.draftText')}
                  multiline
                  maxLength={50_000}
                  value={state.form === 'draft' ? state.values?.body : (lastDraft.body ?? undefined)}
                  error={state.errors?.['draft-body']}
                />
                <SubmitButton variant="secondary">{t('cases.page.saveDraft')}</SubmitButton>
              </form>
            )}
            {kase.feeCents !== null && (
              <form method="post" action={`/bearbeitung/vorgaenge/${kase.id}/gebuehr`}>
                <CsrfField view={view} />
                <VersionField version={kase.version} />
                <ChoiceGroup
                  view={view}
                  id="fee-status"
                  name="status"
                  legend={t('cases.page.feeStatus')}
                  choices={(['open', 'paid', 'waived'] as const).map((s) => ({ value: s, label: t(`cases.page.feeStatus.${s}`) }))}
                  selected={[kase.feeStatus ?? 'open']}
                />
                <SubmitButton variant="secondary">{t('cases.page.saveFee')}</SubmitButton>
              </form>
            )}

            {data.links.length > 0 && (
              <>
                <h2 class="kern-title">{t('cases.page.links')}</h2>
                <ul class="kern-list">
                  {data.links.map((link) => (
                    <li>
                      {link.direction === 'out'
                        ? t('cases.page.linkOut', {
                            kind: link.kind === 'involvement' ? t('cases.involvement') : t('cases.event.forwarded', { authority: '' }).trim(),
                            authority: authorities.all?.find((a) => a.id === link.to_authority_id)?.name ?? link.to_authority_id,
                          })
                        : t('cases.page.linkIn')}
                      {link.question ? ` – ${link.question}` : ''}
                      {link.kind === 'involvement' && <> – {link.answer ? t('cases.page.linkAnswer', { answer: link.answer }) : t('cases.page.linkPending')}</>}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
        </div>
        <div class="aw-case-aside aw-case-aside--end">
          <section class="aw-case-section" aria-labelledby="fristen">
            <h2 class="kern-title" id="fristen">
              {t('cases.page.deadlines')}
            </h2>
            <ul class="kern-list">
              {openDeadlines.map((d) => (
                <li>
                  {t(`cases.page.deadlineKind.${d.kind}`)}: <time dateTime={d.due_date}>{germanDate(d.due_date)}</time>
                  {d.cleared_at ? ` (${t('cases.page.deadlineCleared')})` : ''}
                </li>
              ))}
            </ul>
            {kase.open && (
              <form method="post" action={`/bearbeitung/vorgaenge/${kase.id}/wiedervorlage`}>
                <CsrfField view={view} />
                <VersionField version={kase.version} />
                <TextField
                  view={view}
                  id="resubmission-date"
                  name="date"
                  type="date"
                  label={t('cases.page.resubmissionDate')}
                  optional
                  value={state.form === 'resubmission' ? state.values?.date : (kase.resubmissionDate ?? undefined)}
                  error={state.errors?.['resubmission-date']}
                />
                <SubmitButton variant="secondary">{t('cases.page.setResubmission')}</SubmitButton>
              </form>
            )}
          </section>
          <section class="aw-case-section" aria-labelledby="notizen">
            <h2 class="kern-title" id="notizen">
              {t('cases.page.notes')}
            </h2>
            {data.notes.length === 0 && <p class="kern-body">{t('cases.page.noNotes')}</p>}
            <ul class="kern-list">
              {data.notes.map((note) => (
                <li>
                  <strong>{note.author_name}</strong>, <time dateTime={note.created_at}>{formatDateTime(view.lang, note.created_at)}</time>:{' '}
                  <span class="aw-preline">{note.body}</span>
                  {/* The records module files the note into the case's Vorgang (once, however often it is marked). */}
                  <form method="post" action={`/bearbeitung/vorgaenge/${kase.id}/notizen/${note.id}/zur-akte`} class="aw-inline-form">
                    <CsrfField view={view} />
                    <SubmitButton variant="tertiary">{t('cases.page.noteToFile')}</SubmitButton>
                  </form>
                </li>
              ))}
            </ul>
            <form method="post" action={`/bearbeitung/vorgaenge/${kase.id}/notiz`}>
              <CsrfField view={view} />
              <TextField
                view={view}
                id="note-body"
                name="body"
                label={t('cases.page.note')}
                multiline
                maxLength={10_000}
                value={state.form === 'note' ? state.values?.body : undefined}
                error={state.errors?.['note-body']}
              />
              <SubmitButton variant="secondary">{t('cases.page.addNote')}</SubmitButton>
            </form>
          </section>
          <section class="aw-case-section" aria-labelledby="verlauf">
            <h2 class="kern-title" id="verlauf">
              {t('cases.page.timeline')}
            </h2>
            <ol class="kern-list aw-timeline">
              {data.events.map((event) => (
                <li>
                  <time dateTime={event.created_at}>{formatDateTime(view.lang, event.created_at)}</time> – {event.actor_name}: {eventText(view, data, event)}
                </li>
              ))}
            </ol>
          </section>
        </div>
      </div>
    </Layout>
  );
}
