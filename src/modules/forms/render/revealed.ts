import type { Field, FormDefinition, Page } from '../definition.js';
import { isTrue, type Scope } from '../rules.js';
import { itemScope, rootScope, validateSubmission } from '../validate.js';
import { dateOf } from '../../../core/calendar/index.js';

/**
 * Which questions a page shows for these answers, and which of them the applicant has not seen
 * yet. A yes/no or choice answer may open further questions on the same page ("Nein" to "Sind Sie
 * selbst der Auftraggeber?" opens the client's fields); without JavaScript they appear only when
 * the page is rendered again, so the page flow shows the page again instead of moving on.
 */

type Data = Record<string, unknown>;

const asRecord = (value: unknown): Data => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Data) : {});

/** A field is shown unless its `showIf` is false in its scope (the one test the renderer uses too). */
export function isShown(field: Field, scope: Scope): boolean {
  return field.showIf === undefined || isTrue(field.showIf, scope);
}

/**
 * Pointers of the questions the page shows for `values` (the draft with this page's input), in
 * reading order: the same walk as `Fields`, so the renderer's `_shown` list and this one agree.
 */
export function shownPointers(form: FormDefinition, page: Page, values: Data, now: Date): string[] {
  const normal = validateSubmission(form, values, { now }).value;
  const today = dateOf(now);
  const root = rootScope(normal, today);
  const out: string[] = [];
  const walk = (fields: readonly Field[], container: Data, normalContainer: Data, pointer: string, scope: Scope) => {
    for (const field of fields) {
      if (field.type === 'help' || !isShown(field, scope)) continue;
      const at = `${pointer}/${field.key}`;
      out.push(at);
      if (field.type === 'group') walk(field.fields, asRecord(container[field.key]), asRecord(normalContainer[field.key]), at, scope);
      if (field.type === 'repeat') {
        const items = Array.isArray(container[field.key]) ? (container[field.key] as unknown[]) : [];
        const normalItems = Array.isArray(normalContainer[field.key]) ? (normalContainer[field.key] as unknown[]) : [];
        items.forEach((item, index) => {
          const normalItem = asRecord(normalItems[index]);
          walk(field.fields, asRecord(item), normalItem, `${at}/${index}`, itemScope(normalItem, root, index, today));
        });
      }
    }
  };
  walk(page.fields, values, normal, '', root);
  return out;
}

/**
 * The questions the page shows now but did not show when it was posted (`shown`, from `_shown`),
 * outermost only: a newly opened group counts once, not with each of its fields. Empty when the
 * post did not say what it showed (an older page), so such a post is never held back.
 */
export function revealedFields(form: FormDefinition, page: Page, values: Data, shown: ReadonlySet<string>, now: Date): string[] {
  if (shown.size === 0) return [];
  const revealed: string[] = [];
  for (const pointer of shownPointers(form, page, values, now)) {
    if (shown.has(pointer) || revealed.some((outer) => pointer.startsWith(`${outer}/`))) continue;
    revealed.push(pointer);
  }
  return revealed;
}

/** Whether the page has questions that come and go with other answers (the script then asks the server again on a change). */
export function hasConditions(page: Page): boolean {
  const walk = (fields: readonly Field[]): boolean =>
    fields.some((f) => f.showIf !== undefined || (f.type !== 'help' && f.requiredIf !== undefined) || ((f.type === 'group' || f.type === 'repeat') && walk(f.fields)));
  return walk(page.fields);
}
