import type { Language } from '../../core/i18n/index.js';
import { choicesAt, type FormDefinition } from '../forms/index.js';
import type { CallRules } from '../procedures/index.js';

/**
 * The words for a kind of application (`main` or a secondary kind) as the form's `kindField` names
 * them: a secondary kind by its label, `main` by the labels of every other answer (`Lehrkraft oder Seiteneinstieg`).
 */
export function kindLabel(form: FormDefinition, rules: CallRules, lang: Language): (kind: string) => string {
  const values = (rules.kindField && choicesAt(form, rules.kindField)) || [];
  const secondary = rules.secondaryKinds ?? [];
  return (kind) => {
    const named = kind === 'main' ? values.filter((v) => !secondary.includes(v.value)) : values.filter((v) => v.value === kind);
    return named.map((v) => v.label[lang]).join(' / ') || kind;
  };
}
