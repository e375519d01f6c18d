import type { ComponentChildren } from 'preact';
import type { View } from '../view.js';

/** A problem with one field, already in the user's language. */
export interface FieldProblem {
  /** The id of the input it belongs to (the summary links to `#id`). */
  fieldId: string;
  message: string;
  /** Where the link goes when the input is on another page (the check page links to the form's pages). */
  href?: string;
}

/** The hidden token every state-changing form carries (checked in the preHandler). */
export function CsrfField({ view }: { view: View }) {
  return <input type="hidden" name="_csrf" value={view.csrfToken()} />;
}

/**
 * The GOV.UK error summary: at the top of the page, focused on load (autofocus works without
 * JavaScript), each problem a link to its field.
 */
export function ErrorSummary({ view, problems }: { view: View; problems: FieldProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <div class="kern-alert kern-alert--danger aw-error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} autoFocus>
      <div class="kern-alert__header">
        <h2 class="kern-title" id="error-summary-title">
          {view.t('error.summaryTitle')}
        </h2>
      </div>
      <div class="kern-alert__body">
        <ul class="kern-list">
          {problems.map((problem) => (
            <li key={problem.href ?? problem.fieldId}>
              <a class="kern-link" href={problem.href ?? `#${problem.fieldId}`}>
                {problem.message}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function Label({ view, htmlFor, label, optional }: { view: View; htmlFor: string; label: string; optional?: boolean }) {
  return (
    <label class="kern-label" for={htmlFor}>
      {label}
      {optional && <span class="kern-label__optional"> {view.t('form.optional')}</span>}
    </label>
  );
}

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

export interface TextFieldProps {
  view: View;
  id: string;
  name?: string;
  label: string;
  hint?: string;
  error?: string;
  value?: string;
  type?: 'text' | 'email' | 'password' | 'tel' | 'date' | 'number' | 'search' | 'url';
  optional?: boolean;
  autocomplete?: string;
  inputMode?: 'text' | 'numeric' | 'decimal' | 'email' | 'tel' | 'search';
  maxLength?: number;
  multiline?: boolean;
}

/** A labelled input with hint and error message, as KERN's form-input. "(optional)" instead of asterisks. */
/** A refusal next to its field or button: `<id>-error`, which the field's aria-describedby and the error summary name. */
export function FieldError({ view, id, error }: { view: View; id: string; error?: string | undefined }) {
  return error ? (
    <p class="kern-error" id={`${id}-error`}>
      <span class="kern-sr-only">{view.t('form.errorPrefix')} </span>
      {error}
    </p>
  ) : null;
}

export function TextField(props: TextFieldProps) {
  const { view, id, name = id, label, hint, error, value, type = 'text', optional, autocomplete, inputMode, maxLength, multiline } = props;
  const inputClass = `kern-form-input__input${error ? ' kern-form-input__input--error' : ''}`;
  const common = {
    id,
    name,
    class: inputClass,
    'aria-describedby': describedBy(id, hint, error),
    'aria-invalid': error ? ('true' as const) : undefined,
    required: !optional,
    autocomplete,
    maxLength,
  };
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <Label view={view} htmlFor={id} label={label} optional={optional} />
      {hint && (
        <div class="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      <FieldError view={view} id={id} error={error} />
      {multiline ? (
        <textarea {...common} rows={5}>
          {value ?? ''}
        </textarea>
      ) : (
        <input {...common} type={type} value={value ?? ''} inputMode={inputMode} />
      )}
    </div>
  );
}

export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

/** Radio buttons or checkboxes in a fieldset whose legend is the question. */
export function ChoiceGroup(props: {
  view: View;
  id: string;
  name?: string;
  legend: string;
  hint?: string;
  error?: string;
  choices: Choice[];
  selected: string[];
  multiple?: boolean;
  optional?: boolean;
}) {
  const { view, id, name = id, legend, hint, error, choices, selected, multiple, optional } = props;
  const kind = multiple ? 'checkbox' : 'radio';
  return (
    <fieldset class={`kern-fieldset${error ? ' kern-fieldset--error' : ''}`} aria-describedby={describedBy(id, hint, error)}>
      <legend class="kern-label">
        {legend}
        {optional && <span class="kern-label__optional"> {view.t('form.optional')}</span>}
      </legend>
      {hint && (
        <div class="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      <FieldError view={view} id={id} error={error} />
      <div class="kern-fieldset__body">
        {choices.map((choice, index) => {
          const inputId = index === 0 ? id : `${id}-${index}`;
          return (
            <div class="kern-form-check" key={choice.value}>
              <input
                class={`kern-form-check__${kind}${error ? ` kern-form-check__${kind}--error` : ''}`}
                type={kind}
                id={inputId}
                name={name}
                value={choice.value}
                checked={selected.includes(choice.value)}
                aria-describedby={choice.hint ? `${inputId}-hint` : undefined}
              />
              <label class="kern-label" for={inputId}>
                {choice.label}
              </label>
              {choice.hint && (
                <div class="kern-hint" id={`${inputId}-hint`}>
                  {choice.hint}
                </div>
              )}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** A labelled native select with hint and error, as KERN's form-input. */
export function Select({
  view,
  id,
  label,
  hint,
  options,
  selected,
  error,
}: {
  view: View;
  id: string;
  label: string;
  hint?: string;
  options: Option[];
  selected?: string;
  error?: string;
}) {
  return (
    <div class={`kern-form-input${error ? ' kern-form-input--error' : ''}`}>
      <label class="kern-label" for={id}>
        {label}
      </label>
      {hint && (
        <div class="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      <FieldError view={view} id={id} error={error} />
      <div class="kern-form-input__select-wrapper">
        <select
          class={`kern-form-input__select${error ? ' kern-form-input__select--error' : ''}`}
          id={id}
          name={id}
          aria-describedby={describedBy(id, hint, error)}
          aria-invalid={error ? 'true' : undefined}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value} selected={o.value === selected}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

export function SubmitButton({
  children,
  name,
  value,
  variant = 'primary',
}: {
  children: ComponentChildren;
  name?: string;
  value?: string;
  variant?: 'primary' | 'secondary' | 'tertiary';
}) {
  return (
    <button type="submit" class={`kern-btn kern-btn--${variant}`} name={name} value={value}>
      <span class="kern-label">{children}</span>
    </button>
  );
}

/**
 * A POST form with its CSRF token; `novalidate`, so the server's messages (next to the fields)
 * are what people see. `label` names it for screen readers where a page has several.
 */
export function PostForm({
  view,
  action,
  children,
  label,
  class: className = 'aw-stack',
}: {
  view: View;
  action: string;
  children: ComponentChildren;
  label?: string;
  class?: string;
}) {
  return (
    <form method="post" action={action} class={className} noValidate aria-label={label}>
      <CsrfField view={view} />
      {children}
    </form>
  );
}

/**
 * A one-button form that acts on one row of a table or list (remove, revoke …). Screen readers
 * hear which row it acts on ("Entfernen: Erika Mustermann"); `children` are its hidden fields.
 */
export function RowAction({ view, action, label, object, children }: { view: View; action: string; label: string; object: string; children?: ComponentChildren }) {
  return (
    <form method="post" action={action} noValidate>
      <CsrfField view={view} />
      {children}
      <SubmitButton variant="tertiary">
        {label}
        <span class="kern-sr-only">: {object}</span>
      </SubmitButton>
    </form>
  );
}

export function Alert({ kind, title, children }: { kind: 'info' | 'success' | 'warning' | 'danger'; title?: string; children: ComponentChildren }) {
  return (
    <div class={`kern-alert kern-alert--${kind}`} role={kind === 'danger' ? 'alert' : 'status'}>
      {title && (
        <div class="kern-alert__header">
          <h2 class="kern-title">{title}</h2>
        </div>
      )}
      <div class="kern-alert__body">{children}</div>
    </div>
  );
}
