import { pointerTokens, toPointer } from '../../core/json-pointer.js';
import type { CodeListValue, Field, FormDefinition } from './definition.js';

/** The field an answer pointer names, through groups (`/subjects/first`); undefined for computed values and inside repeats. */
export function fieldAt(form: FormDefinition, pointer: string): Field | undefined {
  return fieldAmong(
    form.pages.flatMap((page) => page.fields),
    pointer,
  );
}

function fieldAmong(fields: readonly Field[], pointer: string): Field | undefined {
  const [key, ...rest] = pointerTokens(pointer);
  const field = fields.find((f) => f.type !== 'help' && f.key === key);
  if (!field || rest.length === 0) return field;
  return field.type === 'group' ? fieldAmong(field.fields, toPointer(...rest)) : undefined;
}

/** The code list values of the choice field at `pointer`; undefined when the pointer names no choice field. */
export function choicesAt(form: FormDefinition, pointer: string): CodeListValue[] | undefined {
  const field = fieldAt(form, pointer);
  return field && (field.type === 'singleChoice' || field.type === 'multiChoice') ? (form.codeLists?.[field.codeList]?.values ?? []) : undefined;
}
