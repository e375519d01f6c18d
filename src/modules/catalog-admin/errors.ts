import type { ValidationError } from '../../core/errors.js';
import type { FieldProblem } from '../../web/components/form.js';
import type { View } from '../../web/view.js';
import { pointerTokens } from '../../core/json-pointer.js';

/** A service's field errors for a page: the message next to each field and the summary's list. */
export interface FormErrors {
  byField: Record<string, string>;
  problems: FieldProblem[];
}

export const noErrors: FormErrors = { byField: {}, problems: [] };

/**
 * `/legalBases/2/url` belongs to the field `legalBases` (the line is named); the first message per
 * field is shown. `fieldNames` maps a pointer's field to the form's field where they differ.
 */
export function formErrors(view: View, error: ValidationError, fieldNames: Record<string, string> = {}): FormErrors {
  const byField: Record<string, string> = {};
  const problems: FieldProblem[] = [];
  for (const field of error.fields) {
    const [first, index] = pointerTokens(field.pointer);
    const pointed = first || 'form';
    const name = fieldNames[pointed] ?? pointed;
    if (byField[name]) continue;
    const line = index !== undefined && /^\d+$/.test(index) ? ` ${view.t('catalogAdmin.error.line', { line: Number(index) + 1 })}` : '';
    byField[name] = view.t(field.code, field.params) + line;
    problems.push({ fieldId: name, message: byField[name] });
  }
  return { byField, problems };
}
