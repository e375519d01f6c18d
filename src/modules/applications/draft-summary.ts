import type { Language } from '../../core/i18n/index.js';
import type { Field, FormDefinition } from '../forms/index.js';

/**
 * What tells a person's drafts apart on "Meine Anträge": the first answer (in the form's order)
 * that no other draft of the same procedure shares (else the first that some other draft does
 * not share) — two drilling notifications of the
 * same company differ in the client or the place, not in the company's name. A lone draft shows
 * its first answer. Only short text answers count: they name things (names, places, titles).
 */

export interface DraftAnswer {
  label: string;
  value: string;
}

export interface DraftToSummarise {
  id: string;
  procedureKey: string;
  form: FormDefinition;
  data: Record<string, unknown>;
}

interface TextAnswerField {
  path: string[];
  label: Record<Language, string>;
}

/** The form's short text fields in page order, groups included (repeats hold several answers: skipped). */
function textFields(fields: Field[], prefix: string[] = []): TextAnswerField[] {
  return fields.flatMap((field): TextAnswerField[] => {
    if (field.type === 'group') return textFields(field.fields, [...prefix, field.key]);
    return field.type === 'text' ? [{ path: [...prefix, field.key], label: field.label }] : [];
  });
}

function answerAt(data: Record<string, unknown>, path: string[]): string {
  let value: unknown = data;
  for (const key of path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value.trim() : '';
}

const maxShown = 60;

function shortened(value: string): string {
  return value.length > maxShown ? `${value.slice(0, maxShown - 1)}…` : value;
}

/** Each draft's distinguishing answer by id (none when the draft has no text answer yet). */
export function distinguishingAnswers(drafts: DraftToSummarise[], lang: Language): Map<string, DraftAnswer | null> {
  const result = new Map<string, DraftAnswer | null>();
  for (const draft of drafts) {
    const fields = textFields(draft.form.pages.flatMap((page) => page.fields));
    const siblings = drafts.filter((other) => other.id !== draft.id && other.procedureKey === draft.procedureKey);
    const answered = fields.filter((field) => answerAt(draft.data, field.path) !== '');
    const differsFrom = (field: TextAnswerField, other: DraftToSummarise) => answerAt(other.data, field.path) !== answerAt(draft.data, field.path);
    const unique = answered.find((field) => siblings.every((other) => differsFrom(field, other)));
    const chosen = unique ?? answered.find((field) => siblings.some((other) => differsFrom(field, other))) ?? answered[0];
    result.set(draft.id, chosen ? { label: chosen.label[lang], value: shortened(answerAt(draft.data, chosen.path)) } : null);
  }
  return result;
}
