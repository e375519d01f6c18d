import jsonLogic from 'json-logic-js';
import type { Logic } from './definition.js';
import { addDays, addMonths, daysBetween, isLocalDate } from '../../core/calendar/index.js';

/**
 * Rules are JSON-logic expressions evaluated by `json-logic-js` — data, never code. We add a few
 * operations forms need and allow only a known set of operators (`method` and `log` are left out:
 * the first calls arbitrary methods on values, the second writes to the console).
 *
 * The data an expression sees is the form's (normalised) answers plus `$today` (ISO date of the
 * validation in Europe/Berlin); inside a repeat item, the item's own fields plus `$root` (the whole
 * form) and `$index`.
 */

const builtIn = [
  '==',
  '===',
  '!=',
  '!==',
  '>',
  '>=',
  '<',
  '<=',
  '!!',
  '!',
  '%',
  'in',
  'cat',
  'substr',
  '+',
  '*',
  '-',
  '/',
  'min',
  'max',
  'merge',
  'var',
  'missing',
  'missing_some',
  'if',
  '?:',
  'and',
  'or',
  'filter',
  'map',
  'reduce',
  'all',
  'none',
  'some',
];

function numbersOf(items: unknown, key: unknown): number[] {
  if (!Array.isArray(items) || typeof key !== 'string') return [];
  const numbers: number[] = [];
  for (const item of items) {
    const value = item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[key] : undefined;
    if (typeof value === 'number' && Number.isFinite(value)) numbers.push(value);
  }
  return numbers;
}

const custom: Record<string, (...args: unknown[]) => unknown> = {
  /** `{"daysBetween": [from, to]}`: calendar days from one ISO date to another (null if one is missing). */
  daysBetween: (from, to) => (isLocalDate(from) && isLocalDate(to) ? daysBetween(from, to) : null),
  /** `{"addDays": [date, n]}`: the ISO date n calendar days later. */
  addDays: (date, days) => (isLocalDate(date) && typeof days === 'number' && Number.isInteger(days) ? addDays(date, days) : null),
  /** `{"addMonths": [date, n]}`: the same day n months later (clamped to the month's end), e.g. "one month before the start". */
  addMonths: (date, months) => (isLocalDate(date) && typeof months === 'number' && Number.isInteger(months) ? addMonths(date, months) : null),
  /** `{"count": [list]}`: number of items (0 when absent). */
  count: (items) => (Array.isArray(items) ? items.length : 0),
  /** `{"maxOf": [list, "field"]}`: the largest number among the items' field (null if none). */
  maxOf: (items, key) => {
    const numbers = numbersOf(items, key);
    return numbers.length ? Math.max(...numbers) : null;
  },
  minOf: (items, key) => {
    const numbers = numbersOf(items, key);
    return numbers.length ? Math.min(...numbers) : null;
  },
  sumOf: (items, key) => numbersOf(items, key).reduce((sum, n) => sum + n, 0),
  /** `{"isEmpty": [value]}`: absent, empty text or empty list. */
  isEmpty: (value) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0),
};

/**
 * What an expression sees: answers plus a few names (`$today`, `$root`, `$index`). A wrapper
 * instead of `Object.create(answers)`: an object V8 sees used as a prototype becomes slow to read.
 */
export class Scope {
  constructor(
    readonly data: Record<string, unknown>,
    readonly names: Record<string, unknown>,
  ) {}
}

function step(current: unknown, part: string): unknown {
  if (current instanceof Scope) return Object.hasOwn(current.names, part) ? current.names[part] : step(current.data, part);
  if (current === null || typeof current !== 'object') return undefined;
  return Object.hasOwn(current, part) ? (current as Record<string, unknown>)[part] : undefined;
}

const paths = new Map<string, string[]>();

function partsOf(path: unknown): string[] {
  const text = String(path);
  let parts = paths.get(text);
  if (!parts) {
    parts = text.split('.');
    if (paths.size < 10_000) paths.set(text, parts); // expressions come from definitions: a bounded set
  }
  return parts;
}

/** json-logic's `var`, reading through scopes and only own properties (never `constructor` & co.). */
function variable(this: unknown, path: unknown, fallback?: unknown): unknown {
  const notFound = fallback === undefined ? null : fallback;
  if (path === undefined || path === null || path === '') return this instanceof Scope ? this.data : this;
  let current: unknown = this;
  for (const part of partsOf(path)) {
    current = step(current, part);
    if (current === undefined || current === null) return current === null ? null : notFound;
  }
  return current instanceof Scope ? current.data : current;
}

/** Reads a dotted path the way `{"var": path}` does (undefined when absent). */
export function lookup(scope: unknown, path: string): unknown {
  let current = scope;
  for (const part of path.split('.')) {
    current = step(current, part);
    if (current === undefined) return undefined;
  }
  return current instanceof Scope ? current.data : current;
}

for (const [name, operation] of Object.entries(custom)) jsonLogic.add_operation(name, operation);
jsonLogic.add_operation('var', variable);

const known = new Set([...builtIn, ...Object.keys(custom)]);

export function isKnownOperator(operator: string): boolean {
  return known.has(operator);
}

/** Registers another operation (e.g. working days from the calendar); call once at start-up. */
export function addRuleOperation(name: string, operation: (...args: unknown[]) => unknown): void {
  jsonLogic.add_operation(name, operation);
  known.add(name);
}

export function evaluate(logic: Logic | undefined, data: unknown): unknown {
  if (logic === null || typeof logic !== 'object') return logic;
  return jsonLogic.apply(logic as jsonLogic.RulesLogic, data);
}

export function isTrue(logic: Logic | undefined, data: unknown): boolean {
  return jsonLogic.truthy(evaluate(logic, data));
}
