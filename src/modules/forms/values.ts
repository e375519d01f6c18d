import type { ChoiceField, CodeList, CoordinateField, CurrencyField, FieldMessages, FileField, NumberField, TextField, ValueField } from './definition.js';
import { metricSystemOf, pairOf, toPosition, type Position } from './geo.js';
import { referenceSystem } from '../../core/reference-systems.js';
import { compactIban, ibanProblem } from './iban.js';
import { fromParts, isLocalDate, isValidDay } from '../../core/calendar/index.js';

/**
 * One normaliser per value type: raw input (from JSON or from a page's text inputs) in, the
 * canonical value out. Empty input is `undefined` (the required check comes later, once we know
 * whether the field is shown); bad input reports an issue and yields `INVALID`. Normalising a
 * normalised value gives the same value.
 */

export const INVALID = Symbol('invalid');
export type Normalised = unknown;

export interface Issues {
  /** `kind` names the check, so a field's custom `messages[kind]` can replace the default. */
  report(pointer: string, code: string, params?: Record<string, string | number>, kind?: keyof FieldMessages): void;
}

export interface NormaliseContext {
  issues: Issues;
  codeLists: Record<string, CodeList>;
  insideRegion?: (name: string, lon: number, lat: number) => boolean;
}

const maxTextLength = 10_000;

function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

function isRecord(raw: unknown): raw is Record<string, unknown> {
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw);
}

function text(field: TextField, raw: unknown, pointer: string, { issues }: NormaliseContext): Normalised {
  if (typeof raw !== 'string') return invalidType(pointer, issues);
  const value = field.type === 'longText' ? raw.replace(/\r\n?/g, '\n').trim() : raw.trim();
  if (value === '') return undefined;
  const length = [...value].length;
  const max = field.maxLength ?? (field.type === 'longText' ? maxTextLength : 500);
  if (length > max) issues.report(pointer, 'forms.text.tooLong', { max }, 'maxLength');
  else if (field.minLength !== undefined && length < field.minLength) issues.report(pointer, 'forms.text.tooShort', { min: field.minLength }, 'minLength');
  else if (field.pattern !== undefined && !new RegExp(`^(?:${field.pattern})$`, 'u').test(value)) issues.report(pointer, 'forms.pattern', {}, 'pattern');
  else return value;
  return INVALID;
}

const spaces = /[\s\u00a0\u202f']/g;

/**
 * Numbers as people type them: `1.234,5` and `1234,5` (German), `1234.5`, `1,234.5`. A dot
 * followed by exactly three digits is a thousands separator (`1.500` is 1500).
 */
export function parseNumber(raw: unknown): number | undefined | typeof INVALID {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : INVALID;
  if (typeof raw !== 'string') return INVALID;
  const s = raw.replace(spaces, '');
  if (s === '') return undefined;
  let canonical: string;
  if (/^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) canonical = s.replace(/\./g, '').replace(',', '.');
  else if (/^[+-]?\d+(,\d+)?$/.test(s)) canonical = s.replace(',', '.');
  else if (/^[+-]?\d+(\.\d+)?$/.test(s)) canonical = s;
  else if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) canonical = s.replace(/,/g, '');
  else return INVALID;
  const value = Number(canonical);
  return Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? value : INVALID;
}

function rangeChecked(value: number, min: number | undefined, max: number | undefined, pointer: string, issues: Issues, show: (n: number) => string = String): Normalised {
  if (min !== undefined && value < min) issues.report(pointer, 'forms.number.tooSmall', { min: show(min) }, 'min');
  else if (max !== undefined && value > max) issues.report(pointer, 'forms.number.tooLarge', { max: show(max) }, 'max');
  else return value;
  return INVALID;
}

