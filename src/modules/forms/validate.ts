import type { FieldError } from '../../core/errors.js';
import type { Language } from '../../core/i18n/index.js';
import type { Field, FieldMessages, FormDefinition, LocalText, Page, ValueField } from './definition.js';
import { evaluate, isTrue, lookup, Scope } from './rules.js';
import { INVALID, normaliseValue, type Issues, type NormaliseContext } from './values.js';
import { childPointer, pointerTokens } from '../../core/json-pointer.js';
import { addDays, dateOf, formatDate, isLocalDate } from '../../core/calendar/index.js';

/**
 * The one validation engine, used by the pages and by the API:
 *
 * 1. normalise every answer by its field type (trim, parse numbers and dates, convert coordinates),
 *    reporting bad input and unknown fields;
 * 2. work out what is shown: computed values, then `showIf` of pages and fields — the values of
 *    hidden fields are dropped, and this repeats until nothing more is dropped (a condition may
 *    depend on a field that has just been hidden), so validating the result again gives the same;
 * 3. check what is required, date relations and repeat counts of the visible fields;
 * 4. evaluate the cross-field rules into errors and warnings.
 */

export interface ValidateOptions {
  now: Date;
  lang?: Language;
  /** Region check for coordinates with a `region` (e.g. `regionCheckOf`: inside a tenant's base map). */
  insideRegion?: (name: string, lon: number, lat: number) => boolean;
}

export interface ValidationResult {
  /** The normalised answers of the visible fields, plus computed values. */
  value: Record<string, unknown>;
  errors: FieldError[];
  warnings: FieldError[];
}

type Data = Record<string, unknown>;

/** Most items a repeat may hold even without `max`: bounds the work bad input can cause. */
const repeatHardLimit = 500;

function isRecord(value: unknown): value is Data {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function interpolate(text: string, params: Record<string, unknown>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name] ?? '') : whole));
}

const fieldKeys = new WeakMap<readonly Field[], Set<string>>();

function keysOf(fields: readonly Field[]): Set<string> {
  let keys = fieldKeys.get(fields);
  if (!keys) {
    keys = new Set(fields.filter((f) => f.type !== 'help').map((f) => f.key));
    fieldKeys.set(fields, keys);
  }
  return keys;
}

/** What a condition sees: the form root plus `$today`, or a repeat item plus `$root` and `$index`. */
export function rootScope(data: Data, today: string): Scope {
  return new Scope(data, { $today: today });
}

export function itemScope(item: Data, root: Scope, index: number, today: string): Scope {
  return new Scope(item, { $root: root, $index: index, $today: today });
}

class Validation implements Issues {
  readonly lang: Language;
  readonly today: string;
  readonly errors: FieldError[] = [];
  readonly warnings: FieldError[] = [];
  /** Pointers whose input was bad (reported already, so not "required" too). */
  readonly invalid = new Set<string>();
  hidden = new Set<string>();
  /** Document order of visible fields, for an error summary in reading order. */
  readonly order = new Map<string, number>();
  private messages: FieldMessages | undefined;
  readonly context: NormaliseContext;

  constructor(
    readonly form: FormDefinition,
    options: ValidateOptions,
  ) {
    this.lang = options.lang ?? 'de';
    this.today = dateOf(options.now);
    this.context = { issues: this, codeLists: form.codeLists ?? {}, ...(options.insideRegion ? { insideRegion: options.insideRegion } : {}) };
  }

  report(pointer: string, code: string, params: Record<string, string | number> = {}, kind?: keyof FieldMessages): void {
    const custom = kind ? this.messages?.[kind] : undefined;
    this.errors.push(custom ? this.customError(pointer, custom, params, code) : { pointer, code, params });
  }

  customError(pointer: string, message: LocalText, params: Record<string, unknown>, reason: string): FieldError {
    return { pointer, code: 'forms.custom', params: { message: interpolate(message[this.lang], params), reason } };
  }

  /** Step 1. */
  normalise(fields: readonly Field[], raw: Data, pointer: string, extra?: ReadonlySet<string>): Data {
    const out: Data = {};
    const keys = keysOf(fields);
    for (const key of Object.keys(raw)) {
      if (!keys.has(key) && !extra?.has(key)) this.report(childPointer(pointer, key), 'forms.unknownField');
    }
    for (const field of fields) {
      if (field.type === 'help') continue;
      const input = Object.hasOwn(raw, field.key) ? raw[field.key] : undefined;
      if (input === undefined || input === null) continue;
      const at = childPointer(pointer, field.key);
      if (field.type === 'group') {
        if (!isRecord(input)) this.badType(at);
        else {
          const group = this.normalise(field.fields, input, at);
          if (Object.keys(group).length) out[field.key] = group;
        }
      } else if (field.type === 'repeat') {
        if (!Array.isArray(input) || input.length > repeatHardLimit) this.badType(at);
        else if (input.length) {
          out[field.key] = input.map((item, index) => {
            if (isRecord(item)) return this.normalise(field.fields, item, childPointer(at, index));
            this.badType(childPointer(at, index));
            return {};
          });
        }
      } else {
        this.messages = field.messages;
        const value = normaliseValue(field, input, at, this.context, this.lang);
        this.messages = undefined;
        if (value === INVALID) this.invalid.add(at);
        else if (value !== undefined) out[field.key] = value;
      }
    }
    return out;
  }

