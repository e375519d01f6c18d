import type { AppContext } from '../../core/context.js';
import { canonicalJson } from '../../core/canonical-json.js';
import { childPointer } from '../../core/json-pointer.js';
import type { ProcedureDefinition } from './model.js';

/**
 * What changed between two versions of a procedure, for people: questions (pages, fields, groups
 * and repeats by their pointer), code lists (the options of choice questions), computed values and
 * rules, routing (recipients), the other facts of procedure.json, the workflow (states, actions,
 * timers, message and document texts) and the template files. Each entry names what it concerns
 * and which of its properties changed, with the value before and after; the studio shows them
 * before a version is approved (docs/studio.md).
 */

/** What a diff compares: a version's content as stored (the form as the pack wrote it). */
export interface VersionContent {
  procedure: ProcedureDefinition | Record<string, unknown>;
  formDocument: Record<string, unknown>;
  workflowDocument: unknown;
  templates: Record<string, string>;
}

export type DiffArea = 'pages' | 'questions' | 'codeLists' | 'computed' | 'rules' | 'form' | 'routing' | 'procedure' | 'workflow' | 'templates';

export interface PropertyChange {
  /** The property inside the thing, e.g. `label`, `optional`, `when`, `values/2/label`. */
  property: string;
  /** Compact JSON of the value before and after; undefined where it was not set. */
  before?: string;
  after?: string;
}

export interface DiffEntry {
  area: DiffArea;
  change: 'added' | 'removed' | 'changed';
  /** What it is about: a page id, a question's pointer (`/boreholes/depth`), a rule id, `recipients/mining@land`, a file name. */
  subject: string;
  /** The thing's label or title where it has one (the newer version's when both have it). */
  label?: { de: string; en: string };
  /** For `changed`: each property that differs. */
  changes: PropertyChange[];
}

/** Values longer than this are cut in the diff (the export has them whole). */
const maxShown = 300;

function shown(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const text = typeof value === 'string' ? JSON.stringify(value) : canonicalJson(value);
  return text.length > maxShown ? `${text.slice(0, maxShown - 1)}…` : text;
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The properties that differ between two objects, one level deep, except `ignore`. Objects one
 * level down that are not texts ({de, en}) are followed to their own properties, so a changed
 * `messages.required.de` reads `messages/required` rather than the whole block.
 */
function propertyChanges(before: Record<string, unknown>, after: Record<string, unknown>, ignore: readonly string[] = [], at = ''): PropertyChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => !ignore.includes(key)).sort();
  return keys.flatMap((key): PropertyChange[] => {
    const a = before[key];
    const b = after[key];
    if (same(a, b)) return [];
    const property = at ? `${at}/${key}` : key;
    if (isRecord(a) && isRecord(b) && isContainer(a) && isContainer(b) && at.split('/').length < 3) return propertyChanges(a, b, [], property);
    return [{ property, before: shown(a), after: shown(b) }];
  });
}

/** An object whose parts are worth naming: not a text ({de, en}) and not a JSON-logic expression (one operator). */
function isContainer(value: Record<string, unknown>): boolean {
  return !isText(value) && Object.keys(value).length > 1;
}

function isText(value: Record<string, unknown>): boolean {
  return typeof value.de === 'string' && Object.keys(value).every((key) => key === 'de' || key === 'en');
}

function textOf(value: unknown): { de: string; en: string } | undefined {
  return isRecord(value) && isText(value) ? { de: String(value.de), en: String(value.en ?? value.de) } : undefined;
}

/** Compares two keyed collections (id → thing): added, removed, changed. */
function keyed(
  area: DiffArea,
  before: Map<string, Record<string, unknown>>,
  after: Map<string, Record<string, unknown>>,
  options: { ignore?: readonly string[]; label?: (thing: Record<string, unknown>) => unknown } = {},
): DiffEntry[] {
  const labelOf = (thing: Record<string, unknown>) => textOf(options.label ? options.label(thing) : (thing.label ?? thing.title));
  const entries: DiffEntry[] = [];
  for (const [subject, thing] of after) {
    const old = before.get(subject);
    if (!old) entries.push({ area, change: 'added', subject, label: labelOf(thing), changes: [] });
    else {
      const changes = propertyChanges(old, thing, options.ignore);
      if (changes.length) entries.push({ area, change: 'changed', subject, label: labelOf(thing) ?? labelOf(old), changes });
    }
  }
  for (const [subject, thing] of before) if (!after.has(subject)) entries.push({ area, change: 'removed', subject, label: labelOf(thing), changes: [] });
  return entries;
}

