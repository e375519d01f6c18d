import type { Language } from '../../core/i18n/index.js';
import type { FormDefinition } from '../forms/index.js';
import type { CallRules } from '../procedures/index.js';
import { fieldAt, labeller } from './ranking.js';

/** How a posting's Schulart and subjects read: by the label of the form's code list, not by code. */
export interface PostingLabels {
  schulart: (code: string) => string;
  subjects: (codes: readonly string[]) => string;
}

/**
 * A posting's Schulart and subjects are the codes an applicant answers at `/schulart` and
 * `/subjects/…` of the procedure's form, so the form's code lists word them
 * (`gymnasium` → `Gymnasium`, `mathematik` → `Mathematik`); a code the form does not know reads as itself.
 */
export function postingLabels(form: FormDefinition | undefined, lang: Language): PostingLabels {
  if (!form) return { schulart: (code) => code, subjects: (codes) => codes.join(', ') };
  const schulart = labeller(form, '/schulart');
  const subject = labeller(form, '/subjects/first');
  return {
    schulart: (code) => schulart(code).label[lang],
    subjects: (codes) => codes.map((code) => subject(code).label[lang]).join(', '),
  };
}

/**
 * The words for a kind of application (`main` or a secondary kind) as the form's `kindField` names
 * them: a secondary kind by its label, `main` by the labels of every other answer (`Lehrkraft oder Seiteneinstieg`).
 */
export function kindLabel(form: FormDefinition, rules: CallRules, lang: Language): (kind: string) => string {
  const field = rules.kindField
    ? fieldAt(
        form.pages.flatMap((page) => page.fields),
        rules.kindField,
      )
    : undefined;
  const values = field && (field.type === 'singleChoice' || field.type === 'multiChoice') ? (form.codeLists?.[field.codeList]?.values ?? []) : [];
  const secondary = rules.secondaryKinds ?? [];
  return (kind) => {
    const named = kind === 'main' ? values.filter((v) => !secondary.includes(v.value)) : values.filter((v) => v.value === kind);
    return named.map((v) => v.label[lang]).join(' / ') || kind;
  };
}