  private badType(pointer: string): void {
    this.report(pointer, 'forms.invalidType');
    this.invalid.add(pointer);
  }

  compute(data: Data): void {
    const scope = rootScope(data, this.today);
    for (const computed of this.form.computed ?? []) data[computed.key] = evaluate(computed.expression, scope) ?? null;
  }

  /** Step 2: drops hidden values until the shown set is stable; returns nothing, fills `hidden`. */
  settleVisibility(data: Data): void {
    const limit = 2 + this.form.pages.length * 50;
    for (let round = 0; round < limit; round++) {
      this.compute(data);
      this.hidden = new Set();
      const scope = rootScope(data, this.today);
      let dropped = false;
      for (const page of this.form.pages) {
        const pageHidden = page.showIf !== undefined && !isTrue(page.showIf, scope);
        dropped = this.hide(page.fields, data, scope, scope, '', pageHidden) || dropped;
      }
      if (!dropped) return;
    }
  }

  private hide(fields: readonly Field[], container: Data | undefined, scope: Scope, root: Scope, pointer: string, forced: boolean): boolean {
    let dropped = false;
    for (const field of fields) {
      const at = childPointer(pointer, field.key);
      if (forced || (field.showIf !== undefined && !isTrue(field.showIf, scope))) {
        this.hidden.add(at);
        if (container && Object.hasOwn(container, field.key)) {
          delete container[field.key];
          dropped = true;
        }
        continue;
      }
      const value = container?.[field.key];
      if (field.type === 'group' && isRecord(value)) {
        dropped = this.hide(field.fields, value, scope, root, at, false) || dropped;
        if (Object.keys(value).length === 0) {
          delete container![field.key];
          dropped = true;
        }
      } else if (field.type === 'repeat' && Array.isArray(value)) {
        value.forEach((item: Data, index) => {
          dropped = this.hide(field.fields, item, itemScope(item, root, index, this.today), root, childPointer(at, index), false) || dropped;
        });
      }
    }
    return dropped;
  }

  /** Step 3. */
  check(fields: readonly Field[], container: Data | undefined, scope: Scope, root: Scope, pointer: string): void {
    for (const field of fields) {
      const at = childPointer(pointer, field.key);
      if (field.type === 'help' || this.hidden.has(at)) continue;
      this.order.set(at, this.order.size);
      const value = container?.[field.key];
      const required = !field.optional || (field.requiredIf !== undefined && isTrue(field.requiredIf, scope));
      if (field.type === 'group') {
        if (value !== undefined || required) this.check(field.fields, value as Data | undefined, scope, root, at);
      } else if (field.type === 'repeat') {
        const items = (value ?? []) as Data[];
        const min = field.min ?? (required ? 1 : 0);
        if (this.invalid.has(at)) continue;
        if (items.length < min) this.report(at, items.length === 0 && min === 1 ? 'forms.required' : 'forms.repeat.tooFew', { min });
        else if (field.max !== undefined && items.length > field.max) this.report(at, 'forms.repeat.tooMany', { max: field.max });
        items.forEach((item, index) => this.check(field.fields, item, itemScope(item, root, index, this.today), root, childPointer(at, index)));
      } else if (value === undefined) {
        if (required && !this.invalid.has(at)) this.reportFor(field, at, 'forms.required', {}, 'required');
      } else if (field.type === 'date') {
        this.checkDateRelations(field, value as string, at, scope, root);
      }
    }
  }

  private reportFor(field: ValueField, pointer: string, code: string, params: Record<string, string | number>, kind: keyof FieldMessages): void {
    const custom = field.messages?.[kind];
    this.errors.push(custom ? this.customError(pointer, custom, params, code) : { pointer, code, params });
  }

  private checkDateRelations(field: Extract<ValueField, { type: 'date' }>, value: string, pointer: string, scope: Scope, root: Scope): void {
    for (const relation of ['after', 'before'] as const) {
      const reference = field[relation];
      if (!reference) continue;
      const base = reference.today ? this.today : (lookup(scope, reference.field!) ?? lookup(root, reference.field!));
      if (!isLocalDate(base)) continue; // the other date is missing or invalid: reported there
      const limit = addDays(base, reference.days ?? 0);
      const ok = relation === 'after' ? value > limit || (reference.orEqual === true && value === limit) : value < limit || (reference.orEqual === true && value === limit);
      if (ok) continue;
      const params = { date: formatDate(limit, this.lang) };
      const code = `forms.date.${relation}${reference.orEqual ? 'OrEqual' : ''}`;
      if (reference.message) this.errors.push(this.customError(pointer, reference.message, params, code));
      else this.reportFor(field, pointer, code, params, relation);
    }
  }