function number(field: NumberField, raw: unknown, pointer: string, { issues }: NormaliseContext): Normalised {
  const value = parseNumber(raw);
  if (value === undefined) return undefined;
  if (value === INVALID) {
    issues.report(pointer, field.type === 'integer' ? 'forms.integer.invalid' : 'forms.number.invalid');
    return INVALID;
  }
  if (field.type === 'integer' && !Number.isSafeInteger(value)) {
    issues.report(pointer, 'forms.integer.invalid');
    return INVALID;
  }
  if (field.type === 'decimal' && field.decimals !== undefined && Number(value.toFixed(field.decimals)) !== value) {
    issues.report(pointer, 'forms.number.tooManyDecimals', { decimals: field.decimals });
    return INVALID;
  }
  return rangeChecked(value === 0 ? 0 : value, field.min, field.max, pointer, issues); // no -0
}

const euros = (cents: number) => `${(cents / 100).toFixed(2).replace('.', ',')} €`;

/** Text is euros (`1.234,56`, `12 €`); a JSON number is already cents. */
function currency(field: CurrencyField, raw: unknown, pointer: string, { issues }: NormaliseContext): Normalised {
  let cents: number | undefined;
  if (typeof raw === 'number') {
    cents = Number.isSafeInteger(raw) ? raw : undefined;
  } else if (typeof raw === 'string') {
    const amount = parseNumber(raw.replace(/(€|eur|euro)$/i, '').trim());
    if (amount === undefined) return undefined;
    if (amount !== INVALID && Number(amount.toFixed(2)) === amount) cents = Math.round(amount * 100);
  }
  if (cents === undefined || !Number.isSafeInteger(cents)) {
    issues.report(pointer, 'forms.currency.invalid');
    return INVALID;
  }
  return rangeChecked(cents === 0 ? 0 : cents, field.min, field.max, pointer, issues, euros);
}

/** An ISO date, or the three inputs of the date pattern `{day, month, year}`. */
function date(raw: unknown, pointer: string, { issues }: NormaliseContext): Normalised {
  if (typeof raw === 'string') {
    const value = raw.trim();
    if (value === '') return undefined;
    if (isLocalDate(value)) return value;
  } else if (isRecord(raw)) {
    const parts = [raw.day, raw.month, raw.year];
    if (parts.every(isBlank)) return undefined;
    const [day, month, year] = parts.map((part) => (typeof part === 'string' && /^\s*\d{1,4}\s*$/.test(part) ? Number(part) : typeof part === 'number' ? part : NaN)) as [
      number,
      number,
      number,
    ];
    if (isValidDay(year, month, day)) return fromParts(year, month, day);
  }
  issues.report(pointer, 'forms.date.invalid');
  return INVALID;
}

function email(raw: unknown, pointer: string, { issues }: NormaliseContext): Normalised {
  if (typeof raw !== 'string') return invalidType(pointer, issues);
  const value = raw.trim();
  if (value === '') return undefined;
  if (value.length <= 254 && /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/u.test(value)) return value;
  issues.report(pointer, 'forms.email.invalid');
  return INVALID;
}

function phone(raw: unknown, pointer: string, { issues }: NormaliseContext): Normalised {
  if (typeof raw !== 'string') return invalidType(pointer, issues);
  const value = raw.trim().replace(/\s+/g, ' ');
  if (value === '') return undefined;
  const digits = value.replace(/\D/g, '').length;
  if (/^\+?[0-9 ()/-]+$/.test(value) && digits >= 5 && digits <= 20) return value;
  issues.report(pointer, 'forms.phone.invalid');
  return INVALID;
}

function iban(raw: unknown, pointer: string, { issues }: NormaliseContext): Normalised {
  if (typeof raw !== 'string') return invalidType(pointer, issues);
  const value = compactIban(raw);
  if (value === '') return undefined;
  const problem = ibanProblem(value);
  if (!problem) return value;
  issues.report(pointer, problem === 'format' ? 'forms.iban.invalid' : 'forms.iban.checksum');
  return INVALID;
}

const yes = new Set(['yes', 'ja', 'true']);
const no = new Set(['no', 'nein', 'false']);