const asRecords = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const entriesOf = (value: unknown): Map<string, Record<string, unknown>> =>
  new Map(Object.entries(isRecord(value) ? value : {}).map(([key, thing]) => [key, isRecord(thing) ? thing : { value: thing }]));

/** Every field of a form by its pointer (`/group/child`; a repeat's fields under the repeat's pointer), with the page it is on and its position there. */
function questionsOf(form: Record<string, unknown>): Map<string, Record<string, unknown>> {
  const questions = new Map<string, Record<string, unknown>>();
  const walk = (fields: unknown, at: string, page: string) => {
    asRecords(fields).forEach((field) => {
      const pointer = childPointer(at, String(field.key));
      questions.set(pointer, { ...field, page });
      walk(field.fields, pointer, page);
    });
  };
  for (const page of asRecords(form.pages)) walk(page.fields, '', String(page.id));
  return questions;
}

/** The order of the questions inside each page or group, to tell a moved question from a changed one. */
function orderChanges(before: Record<string, unknown>, after: Record<string, unknown>): DiffEntry[] {
  const orders = (form: Record<string, unknown>) => {
    const result = new Map<string, string[]>();
    const walk = (fields: unknown, at: string, owner: string) => {
      const list = asRecords(fields);
      result.set(
        owner,
        list.map((field) => String(field.key)),
      );
      for (const field of list) if (field.fields) walk(field.fields, childPointer(at, String(field.key)), childPointer(at, String(field.key)));
    };
    for (const page of asRecords(form.pages)) walk(page.fields, '', `page ${String(page.id)}`);
    return result;
  };
  const a = orders(before);
  const b = orders(after);
  const entries: DiffEntry[] = [];
  for (const [owner, keys] of b) {
    const old = a.get(owner);
    if (!old) continue;
    // Only the order of the questions both have: additions and removals are entries of their own.
    const kept = keys.filter((key) => old.includes(key));
    const keptBefore = old.filter((key) => keys.includes(key));
    if (!same(kept, keptBefore)) {
      const area: DiffArea = owner.startsWith('page ') ? 'pages' : 'questions';
      const subject = owner.startsWith('page ') ? owner.slice(5) : owner;
      entries.push({ area, change: 'changed', subject, changes: [{ property: 'order', before: keptBefore.join(', '), after: kept.join(', ') }] });
    }
  }
  return entries;
}

/** Recipients have no id: one is known by its authority kind, region and field (and a number when several share them). */
function recipientsOf(procedure: Record<string, unknown>): Map<string, Record<string, unknown>> {
  const result = new Map<string, Record<string, unknown>>();
  for (const rule of asRecords(procedure.recipients)) {
    const base = `${String(rule.authorityKind)}@${String(rule.region)}${rule.field ? `:${String(rule.field)}` : ''}`;
    let name = base;
    for (let n = 2; result.has(name); n++) name = `${base}#${n}`;
    result.set(name, rule);
  }
  return result;
}

