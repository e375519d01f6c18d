import type { FieldError } from '../../../core/errors.js';
import type { Language } from '../../../core/i18n/index.js';
import type { View } from '../../../web/view.js';
import type { Field } from '../definition.js';
import { fieldId } from './fields.js';
import { childPointer, pointerTokens } from '../../../core/json-pointer.js';

/**
 * Where a problem's link in the error summary points: the input that holds the answer. Parts of
 * an address and the system choice of a coordinate have their own inputs; any deeper pointer
 * (a polygon point, a file) goes to its field.
 */
export function anchorFor(fields: readonly Field[], pointer: string): string {
  const parts = pointerTokens(pointer);
  let scope = fields;
  let at = '';
  for (let i = 0; i < parts.length; i++) {
    const field = scope.find((f) => f.key === parts[i]);
    if (!field) return fieldId(at || pointer);
    at = childPointer(at, field.key);
    if (field.type === 'group') {
      scope = field.fields;
    } else if (field.type === 'repeat') {
      const index = parts[i + 1];
      if (index === undefined || !/^\d+$/.test(index)) return fieldId(at);
      at = childPointer(at, index);
      i++;
      scope = field.fields;
    } else {
      const rest = parts[i + 1];
      const ownInput = (field.type === 'address' && rest !== undefined) || (field.type === 'coordinate' && rest === 'crs') || (field.type === 'polygon' && rest === 'crs');
      return fieldId(ownInput ? childPointer(at, rest) : at);
    }
  }
  return fieldId(at);
}

/**
 * The question a problem belongs to, as the applicant reads it on the page: the labels from the
 * outermost group down, a repeat item by its own label ("Bohrung 1 – Spülungszusätze"). Empty
 * when the pointer names no field (a problem of the whole form).
 */
export function questionOf(fields: readonly Field[], pointer: string, lang: Language): string {
  const labels: string[] = [];
  const parts = pointerTokens(pointer);
  let scope = fields;
  for (let i = 0; i < parts.length; i++) {
    const field = scope.find((f) => f.key === parts[i]);
    if (!field || field.type === 'help') break;
    if (field.type === 'repeat') {
      const index = parts[i + 1];
      if (index === undefined || !/^\d+$/.test(index)) {
        labels.push(field.label[lang]);
        break;
      }
      labels.push(field.itemLabel[lang].replace('{n}', String(Number(index) + 1)));
      i++;
      scope = field.fields;
      continue;
    }
    labels.push(field.label[lang]);
    if (field.type !== 'group') break;
    scope = field.fields;
  }
  return labels.join(' – ');
}

/** A problem as the error summaries list it: the question it belongs to, then the message ("Name: Bitte machen Sie hier eine Angabe."). */
export function problemText(view: View, fields: readonly Field[], error: FieldError): string {
  const message = view.t(error.code, error.params);
  const question = questionOf(fields, error.pointer, view.lang);
  if (!question) return message;
  // "Erfolgt die Untersuchung gewerblich? Bitte machen …", not "…?: Bitte machen …".
  return view.t(/[?:!]$/.test(question) ? 'forms.questionProblem.asked' : 'forms.questionProblem', { question, message });
}
