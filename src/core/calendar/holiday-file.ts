import fs from 'node:fs';
import { languages } from '../i18n/index.js';
import type { HolidayDefinition } from './holidays.js';
import { daysInMonth } from './local-date.js';

/**
 * Reads a Land's holiday file (`data/tenants/<slug>/holidays.json`, see docs/howto.md):
 *
 * ```json
 * { "holidays": [
 *   { "rule": "fixed", "month": 1, "day": 6, "name": { "de": "Heilige Drei Könige", "en": "Epiphany" } },
 *   { "rule": "easter", "offset": 60, "name": { "de": "Fronleichnam", "en": "Corpus Christi" } },
 *   { "rule": "wednesdayBefore23November", "name": { "de": "Buß- und Bettag", "en": "Day of Repentance and Prayer" } }
 * ] }
 * ```
 *
 * The file lists all holidays of the Land, the federal ones included. A wrong file stops the start
 * with one line naming the file and the entry: a deadline counted over a holiday nobody meant
 * would be wrong for every case of the tenant.
 */

export class HolidayFileError extends Error {
  override name = 'HolidayFileError';
}

const ruleKinds = ['fixed', 'easter', 'wednesdayBefore23November'] as const;

/**
 * Easter falls between 22 March and 25 April, so an offset in this range keeps the holiday inside
 * Easter's own year (a holiday counted into the neighbouring year would be looked up in the wrong one).
 */
const easterOffsets = { min: -80, max: 249 };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isWhole = (value: unknown, min: number, max: number): value is number => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

/** Why an entry cannot be used, or undefined when it can. */
function entryProblem(entry: Record<string, unknown>): string | undefined {
  const name = entry.name;
  if (!isRecord(name) || languages.some((lang) => typeof name[lang] !== 'string' || !(name[lang] as string).trim())) {
    return `needs a name in ${languages.join(' and ')} ({ "de": …, "en": … })`;
  }
  switch (entry.rule) {
    case 'fixed':
      if (!isWhole(entry.month, 1, 12)) return 'needs a month from 1 to 12';
      // 29 February is refused: a holiday that exists only in leap years is no holiday of any Land.
      if (!isWhole(entry.day, 1, daysInMonth(2001, entry.month))) return `needs a day that every year's month ${entry.month} has`;
      return undefined;
    case 'easter':
      if (!isWhole(entry.offset, easterOffsets.min, easterOffsets.max))
        return `needs an offset in days from Easter Sunday, a whole number from ${easterOffsets.min} to ${easterOffsets.max}`;
      return undefined;
    case 'wednesdayBefore23November':
      return undefined;
    default:
      return `has the unknown rule ${JSON.stringify(entry.rule)} (known: ${ruleKinds.join(', ')})`;
  }
}

/** The holidays of the file's JSON text; `file` names it in the message of a HolidayFileError. */
export function parseHolidayFile(file: string, text: string): HolidayDefinition[] {
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (error) {
    throw new HolidayFileError(`${file}: not JSON (${(error as Error).message})`);
  }
  if (!isRecord(content) || !Array.isArray(content.holidays)) throw new HolidayFileError(`${file}: needs { "holidays": [ … ] }`);
  return content.holidays.map((entry: unknown, index) => {
    const label = `${file}: holidays[${index}]`;
    if (!isRecord(entry)) throw new HolidayFileError(`${label} must be an object`);
    const named = isRecord(entry.name) && typeof entry.name.de === 'string' ? ` (${entry.name.de})` : '';
    const problem = entryProblem(entry);
    if (problem) throw new HolidayFileError(`${label}${named} ${problem}`);
    return entry as HolidayDefinition;
  });
}

export function readHolidayFile(file: string, shownAs = file): HolidayDefinition[] {
  return parseHolidayFile(shownAs, fs.readFileSync(file, 'utf8'));
}
