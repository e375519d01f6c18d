import type { FieldError } from '../../../core/errors.js';
import type { Field, Page } from '../definition.js';
import { pointerTokens } from '../../../core/json-pointer.js';

/**
 * Turns a page's `application/x-www-form-urlencoded` body into answers: names such as
 * `boreholes[0][depth]` become nested data, following the definition (never creating keys it does
 * not know). The `_action` button says what the user asked for: continue, or add/remove a repeat item.
 */

/** `show`: the map beside a coordinate question asked to show the point typed (no script): save and show the page again there. */
export type PageAction = { type: 'continue' } | { type: 'add'; pointer: string } | { type: 'remove'; pointer: string; index: number } | { type: 'show'; pointer: string };

export interface PageInput {
  /** Answers of this page's fields (file fields excluded: their metadata comes from the upload). */
  data: Record<string, unknown>;
  action: PageAction;
  /** Pointers of the fields the page showed (from `_shown`), see `withoutUnseenRequired`. */
  shown: Set<string>;
}

type Body = Record<string, unknown>;
interface Tree {
  [segment: string]: Tree | unknown;
}

const maxRepeatIndex = 499;

function segments(name: string): string[] | undefined {
  const match = /^([a-zA-Z][a-zA-Z0-9_]*)((?:\[[a-zA-Z0-9_]*\])*)$/.exec(name);
  if (!match) return undefined;
  const rest = [...match[2]!.matchAll(/\[([a-zA-Z0-9_]*)\]/g)].map((m) => m[1]!);
  return [match[1]!, ...rest];
}

function toTree(body: Body): Tree {
  const tree: Tree = Object.create(null);
  for (const [name, raw] of Object.entries(body)) {
    const path = segments(name);
    if (!path) continue;
    let node = tree;
    for (const part of path.slice(0, -1)) {
      const next = node[part];
      node = (next && typeof next === 'object' && !Array.isArray(next) ? next : (node[part] = Object.create(null))) as Tree;
    }
    node[path[path.length - 1]!] = raw;
  }
  return tree;
}

function isTree(value: unknown): value is Tree {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const single = (value: unknown) => (Array.isArray(value) ? value[value.length - 1] : value);

function readFields(fields: readonly Field[], node: Tree): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.type === 'help' || field.type === 'file') continue;
    const raw = node[field.key];
    if (raw === undefined) continue;
    switch (field.type) {
      case 'group':
        if (isTree(raw)) out[field.key] = readFields(field.fields, raw);
        break;
      case 'repeat':
        if (isTree(raw)) {
          const indexes = Object.keys(raw)
            .filter((k) => /^\d+$/.test(k) && Number(k) <= maxRepeatIndex)
            .map(Number)
            .sort((a, b) => a - b);
          out[field.key] = indexes.map((index) => (isTree(raw[index]) ? readFields(field.fields, raw[index] as Tree) : {}));
        }
        break;
      case 'multiChoice':
        out[field.key] = (Array.isArray(raw) ? raw : [raw]).filter((v) => typeof v === 'string' && v !== '');
        break;
      case 'date':
      case 'address':
      case 'coordinate':
      case 'polygon':
        if (isTree(raw)) out[field.key] = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, single(v)]));
        break;
      default:
        out[field.key] = single(raw);
    }
  }
  return out;
}

function parseAction(raw: unknown): PageAction {
  const action = typeof raw === 'string' ? raw : '';
  const match = /^(add|remove|show):\/?([a-zA-Z0-9_/.]+)$/.exec(action);
  if (!match) return { type: 'continue' };
  const pointer = `/${match[2]!.replace(/\./g, '/')}`;
  if (match[1] === 'add') return { type: 'add', pointer };
  // The page's redirect goes to `#<pointer>` with slashes as dashes: `f-site-map` is the map's id.
  if (match[1] === 'show') return { type: 'show', pointer: `/f${pointer}/map` };
  const cut = pointer.lastIndexOf('/');
  const index = Number(pointer.slice(cut + 1));
  return Number.isInteger(index) && cut > 0 ? { type: 'remove', pointer: pointer.slice(0, cut), index } : { type: 'continue' };
}

/** The repeat field at a pointer like `/boreholes` or `/site/boreholes` (inside groups), with its list in `data`. */
function repeatAt(fields: readonly Field[], data: Record<string, unknown>, pointer: string): { list: unknown[]; max: number } | undefined {
  const parts = pointerTokens(pointer);
  let scopeFields = fields;
  let container: Record<string, unknown> = data;
  for (const [position, key] of parts.entries()) {
    const field = scopeFields.find((f) => f.key === key);
    if (!field) return undefined;
    const last = position === parts.length - 1;
    if (last && field.type === 'repeat') {
      if (!Array.isArray(container[key])) container[key] = [];
      return { list: container[key] as unknown[], max: field.max ?? maxRepeatIndex + 1 };
    }
    if (field.type !== 'group' || last) return undefined;
    if (!isTree(container[key])) container[key] = {};
    container = container[key] as Record<string, unknown>;
    scopeFields = field.fields;
  }
  return undefined;
}

export function parsePageInput(page: Page, body: unknown): PageInput {
  const fields = isTree(body) ? (body as Body) : {};
  const data = readFields(page.fields, toTree(fields));
  const action = parseAction(single(fields._action));
  if (action.type === 'add' || action.type === 'remove') {
    const repeat = repeatAt(page.fields, data, action.pointer);
    if (!repeat) return { data, action: { type: 'continue' }, shown: shownOf(fields) };
    if (action.type === 'add' && repeat.list.length < repeat.max) repeat.list.push({});
    if (action.type === 'remove' && action.index < repeat.list.length) repeat.list.splice(action.index, 1);
  }
  return { data, action, shown: shownOf(fields) };
}

function shownOf(body: Body): Set<string> {
  const raw = single(body._shown);
  return new Set(typeof raw === 'string' ? raw.split(',').filter((p) => p.startsWith('/')) : []);
}

/**
 * A field that appears only now (its condition became true with this page's answers) should be
 * asked, not reported as missing: this drops "required" errors of fields the page did not show.
 */
export function withoutUnseenRequired(errors: FieldError[], shown: Set<string>): FieldError[] {
  return errors.filter((error) => error.code !== 'forms.required' || shown.has(error.pointer));
}

/** The draft with this page's answers in place of the old ones (file metadata is left alone). */
export function mergePageData(page: Page, draft: Record<string, unknown>, pageData: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...draft };
  for (const field of page.fields) {
    if (field.type === 'help' || field.type === 'file') continue;
    if (Object.hasOwn(pageData, field.key)) merged[field.key] = pageData[field.key];
    else delete merged[field.key];
  }
  return merged;
}
