import { formatDate, type LocalDate } from '../../core/calendar/index.js';
import { formatFileSize, formatNumber, translator, type Language, type NumberFormatName } from '../../core/i18n/index.js';
import type { Field, FormDefinition, LocalText } from './definition.js';
import { formatIban } from './iban.js';
import { metricSystemOf } from './geo.js';
import { isCrs, referenceSystem } from '../../core/reference-systems.js';

/**
 * The one way an answer becomes text: the check-answers page, the case page, the receipt PDF and
 * the Bescheid placeholders (`answers.<key>`) all go through `answerText`, so they agree. A
 * choice shows its label (never its code), yes/no is Ja/Nein, a date 15.01.2026, money with a
 * decimal comma, a file by name and size. Lines are separated by `\n`; the HTML view turns them
 * into line breaks or list items.
 */

type Data = Record<string, unknown>;

function record(value: unknown): Data {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Data) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function number(value: unknown, lang: Language, unit?: LocalText, format: NumberFormatName = 'number'): string {
  const text = formatNumber(lang, Number(value), format);
  return unit ? `${text} ${unit[lang]}` : text;
}

function choiceLabel(form: FormDefinition, codeList: string, code: unknown, lang: Language): string {
  return form.codeLists?.[codeList]?.values.find((entry) => entry.value === code)?.label[lang] ?? String(code);
}

function answered(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** The answered sub-fields of a group or repeat item as `Label: text`, one per line. */
function childLines(fields: readonly Field[], container: Data, form: FormDefinition, lang: Language): string[] {
  return fields
    .filter((field) => field.type !== 'help' && answered(container[field.key]))
    .map((field) => `${(field as { label: LocalText }).label[lang]}: ${answerText(form, field, container[field.key], lang).replaceAll('\n', ', ')}`);
}

/** An answer as text; `\n` separates the lines of a multi-line answer (address, list, long text). */
export function answerText(form: FormDefinition, field: Field, value: unknown, lang: Language): string {
  const t = translator(lang);
  switch (field.type) {
    case 'help':
      return '';
    case 'group':
      return childLines(field.fields, record(value), form, lang).join('\n');
    case 'repeat':
      return list(value)
        .map((item, index) => `${field.itemLabel[lang].replace('{n}', String(index + 1))}: ${childLines(field.fields, record(item), form, lang).join('; ')}`)
        .join('\n');
    case 'integer':
    case 'decimal':
      return number(value, lang, field.unit);
    case 'currency':
      return formatNumber(lang, Number(value) / 100, 'euro');
    case 'date':
      return formatDate(value as LocalDate, lang, 'numeric');
    case 'yesNo':
      return t(value ? 'forms.yes' : 'forms.no');
    case 'iban':
      return formatIban(String(value));
    case 'singleChoice':
      return choiceLabel(form, field.codeList, value, lang);
    case 'multiChoice':
      return list(value)
        .map((code) => choiceLabel(form, field.codeList, code, lang))
        .join('\n');
    case 'file':
      return list(value)
        .map((file) => t('forms.file.summary', { name: String(record(file).name), size: formatFileSize(lang, Number(record(file).size)) }))
        .join('\n');
    case 'address': {
      const a = record(value);
      return `${a.street} ${a.houseNumber}\n${a.postalCode} ${a.city}`;
    }
    case 'coordinate': {
      const c = record(value);
      const degrees = `${number(c.lat, lang, undefined, 'coordinate')}° N, ${number(c.lon, lang, undefined, 'coordinate')}° E (WGS84)`;
      const metric = isCrs(c.crs) ? metricSystemOf(field, c.crs) : undefined;
      if (!metric || typeof c.easting !== 'number') return degrees;
      return (
        `${t('forms.coordinate.easting')}: ${number(c.easting, lang, undefined, 'coordinate')}, ${t('forms.coordinate.northing')}: ${number(c.northing, lang, undefined, 'coordinate')} (${referenceSystem(metric).name})\n` +
        degrees
      );
    }
    case 'polygon':
      return t('forms.polygon.summary', { count: Math.max(0, list(record(value).points).length - 1) });
    default:
      return String(value);
  }
}

/** A value without a field (a computed value such as the applicant group): yes/no translated, lists and records flattened. */
export function computedText(value: unknown, lang: Language): string {
  if (typeof value === 'boolean') return translator(lang)(value ? 'forms.yes' : 'forms.no');
  if (Array.isArray(value)) return value.map((item) => computedText(item, lang)).join('; ');
  if (value !== null && typeof value === 'object')
    return Object.values(value)
      .map((item) => computedText(item, lang))
      .join(', ');
  return String(value);
}

/**
 * Every top-level answer of `data` as text by its key (what the Bescheid placeholders
 * `answers.<key>` show): fields of the form through `answerText`, computed values through
 * `computedText`, as are keys the form does not know; an empty answer is empty text.
 */
export function answerTexts(form: FormDefinition, data: Data, lang: Language): Record<string, string> {
  const fields = new Map<string, Field>();
  for (const page of form.pages) for (const field of page.fields) if (field.type !== 'help') fields.set(field.key, field);
  const texts: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    const field = fields.get(key);
    if (!answered(value)) texts[key] = '';
    else texts[key] = field ? answerText(form, field, value, lang) : computedText(value, lang);
  }
  return texts;
}
