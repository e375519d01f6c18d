import jsonLogic from 'json-logic-js';
import type { Logic } from './definition.js';
import { addDays, daysBetween, isIsoDate } from './dates.js';

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
  '==', '===', '!=', '!==', '>', '>=', '<', '<=', '!!', '!', '%', 'in', 'cat', 'substr', '+', '*', '-', '/',
  'min', 'max', 'merge', 'var', 'missing', 'missing_some', 'if', '?:', 'and', 'or', 'filter', 'map', 'reduce',
  'all', 'none', 'some',
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
  daysBetween: (from, to) => (isIsoDate(from) && isIsoDate(to) ? daysBetween(from, to) : null),
  /** `{"addDays": [date, n]}`: the ISO date n calendar days later. */
  addDays: (date, days) => (isIsoDate(date) && typeof days === 'number' && Number.isInteger(days) ? addDays(date, days) : null),
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

for (const [name, operation] of Object.entries(custom)) jsonLogic.add_operation(name, operation);

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