  /** Step 4. */
  applyRules(data: Data): void {
    const scope = rootScope(data, this.today);
    for (const rule of this.form.rules ?? []) {
      if (!isTrue(rule.when, scope)) continue;
      const params = Object.fromEntries(Object.entries(rule.params ?? {}).map(([name, expression]) => [name, evaluate(expression, scope)]));
      const issue = this.customError(rule.field, rule.message, params, `rule.${rule.id}`);
      (rule.severity === 'error' ? this.errors : this.warnings).push(issue);
    }
  }

  private isHidden(pointer: string): boolean {
    for (const hidden of this.hidden) if (pointer === hidden || pointer.startsWith(`${hidden}/`)) return true;
    return false;
  }

  private rank(pointer: string): number {
    for (let at = pointer; at; at = at.slice(0, at.lastIndexOf('/'))) {
      const position = this.order.get(at);
      if (position !== undefined) return position;
    }
    return Number.MAX_SAFE_INTEGER;
  }

  /** Reports of hidden fields go; the rest in reading order. */
  visibleInOrder(issues: FieldError[]): FieldError[] {
    return issues
      .filter((issue) => !this.isHidden(issue.pointer))
      .map((issue, index) => ({ issue, rank: this.rank(issue.pointer), index }))
      .sort((a, b) => a.rank - b.rank || a.index - b.index)
      .map((entry) => entry.issue);
  }
}

const computedKeys = new WeakMap<FormDefinition, Set<string>>();

function computedKeysOf(form: FormDefinition): Set<string> {
  let keys = computedKeys.get(form);
  if (!keys) computedKeys.set(form, (keys = new Set((form.computed ?? []).map((c) => c.key))));
  return keys;
}

const allFields = new WeakMap<FormDefinition, Field[]>();

function fieldsOf(form: FormDefinition): Field[] {
  let fields = allFields.get(form);
  if (!fields) allFields.set(form, (fields = form.pages.flatMap((page) => page.fields)));
  return fields;
}

/** Validates and normalises a whole submission. Never throws on bad data. */
export function validateSubmission(form: FormDefinition, data: unknown, options: ValidateOptions): ValidationResult {
  const run = new Validation(form, options);
  if (!isRecord(data)) {
    return { value: {}, errors: [{ pointer: '', code: 'forms.invalidType', params: {} }], warnings: [] };
  }
  // Computed values are always derived again; a client sending them back is not an error.
  const value = run.normalise(fieldsOf(form), data, '', computedKeysOf(form));
  run.settleVisibility(value);
  const root = rootScope(value, run.today);
  for (const page of form.pages) run.check(page.fields, value, root, root, '');
  run.applyRules(value);
  return { value, errors: run.visibleInOrder(run.errors), warnings: run.visibleInOrder(run.warnings) };
}

export function findPage(form: FormDefinition, pageId: string): Page | undefined {
  return form.pages.find((page) => page.id === pageId);
}

/** Validates the whole submission but reports only the problems of one page (the page-by-page flow). */
export function validatePage(form: FormDefinition, pageId: string, data: unknown, options: ValidateOptions): ValidationResult {
  const page = findPage(form, pageId);
  if (!page) throw new Error(`form ${form.key} has no page "${pageId}"`);
  const result = validateSubmission(form, data, options);
  const keys = keysOf(page.fields);
  const onPage = (issue: FieldError) => keys.has(pointerTokens(issue.pointer)[0] ?? '');
  return { value: result.value, errors: result.errors.filter(onPage), warnings: result.warnings.filter(onPage) };
}

/** The pages shown for these (normalised) answers, in order: the page-by-page flow skips the others. */
export function visiblePages(form: FormDefinition, value: Record<string, unknown>, now: Date): Page[] {
  const scope = rootScope(value, dateOf(now));
  return form.pages.filter((page) => page.showIf === undefined || isTrue(page.showIf, scope));
}

/** The page a JSON pointer belongs to (for "change" links and for sending the user to an error). */
export function pageOfPointer(form: FormDefinition, pointer: string): Page | undefined {
  const [key] = pointerTokens(pointer);
  return form.pages.find((page) => keysOf(page.fields).has(key ?? ''));
}

/** Initial answers from the applicant's account for fields with `prefill` (top level and in groups). */
export function prefillValues(form: FormDefinition, sources: Record<string, unknown>): Record<string, unknown> {
  const fill = (fields: readonly Field[]): Data => {
    const out: Data = {};
    for (const field of fields) {
      if (field.type === 'group') {
        const group = fill(field.fields);
        if (Object.keys(group).length) out[field.key] = group;
      } else if (field.type !== 'help' && field.type !== 'repeat' && field.prefill) {
        const value = lookup(sources, field.prefill);
        if (value !== undefined && value !== null && value !== '') out[field.key] = value;
      }
    }
    return out;
  };
  return fill(fieldsOf(form));
}