function yesNo(raw: unknown, pointer: string, { issues }: NormaliseContext): Normalised {
  if (typeof raw === 'boolean') return raw;
  if (isBlank(raw)) return undefined;
  const word = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (yes.has(word)) return true;
  if (no.has(word)) return false;
  issues.report(pointer, 'forms.yesNo.invalid');
  return INVALID;
}

function choice(field: ChoiceField, raw: unknown, pointer: string, { issues, codeLists }: NormaliseContext): Normalised {
  const list = codeLists[field.codeList]?.values ?? [];
  const position = (code: unknown) => list.findIndex((entry) => entry.value === code);
  if (field.type === 'singleChoice') {
    if (isBlank(raw)) return undefined;
    if (typeof raw === 'string' && position(raw.trim()) >= 0) return raw.trim();
    issues.report(pointer, 'forms.choice.unknown');
    return INVALID;
  }
  const chosen = Array.isArray(raw) ? raw : [raw];
  const positions = chosen.filter((code) => code !== '').map(position);
  if (positions.some((p) => p < 0)) {
    issues.report(pointer, 'forms.choice.unknown');
    return INVALID;
  }
  if (positions.length === 0) return undefined;
  // Code-list order, without repeats: the same choice always gives the same value.
  const value = [...new Set(positions)].sort((a, b) => a - b).map((p) => list[p]!.value);
  if (field.minItems !== undefined && value.length < field.minItems) issues.report(pointer, 'forms.choice.tooFew', { min: field.minItems });
  else if (field.maxItems !== undefined && value.length > field.maxItems) issues.report(pointer, 'forms.choice.tooMany', { max: field.maxItems });
  else return value;
  return INVALID;
}

/** Reports keys the structure does not know; true if there were none. */
function onlyKnownKeys(raw: Record<string, unknown>, known: readonly string[], pointer: string, issues: Issues): boolean {
  let ok = true;
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) {
      issues.report(`${pointer}/${key}`, 'forms.unknownField');
      ok = false;
    }
  }
  return ok;
}

const fileKeys = ['id', 'name', 'type', 'size', 'sha256'] as const;

function mediaTypeAccepted(type: string, accept: string[]): boolean {
  return accept.some((pattern) => pattern === type || (pattern.endsWith('/*') && type.startsWith(pattern.slice(0, -1))));
}

/** Metadata of uploaded files; the upload itself is the applications module's job. */
function file(field: FileField, raw: unknown, pointer: string, { issues }: NormaliseContext): Normalised {
  if (!Array.isArray(raw)) return invalidType(pointer, issues);
  if (raw.length === 0) return undefined;
  if (raw.length > field.maxCount) {
    issues.report(pointer, 'forms.file.tooMany', { max: field.maxCount });
    return INVALID;
  }
  let valid = true;
  const files = raw.map((item, index) => {
    const at = `${pointer}/${index}`;
    if (!isRecord(item) || !onlyKnownKeys(item, fileKeys, at, issues)) {
      if (!isRecord(item)) issues.report(at, 'forms.file.invalid');
      valid = false;
      return undefined;
    }
    const { id, name, type, size, sha256 } = item;
    const wellFormed =
      typeof name === 'string' &&
      name.trim() !== '' &&
      name.length <= 255 &&
      typeof type === 'string' &&
      type.length <= 255 &&
      typeof size === 'number' &&
      Number.isSafeInteger(size) &&
      size > 0 &&
      (id === undefined || (typeof id === 'string' && id.length <= 64)) &&
      (sha256 === undefined || (typeof sha256 === 'string' && /^[0-9a-f]{64}$/.test(sha256)));
    if (!wellFormed) issues.report(at, 'forms.file.invalid');
    else if (!mediaTypeAccepted(type, field.accept)) issues.report(at, 'forms.file.type', { accept: field.accept.join(', ') });
    else if (size > field.maxSizeMb * 1024 * 1024) issues.report(at, 'forms.file.tooLarge', { max: field.maxSizeMb });
    else return { ...(id !== undefined ? { id } : {}), name: name.trim(), type, size, ...(sha256 !== undefined ? { sha256 } : {}) };
    valid = false;
    return undefined;
  });
  return valid ? files : INVALID;
}

