import type { Language } from '../i18n/index.js';
import { addDays, compareDates, fromParts, weekday, type LocalDate } from './local-date.js';

/**
 * Public holidays as rules, so that each tenant's Land brings its own list as data
 * (`data/tenants/<slug>/holidays.json`, see holiday-file.ts): the kernel knows how to compute the
 * dates, not which Land keeps which holiday.
 */

/** How a holiday's date is found in a year. */
export type HolidayRule =
  /** The same day every year, e.g. 3 October. */
  | { rule: 'fixed'; month: number; day: number }
  /** Days from Easter Sunday, e.g. -2 for Karfreitag, 60 for Fronleichnam. */
  | { rule: 'easter'; offset: number }
  /** Buß- und Bettag: the Wednesday before 23 November. */
  | { rule: 'wednesdayBefore23November' };

export type HolidayDefinition = HolidayRule & { name: Record<Language, string> };

export interface Holiday {
  date: LocalDate;
  /** The legal name (German) and its English translation. */
  name: Record<Language, string>;
}

/**
 * Easter Sunday of the Gregorian calendar by the anonymous algorithm (Meeus/Jones/Butcher, the
 * corrected form of Gauss's rule); valid for every year from 1583.
 */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return fromParts(year, month, day);
}

/** Buß- und Bettag: the last Wednesday before 23 November (16–22 November). */
export function bussUndBettag(year: number): LocalDate {
  const november22 = fromParts(year, 11, 22);
  const daysAfterWednesday = (weekday(november22) - 3 + 7) % 7;
  return addDays(november22, -daysAfterWednesday);
}

function dateIn(year: number, rule: HolidayRule): LocalDate {
  switch (rule.rule) {
    case 'fixed':
      return fromParts(year, rule.month, rule.day);
    case 'easter':
      return addDays(easterSunday(year), rule.offset);
    case 'wednesdayBefore23November':
      return bussUndBettag(year);
  }
}

/** The holidays the definitions give in a year, in date order. */
export function holidaysIn(year: number, definitions: readonly HolidayDefinition[]): Holiday[] {
  const holidays = definitions.map((definition) => ({ date: dateIn(year, definition), name: definition.name }));
  // 1 May can coincide with Christi Himmelfahrt (e.g. 2008); sorting keeps the list in date order.
  return holidays.sort((x, y) => compareDates(x.date, y.date));
}

/**
 * The public holidays of every Land (set by federal law or by all Länder alike): the calendar of
 * a tenant that ships no holiday file.
 */
export const federalHolidays: readonly HolidayDefinition[] = [
  { rule: 'fixed', month: 1, day: 1, name: { de: 'Neujahr', en: "New Year's Day" } },
  { rule: 'easter', offset: -2, name: { de: 'Karfreitag', en: 'Good Friday' } },
  { rule: 'easter', offset: 1, name: { de: 'Ostermontag', en: 'Easter Monday' } },
  { rule: 'fixed', month: 5, day: 1, name: { de: '1. Mai', en: 'Labour Day' } },
  { rule: 'easter', offset: 39, name: { de: 'Christi Himmelfahrt', en: 'Ascension Day' } },
  { rule: 'easter', offset: 50, name: { de: 'Pfingstmontag', en: 'Whit Monday' } },
  { rule: 'fixed', month: 10, day: 3, name: { de: 'Tag der Deutschen Einheit', en: 'Day of German Unity' } },
  { rule: 'fixed', month: 12, day: 25, name: { de: '1. Weihnachtstag', en: 'Christmas Day' } },
  { rule: 'fixed', month: 12, day: 26, name: { de: '2. Weihnachtstag', en: 'Boxing Day' } },
];