/** The readable differences from `before` to `after`, in the order pages, questions, code lists, computed values, rules, form, routing, procedure, workflow, templates. */
export function diffVersions(before: VersionContent, after: VersionContent): DiffEntry[] {
  const formA = before.formDocument;
  const formB = after.formDocument;
  const procedureA = before.procedure as Record<string, unknown>;
  const procedureB = after.procedure as Record<string, unknown>;
  const byId = (list: unknown, id: string) => new Map(asRecords(list).map((thing) => [String(thing[id]), thing]));
  const workflowA = isRecord(before.workflowDocument) ? before.workflowDocument : {};
  const workflowB = isRecord(after.workflowDocument) ? after.workflowDocument : {};
  const templatesA = isRecord(workflowA.templates) ? workflowA.templates : {};
  const templatesB = isRecord(workflowB.templates) ? workflowB.templates : {};
  const prefixed = (prefix: string, map: Map<string, Record<string, unknown>>) => new Map([...map].map(([key, thing]) => [`${prefix}/${key}`, thing]));
  const workflowParts = (workflow: Record<string, unknown>, templates: Record<string, unknown>) =>
    new Map([
      ...prefixed('states', entriesOf(workflow.states)),
      ...prefixed('actions', entriesOf(workflow.actions)),
      ...prefixed('timers', entriesOf(workflow.timers)),
      ...prefixed('messages', entriesOf(templates.messages)),
      ...prefixed('documents', entriesOf(templates.documents)),
    ]);
  const workflowRest = (workflow: Record<string, unknown>) => ({ ...workflow, states: undefined, actions: undefined, timers: undefined, templates: undefined });
  const files = (templates: Record<string, string>) => new Map(Object.entries(templates).map(([name, text]) => [name, { text }]));

  return [
    ...keyed('pages', byId(formA.pages, 'id'), byId(formB.pages, 'id'), { ignore: ['fields'] }),
    ...keyed('questions', questionsOf(formA), questionsOf(formB), { ignore: ['fields'] }),
    ...orderChanges(formA, formB),
    ...keyed('codeLists', entriesOf(formA.codeLists), entriesOf(formB.codeLists), { label: () => undefined }),
    ...keyed('computed', byId(formA.computed, 'key'), byId(formB.computed, 'key')),
    ...keyed('rules', byId(formA.rules, 'id'), byId(formB.rules, 'id'), { label: (rule) => rule.message }),
    ...keyed(
      'form',
      new Map([['form', { ...formA, pages: undefined, codeLists: undefined, computed: undefined, rules: undefined, key: undefined, version: undefined }]]),
      new Map([['form', { ...formB, pages: undefined, codeLists: undefined, computed: undefined, rules: undefined, key: undefined, version: undefined }]]),
      { label: () => undefined },
    ),
    ...keyed('routing', recipientsOf(procedureA), recipientsOf(procedureB), { label: (rule) => rule.reason }),
    ...keyed('procedure', new Map([['procedure', procedureA]]), new Map([['procedure', procedureB]]), { ignore: ['recipients', '$schema'], label: () => undefined }),
    ...keyed('workflow', workflowParts(workflowA, templatesA), workflowParts(workflowB, templatesB)),
    ...keyed('workflow', new Map([['workflow', workflowRest(workflowA)]]), new Map([['workflow', workflowRest(workflowB)]]), { label: () => undefined }),
    ...keyed('templates', files(before.templates), files(after.templates), { label: () => undefined }),
  ];
}

/** The differences between two stored versions of a procedure (undefined when either does not exist). */
export async function diffStoredVersions(ctx: Pick<AppContext, 'db'>, key: string, from: number, to: number): Promise<DiffEntry[] | undefined> {
  const rows = await ctx.db
    .selectFrom('procedure_versions')
    .select(['version', 'procedure_json', 'form_json', 'workflow_json', 'templates_json'])
    .where('procedure_key', '=', key)
    .where('version', 'in', [from, to])
    .execute();
  const content = (version: number): VersionContent | undefined => {
    const row = rows.find((r) => r.version === version);
    if (!row) return undefined;
    return {
      procedure: JSON.parse(row.procedure_json) as Record<string, unknown>,
      formDocument: JSON.parse(row.form_json) as Record<string, unknown>,
      workflowDocument: row.workflow_json === null ? null : (JSON.parse(row.workflow_json) as unknown),
      templates: row.templates_json === null ? {} : (JSON.parse(row.templates_json) as Record<string, string>),
    };
  };
  const a = content(from);
  const b = content(to);
  return a && b ? diffVersions(a, b) : undefined;
}

/**
 * The differences as plain text for the command line: one line per entry (area, change, subject,
 * the English label), then one indented line per changed property with its values before → after.
 */
export function diffAsText(entries: readonly DiffEntry[]): string {
  if (entries.length === 0) return 'no differences\n';
  const areaWidth = Math.max(...entries.map((entry) => entry.area.length));
  const changeWidth = Math.max(...entries.map((entry) => entry.change.length));
  return entries
    .map((entry) => {
      const label = entry.label ? ` (${entry.label.en || entry.label.de})` : '';
      const head = `${entry.area.padEnd(areaWidth)}  ${entry.change.padEnd(changeWidth)}  ${entry.subject}${label}\n`;
      return head + entry.changes.map((change) => `    ${change.property}: ${change.before ?? '(not set)'} → ${change.after ?? '(not set)'}\n`).join('');
    })
    .join('');
}