const addressParts = [
  { key: 'street', max: 100 },
  { key: 'houseNumber', max: 20 },
  { key: 'postalCode', max: 5 },
  { key: 'city', max: 100 },
] as const;

/** A German postal address; every part is needed once any part is given. */
function address(raw: unknown, pointer: string, { issues }: NormaliseContext): Normalised {
  if (!isRecord(raw)) return invalidType(pointer, issues);
  if (
    !onlyKnownKeys(
      raw,
      addressParts.map((p) => p.key),
      pointer,
      issues,
    )
  )
    return INVALID;
  const value: Record<string, string> = {};
  let valid = true;
  for (const { key } of addressParts) {
    const part = raw[key];
    if (part !== undefined && part !== null && typeof part !== 'string') {
      issues.report(`${pointer}/${key}`, 'forms.invalidType');
      valid = false;
    } else if (typeof part === 'string' && part.trim() !== '') {
      value[key] = part.trim().replace(/\s+/g, ' ');
    }
  }
  if (!valid) return INVALID;
  if (Object.keys(value).length === 0) return undefined;
  for (const { key, max } of addressParts) {
    const part = value[key];
    if (part === undefined) issues.report(`${pointer}/${key}`, `forms.address.${key}Missing`);
    else if (key === 'postalCode' && !/^\d{5}$/.test(part)) issues.report(`${pointer}/${key}`, 'forms.address.postalCode');
    else if ([...part].length > max) issues.report(`${pointer}/${key}`, 'forms.text.tooLong', { max });
    else continue;
    valid = false;
  }
  return valid ? value : INVALID;
}

function chosenCrs(field: CoordinateField, raw: Record<string, unknown>, pointer: string, issues: Issues) {
  const crs = raw.crs ?? field.crs[0];
  if (typeof crs === 'string' && (field.crs as string[]).includes(crs)) return crs as CoordinateField['crs'][number];
  issues.report(`${pointer}/crs`, 'forms.coordinate.crs', { allowed: field.crs.join(', ') });
  return undefined;
}

function regionChecked(field: CoordinateField, position: Position, pointer: string, context: NormaliseContext, lang: 'de' | 'en'): boolean {
  if (!field.region || !context.insideRegion) return true;
  if (context.insideRegion(field.region.name, position.lon, position.lat)) return true;
  context.issues.report(pointer, 'forms.coordinate.outsideRegion', { region: field.region.label[lang] });
  return false;
}

/** `{crs, easting, northing}` or `{crs, lon, lat}` in; WGS84 and the metres of `metricSystemOf` out. */
function coordinate(field: CoordinateField, raw: unknown, pointer: string, context: NormaliseContext, lang: 'de' | 'en'): Normalised {
  const { issues } = context;
  if (!isRecord(raw)) return invalidType(pointer, issues);
  if (!onlyKnownKeys(raw, ['crs', 'easting', 'northing', 'lon', 'lat'], pointer, issues)) return INVALID;
  const crs = chosenCrs(field, raw, pointer, issues);
  if (!crs) return INVALID;
  const [xKey, yKey] = referenceSystem(crs).axes;
  const x = parseNumber(raw[xKey] ?? '');
  const y = parseNumber(raw[yKey] ?? '');
  if (x === undefined && y === undefined) return undefined;
  const position = typeof x === 'number' && typeof y === 'number' ? toPosition(crs, x, y, metricSystemOf(field, crs)) : undefined;
  if (!position) {
    issues.report(pointer, 'forms.coordinate.invalid');
    return INVALID;
  }
  if (!regionChecked(field, position, pointer, context, lang)) return INVALID;
  return { crs, ...position };
}

