import type { Language, Translate } from '../../core/i18n/index.js';
import type { CallRules } from '../procedures/index.js';

/** The words of a procedure's calls on the pages: the pack's (`calls.labels`), else the catalogue's generic ones. */
export interface CallLabels {
  /** The call's date, e.g. "Einstellungstermin" for teachers; generic "Beginn". */
  startDate: string;
  /** The heading of the postings an applicant can choose, e.g. "Schulscharfe Stellenausschreibungen". */
  postings: string;
}

export function callLabels(rules: CallRules, lang: Language, t: Translate): CallLabels {
  return {
    startDate: rules.labels?.startDate?.[lang] ?? t('calls.field.startDate'),
    postings: rules.labels?.postings?.[lang] ?? t('calls.choose.postings'),
  };
}
