import type { FieldError } from '../../core/errors.js';
import type { Language } from '../../core/i18n/index.js';
import { toPointer } from '../../core/json-pointer.js';
import { choicesAt, type CodeListValue, type FormDefinition } from '../forms/index.js';
import type { PostingField } from '../procedures/index.js';

/**
 * The attributes of a call's postings are the fields the procedure pack declares
 * (`calls.postingFields`): free text, or codes of a form answer whose code list gives the choices
 * and their words. Nothing here knows which fields a procedure has.
 */

/** A posting's attributes by field key: text or one code, or several codes for a `multiple` field. */
export type PostingAttributes = Record<string, string | string[]>;

/** One posting field as the pages show it, in one language. */
export interface PostingFieldView {
  key: string;
  label: string;
  hint?: string;
  multiple: boolean;
  /** The choices of the form's code list (radios or checkboxes); undefined for free text. */
  choices?: { value: string; label: string }[];
  /** A stored value as people read it: a choice by its label (a code the list no longer has as itself), several joined by commas. */
  text(value: string | string[] | undefined): string;
}

/** The posting fields of a procedure as its current form words them in `lang`. */
export function postingFieldViews(fields: readonly PostingField[], form: FormDefinition, lang: Language): PostingFieldView[] {
  return fields.map((field) => {
    const codes = field.answer ? choicesAt(form, field.answer) : undefined;
    const word = (code: string) => codes?.find((entry) => entry.value === code)?.label[lang] ?? code;
    return {
      key: field.key,
      label: field.label[lang],
      hint: field.hint?.[lang],
      multiple: field.multiple === true,
      choices: codes?.map((entry) => ({ value: entry.value, label: entry.label[lang] })),
      text: (value) => (value === undefined ? '' : typeof value === 'string' ? word(value) : value.map(word).join(', ')),
    };
  });
}

/** Where a field's error points: `/attributes/<key>`. */
export const attributePointer = (key: string) => toPointer('attributes', key);

const maxTextLength = 200;

/**
 * Checks posting attributes against the declared fields and returns them cleaned (text trimmed,
 * repeated choices once, a single choice as a string); every field is required. Keys no field
 * declares are left out. Errors point at `/attributes/<key>`.
 */
export function checkPostingAttributes(fields: readonly PostingField[], form: FormDefinition, input: unknown): { attributes: PostingAttributes; errors: FieldError[] } {
  const given = input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  const attributes: PostingAttributes = {};
  const errors: FieldError[] = [];
  for (const field of fields) {
    const pointer = attributePointer(field.key);
    const raw = given[field.key];
    const codes = field.answer ? choicesAt(form, field.answer) : undefined;
    if (!codes) {
      if (typeof raw !== 'string' || !raw.trim() || raw.length > maxTextLength) errors.push({ pointer, code: 'calls.text.required' });
      else attributes[field.key] = raw.trim();
      continue;
    }
    const chosen = (Array.isArray(raw) ? raw : [raw]).filter((value) => value !== undefined && value !== null && value !== '');
    const error = choiceError(field, codes, chosen);
    if (error) errors.push({ pointer, ...error });
    else attributes[field.key] = field.multiple ? [...new Set(chosen as string[])] : (chosen[0] as string);
  }
  return { attributes, errors };
}

/** Why a choice value is refused: nothing chosen, several for a single choice, or a code the form's list does not have. */
function choiceError(field: PostingField, codes: readonly CodeListValue[], chosen: readonly unknown[]): Omit<FieldError, 'pointer'> | undefined {
  if (chosen.length === 0) return { code: field.multiple ? 'calls.attributes.requiredMultiple' : 'calls.attributes.required' };
  if (!field.multiple && chosen.length > 1) return { code: 'calls.attributes.chooseOne' };
  const unknown = chosen.find((value) => typeof value !== 'string' || !codes.some((entry) => entry.value === value));
  return unknown === undefined ? undefined : { code: 'calls.attributes.unknownChoice', params: { value: String(unknown) } };
}