/** Points as `[[x, y], …]`, as objects, or as text with one "x y" pair per line. */
function pointList(raw: unknown): unknown[][] | undefined {
  if (typeof raw === 'string') {
    return raw
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => line.split(/\s*;\s*|\s+/));
  }
  if (!Array.isArray(raw)) return undefined;
  return raw.map((point) => (Array.isArray(point) ? point : isRecord(point) ? [point.easting ?? point.lon, point.northing ?? point.lat, point] : [point]));
}

const maxPolygonPoints = 1000;

/** A closed ring of at least three distinct points, each in both systems. */
function polygon(field: CoordinateField, raw: unknown, pointer: string, context: NormaliseContext, lang: 'de' | 'en'): Normalised {
  const { issues } = context;
  if (!isRecord(raw)) return invalidType(pointer, issues);
  if (!onlyKnownKeys(raw, ['crs', 'points'], pointer, issues)) return INVALID;
  const crs = chosenCrs(field, raw, pointer, issues);
  if (!crs) return INVALID;
  const list = pointList(raw.points ?? []);
  if (!list || list.length > maxPolygonPoints + 1) {
    issues.report(`${pointer}/points`, 'forms.polygon.invalid');
    return INVALID;
  }
  if (list.length === 0) return undefined;
  const [xKey, yKey] = referenceSystem(crs).axes;
  const metric = metricSystemOf(field, crs);
  const positions: Position[] = [];
  for (const [index, entry] of list.entries()) {
    // Objects (a normalised point) are read in the chosen system's pair.
    const source = entry[2] !== undefined && isRecord(entry[2]) ? [entry[2][xKey], entry[2][yKey]] : entry;
    const x = source.length === 2 ? parseNumber(source[0]) : INVALID;
    const y = source.length === 2 ? parseNumber(source[1]) : INVALID;
    const position = typeof x === 'number' && typeof y === 'number' ? toPosition(crs, x, y, metric) : undefined;
    if (!position) {
      issues.report(`${pointer}/points/${index}`, 'forms.coordinate.invalid');
      return INVALID;
    }
    if (!regionChecked(field, position, `${pointer}/points/${index}`, context, lang)) return INVALID;
    positions.push(position);
  }
  const key = (p: Position) => pairOf(crs, p).join(' ');
  const first = positions[0]!;
  if (key(first) !== key(positions[positions.length - 1]!)) positions.push(first);
  if (new Set(positions.map(key)).size < 3) {
    issues.report(`${pointer}/points`, 'forms.polygon.tooFewPoints');
    return INVALID;
  }
  return { crs, points: positions };
}

function invalidType(pointer: string, issues: Issues): typeof INVALID {
  issues.report(pointer, 'forms.invalidType');
  return INVALID;
}

/** Normalises the raw value of one (non-container) field. */
export function normaliseValue(field: ValueField, raw: unknown, pointer: string, context: NormaliseContext, lang: 'de' | 'en'): Normalised {
  if (raw === undefined || raw === null) return undefined;
  switch (field.type) {
    case 'text':
    case 'longText':
      return text(field, raw, pointer, context);
    case 'integer':
    case 'decimal':
      return number(field, raw, pointer, context);
    case 'currency':
      return currency(field, raw, pointer, context);
    case 'date':
      return date(raw, pointer, context);
    case 'email':
      return email(raw, pointer, context);
    case 'phone':
      return phone(raw, pointer, context);
    case 'iban':
      return iban(raw, pointer, context);
    case 'yesNo':
      return yesNo(raw, pointer, context);
    case 'singleChoice':
    case 'multiChoice':
      return choice(field, raw, pointer, context);
    case 'file':
      return file(field, raw, pointer, context);
    case 'address':
      return address(raw, pointer, context);
    case 'coordinate':
      return coordinate(field, raw, pointer, context, lang);
    case 'polygon':
      return polygon(field, raw, pointer, context, lang);
  }
}
