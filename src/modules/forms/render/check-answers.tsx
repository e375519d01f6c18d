import type { ComponentChildren } from 'preact';
import { formatFileSize, formatNumber, registerMessages } from '../../../core/i18n/index.js';
import type { View } from '../../../web/view.js';
import type { Field, FormDefinition, LocalText, Page } from '../definition.js';
import { formatIban } from '../iban.js';
import { isTrue } from '../rules.js';
import type { Scope } from '../rules.js';
import { itemScope, rootScope, visiblePages } from '../validate.js';
import { fieldId } from './fields.js';
import { MapPreview } from './map-preview.js';
import { childPointer } from '../../../core/json-pointer.js';
import { dateOf, formatDate, type LocalDate } from '../../../core/calendar/index.js';
import { formsMessages } from '../messages.js';

// Answers are formatted outside the web app too (the receipt PDF in `amtsweg worker`), which
// registers the module catalogues otherwise: without this the receipt said "forms.yes".
registerMessages(formsMessages);

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

function number(value: number, view: View, unit?: LocalText): string {
  const text = formatNumber(view.lang, value);
  return unit ? `${text} ${unit[view.lang]}` : text;
}

/** An answer as the applicant reads it (also what a receipt should print). */
export function formatAnswer(field: Exclude<Field, { type: 'help' | 'group' | 'repeat' }>, value: unknown, view: View, form: FormDefinition): ComponentChildren {
  const { lang, t } = view;
  const label = (list: string, code: unknown) => form.codeLists?.[list]?.values.find((entry) => entry.value === code)?.label[lang] ?? String(code);
  switch (field.type) {
    case 'integer':
    case 'decimal':
      return number(value as number, view, field.unit);
    case 'currency':
      return formatNumber(lang, (value as number) / 100, 'euro');
    case 'date':
      return formatDate(value as LocalDate, lang);
    case 'yesNo':
      return t(value ? 'forms.yes' : 'forms.no');
    case 'iban':
      return formatIban(value as string);
    case 'singleChoice':
      return label(field.codeList, value);
    case 'multiChoice':
      return (
        <ul class="kern-list">
          {(value as string[]).map((code) => (
            <li>{label(field.codeList, code)}</li>
          ))}
        </ul>
      );
    case 'file':
      return (
        <ul class="kern-list">
          {(value as Data[]).map((file) => (
            <li>{t('forms.file.summary', { name: String(file.name), size: formatFileSize(lang, Number(file.size)) })}</li>
          ))}
        </ul>
      );
    case 'address': {
      const a = record(value);
      return (
        <>
          {`${a.street} ${a.houseNumber}`}
          <br />
          {`${a.postalCode} ${a.city}`}
        </>
      );
    }
    case 'coordinate': {
      const c = record(value);
      return (
        <>
          {`${t('forms.coordinate.easting')}: ${number(c.easting as number, view)}, ${t('forms.coordinate.northing')}: ${number(c.northing as number, view)} (ETRS89/UTM 33N)`}
          <br />
          {`${number(c.lat as number, view)}° N, ${number(c.lon as number, view)}° E (WGS84)`}
        </>
      );
    }
    case 'polygon':
      return t('forms.polygon.summary', { count: Math.max(0, (record(value).points as unknown[]).length - 1) });
    case 'longText':
      return (value as string).split('\n').map((line, index) =>
        index ? (
          <>
            <br />
            {line}
          </>
        ) : (
          line
        ),
      );
    default:
      return String(value);
  }
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
