import type { Language } from '../../core/i18n/index.js';
import type { FormDefinition } from '../forms/index.js';
import { labeller } from './ranking.js';

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
