import { isLocalDate } from '../../../core/calendar/index.js';
import type { FieldError } from '../../../core/errors.js';
import {
  disposals,
  formations,
  kennzeichenPattern,
  maxKennzeichenLength,
  maxRetentionYears,
  maxTitleLength,
  recordsModes,
  walkTree,
  type PlanTree,
  type PlanTreeNode,
  type UnitFields,
} from './model.js';

/**
 * Checks of what people type into the Aktenplan. Every check returns all problems at once, each
 * with a JSON pointer the caller chooses (a form field, a node of an imported tree, a CSV line),
 * so one rule serves the form, the API and the import.
 */

/** Where a field's problem is reported. */
export type PointerOf = (field: string) => string;

export const fieldPointer: PointerOf = (field) => `/${field}`;

/** Reads "unbefristet" or a whole number of years; anything else becomes NaN (a validation error, not a crash). */
export function parseRetention(text: string): number | null {
  const value = text.trim().toLowerCase();
  if (value === 'unbefristet') return null;
  return /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
}

export function formatRetention(years: number | null): string {
  return years === null ? 'unbefristet' : String(years);
}

export function validateUnitFields(fields: UnitFields, pointer: PointerOf = fieldPointer): FieldError[] {
  const errors: FieldError[] = [];
  const error = (field: string, code: string, params?: Record<string, string | number>) => errors.push({ pointer: pointer(field), code, ...(params ? { params } : {}) });
  if (!fields.kennzeichen) error('kennzeichen', 'records.plan.error.kennzeichenRequired');
  else if (fields.kennzeichen.length > maxKennzeichenLength || !kennzeichenPattern.test(fields.kennzeichen)) error('kennzeichen', 'records.plan.error.kennzeichenFormat');
  if (!fields.title.trim()) error('title', 'records.plan.error.titleRequired');
  else if (fields.title.length > maxTitleLength) error('title', 'records.plan.error.tooLong', { max: maxTitleLength });
  const years = fields.retentionYears;
  if (years !== null && !(Number.isInteger(years) && years >= 0 && years <= maxRetentionYears)) error('retentionYears', 'records.plan.error.retention', { max: maxRetentionYears });
  if (!disposals.includes(fields.disposal)) error('disposal', 'records.plan.error.disposal');
  if (!formations.includes(fields.formation)) error('formation', 'records.plan.error.formation');
  for (const field of ['validFrom', 'validTo'] as const) {
    const value = fields[field];
    if (value !== null && !isLocalDate(value)) error(field, 'records.plan.error.date');
  }
  if (fields.validFrom && fields.validTo && isLocalDate(fields.validFrom) && isLocalDate(fields.validTo) && fields.validTo < fields.validFrom) {
    error('validTo', 'records.plan.error.validToBeforeFrom');
  }
  return errors;
}

/**
 * Checks a whole tree before anything of it is written: every unit's fields, Kennzeichen unique
 * in the tree, and that no retired unit of the plan is opened again. `pointerOf` says where a
 * node's problems are reported (its place in the tree, or its CSV line).
 */
export function validateTree(tree: PlanTree, retiredKennzeichen: ReadonlySet<string>, pointerOf: (node: PlanTreeNode, field: string) => string): FieldError[] {
  const errors: FieldError[] = [];
  if (!tree.title.trim()) errors.push({ pointer: '/title', code: 'records.plan.error.titleRequired' });
  if (tree.validFrom !== null && !isLocalDate(tree.validFrom)) errors.push({ pointer: '/validFrom', code: 'records.plan.error.date' });
  const seen = new Set<string>();
  for (const { node } of walkTree(tree.units)) {
    errors.push(...validateUnitFields(node, (field) => pointerOf(node, field)));
    if (seen.has(node.kennzeichen))
      errors.push({ pointer: pointerOf(node, 'kennzeichen'), code: 'records.plan.error.kennzeichenTwice', params: { kennzeichen: node.kennzeichen } });
    seen.add(node.kennzeichen);
    if (!node.retired && retiredKennzeichen.has(node.kennzeichen))
      errors.push({ pointer: pointerOf(node, 'retired'), code: 'records.plan.error.reopen', params: { kennzeichen: node.kennzeichen } });
  }
  return errors;
}

/** The placeholders an Aktenzeichen pattern may use: `{kennzeichen}`, `{seq}` or `{seq:N}` (N digits, 1–9), `{yyyy}`, `{authority}`. */
const placeholder = /\{([^{}]*)\}/g;

export function validateSettings(settings: { fileNumberPattern: string; mode: string; handoverTarget: string | null }): FieldError[] {
  const errors: FieldError[] = [];
  const pattern = settings.fileNumberPattern;
  const names = [...pattern.matchAll(placeholder)].map((match) => match[1]!);
  const unknown = names.find((name) => !/^(kennzeichen|yyyy|authority|seq(:[1-9])?)$/.test(name));
  if (!pattern.trim() || pattern.length > 100) errors.push({ pointer: '/fileNumberPattern', code: 'records.settings.error.patternLength' });
  else if (unknown !== undefined) errors.push({ pointer: '/fileNumberPattern', code: 'records.settings.error.placeholderUnknown', params: { placeholder: `{${unknown}}` } });
  else if (/[{}]/.test(pattern.replace(placeholder, ''))) errors.push({ pointer: '/fileNumberPattern', code: 'records.settings.error.braces' });
  // Without the Kennzeichen and the running number, two Akten would get the same Aktenzeichen.
  else if (!names.includes('kennzeichen') || !names.some((name) => name.startsWith('seq')))
    errors.push({ pointer: '/fileNumberPattern', code: 'records.settings.error.patternIncomplete' });
  if (!(recordsModes as readonly string[]).includes(settings.mode)) errors.push({ pointer: '/mode', code: 'records.settings.error.mode' });
  else if (settings.mode === 'xdomea-abgabe' && !isHandoverTarget(settings.handoverTarget ?? ''))
    errors.push({ pointer: '/handoverTarget', code: 'records.settings.error.handoverTarget' });
  return errors;
}

/**
 * An absolute folder path, an https URL, or http to this machine only (a DMS connector beside
 * the server): Akten must not travel unencrypted over a network.
 */
function isHandoverTarget(target: string): boolean {
  if (target.length > 500) return false;
  if (target.startsWith('/')) return !target.split('/').includes('..');
  try {
    const url = new URL(target);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
  } catch {
    return false;
  }
}
