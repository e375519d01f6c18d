import type { ComponentChildren } from 'preact';
import type { View } from '../../../web/view.js';
import { formatAnswer, MapPreview, type Field, type FormDefinition } from '../../forms/index.js';

/**
 * The application as staff read it: every answered question with its label, page by page, from
 * the form version it was filed under (never raw keys). No "change" links: staff do not edit answers.
 */
function FieldRows({ fields, data, view, form }: { fields: Field[]; data: Record<string, unknown>; view: View; form: FormDefinition }): ComponentChildren {
  return fields.map((field) => {
    if (field.type === 'help') return null;
    const value = data[field.key];
    if (value === undefined || value === null || value === '') return null;
    if (field.type === 'group') {
      return (
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{field.label[view.lang]}</dt>
          <dd class="kern-description-list-item__value">
            <dl class="kern-description-list">
              <FieldRows fields={field.fields} data={value as Record<string, unknown>} view={view} form={form} />
            </dl>
          </dd>
        </div>
      );
    }
    if (field.type === 'repeat') {
      return (value as Record<string, unknown>[]).map((item, index) => (
        <div class="kern-description-list-item">
          <dt class="kern-description-list-item__key">{field.itemLabel[view.lang].replace('{n}', String(index + 1))}</dt>
          <dd class="kern-description-list-item__value">
            <dl class="kern-description-list">
              <FieldRows fields={field.fields} data={item} view={view} form={form} />
            </dl>
          </dd>
        </div>
      ));
    }
    return (
      <div class="kern-description-list-item">
        <dt class="kern-description-list-item__key">{field.label[view.lang]}</dt>
        <dd class="kern-description-list-item__value">{formatAnswer(field, value, view, form)}</dd>
      </div>
    );
  });
}

export function ApplicationAnswers({ form, data, view }: { form: FormDefinition; data: Record<string, unknown>; view: View }) {
  return (
    <>
      {form.pages.map((page) => {
        const rows = <FieldRows fields={page.fields} data={data} view={view} form={form} />;
        return (
          <section aria-labelledby={`answers-${page.id}`}>
            <h3 class="kern-title kern-title--small" id={`answers-${page.id}`}>
              {page.title[view.lang]}
            </h3>
            <dl class="kern-description-list">{rows}</dl>
          </section>
        );
      })}
      <ComputedValues form={form} data={data} view={view} />
      <MapPreview view={view} form={form} value={data} idPrefix="answers-map" />
    </>
  );
}

/** Values the form derives (those with a label), e.g. the applicant group and its reason: staff see what the rules concluded. */
function ComputedValues({ form, data, view }: { form: FormDefinition; data: Record<string, unknown>; view: View }) {
  const shown = (form.computed ?? []).filter((c) => c.label && data[c.key] !== undefined && data[c.key] !== null && data[c.key] !== '');
  if (shown.length === 0) return null;
  const text = (value: unknown) => (typeof value === 'boolean' ? view.t(value ? 'cases.answers.yes' : 'cases.answers.no') : String(value));
  return (
    <section aria-labelledby="answers-computed">
      <h3 class="kern-title kern-title--small" id="answers-computed">
        {view.t('cases.answers.computed')}
      </h3>
      <dl class="kern-description-list">
        {shown.map((c) => (
          <div class="kern-description-list-item" key={c.key}>
            <dt class="kern-description-list-item__key">{c.label![view.lang]}</dt>
            <dd class="kern-description-list-item__value">{text(data[c.key])}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
