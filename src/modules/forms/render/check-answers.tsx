import type { ComponentChildren } from 'preact';
import type { View } from '../../../web/view.js';
import { answerText } from '../answer-text.js';
import type { Field, FormDefinition, Page } from '../definition.js';
import { isTrue } from '../rules.js';
import type { Scope } from '../rules.js';
import { itemScope, rootScope, visiblePages } from '../validate.js';
import { fieldId } from './fields.js';
import { MapPreview } from './map-preview.js';
import { childPointer } from '../../../core/json-pointer.js';
import { dateOf } from '../../../core/calendar/index.js';

export interface CheckAnswersProps {
  view: View;
  form: FormDefinition;
  /** The normalised answers (`validateSubmission(...).value`). */
  value: Record<string, unknown>;
  now: Date;
  /** The "Ändern" link of an answer; default `?page=<page>#<field id>`. */
  changeHref?: (page: Page, fieldId: string) => string;
}

type Data = Record<string, unknown>;

function record(value: unknown): Data {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Data) : {};
}

/** An answer as the applicant reads it: `answerText` (what the receipt prints too), lists as list items, other lines with line breaks. */
export function formatAnswer(field: Exclude<Field, { type: 'help' | 'group' | 'repeat' }>, value: unknown, view: View, form: FormDefinition): ComponentChildren {
  const lines = answerText(form, field, value, view.lang).split('\n');
  if (field.type === 'multiChoice' || field.type === 'file')
    return (
      <ul class="kern-list">
        {lines.map((line) => (
          <li>{line}</li>
        ))}
      </ul>
    );
  return lines.map((line, index) =>
    index ? (
      <>
        <br />
        {line}
      </>
    ) : (
      line
    ),
  );
}

interface Row {
  key: string;
  label: string;
  answer: ComponentChildren;
  anchor: string;
}

function rows(fields: readonly Field[], container: Data, pointer: string, scope: Scope, root: Scope, view: View, form: FormDefinition, prefix: string, out: Row[]): Row[] {
  for (const field of fields) {
    if (field.type === 'help' || (field.showIf !== undefined && !isTrue(field.showIf, scope))) continue;
    const at = childPointer(pointer, field.key);
    const value = container[field.key];
    const label = prefix + field.label[view.lang];
    if (field.type === 'group') {
      rows(field.fields, record(value), at, scope, root, view, form, `${label}: `, out);
    } else if (field.type === 'repeat') {
      const items = Array.isArray(value) ? value.map(record) : [];
      if (items.length === 0) out.push({ key: at, label, answer: view.t('forms.notProvided'), anchor: fieldId(at) });
      items.forEach((item, index) => {
        rows(
          field.fields,
          item,
          childPointer(at, index),
          itemScope(item, root, index, root.names.$today as string),
          root,
          view,
          form,
          `${field.itemLabel[view.lang].replace('{n}', String(index + 1))}: `,
          out,
        );
      });
    } else {
      const answer = value === undefined ? view.t('forms.notProvided') : formatAnswer(field, value, view, form);
      out.push({ key: at, label, answer, anchor: fieldId(at) });
    }
  }
  return out;
}

/** The check-your-answers summary: one list per page with an "Ändern" link per answer. */
export function CheckAnswers({ view, form, value, now, changeHref = (page, id) => `?page=${encodeURIComponent(page.id)}#${id}` }: CheckAnswersProps) {
  const { t, lang } = view;
  const scope = rootScope(value, dateOf(now));
  return (
    <>
      {visiblePages(form, value, now).map((page) => (
        <section aria-labelledby={`summary-${page.id}`} class="aw-summary">
          <h2 class="kern-title" id={`summary-${page.id}`}>
            {page.title[lang]}
          </h2>
          <dl class="kern-description-list">
            {rows(page.fields, value, '', scope, scope, view, form, '', []).map((row) => (
              <div class="kern-description-list-item" key={row.key}>
                <dt class="kern-description-list-item__key">{row.label}</dt>
                <dd class="kern-description-list-item__value">
                  {row.answer}{' '}
                  <a class="kern-link aw-change-link" href={changeHref(page, row.anchor)}>
                    {t('forms.change')}
                    <span class="kern-sr-only"> {row.label}</span>
                  </a>
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <MapPreview view={view} form={form} value={value} />
    </>
  );
}
