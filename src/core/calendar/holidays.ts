import { addDays, compareDates, fromParts, parts, weekday, type LocalDate } from './local-date.js';

export interface Holiday {
  date: LocalDate;
  /** The legal name (Sächsisches Sonn- und Feiertagsgesetz § 1). */
  name: string;
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

/**
 * The public holidays valid throughout Saxony, in date order. Fronleichnam is a holiday only in
 * some Sorbian municipalities of the Landkreis Bautzen and is therefore not included.
 */
export function saxonHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const holidays: Holiday[] = [
    { date: fromParts(year, 1, 1), name: 'Neujahr' },
    { date: addDays(easter, -2), name: 'Karfreitag' },
    { date: addDays(easter, 1), name: 'Ostermontag' },
    { date: fromParts(year, 5, 1), name: '1. Mai' },
    { date: addDays(easter, 39), name: 'Christi Himmelfahrt' },
    { date: addDays(easter, 50), name: 'Pfingstmontag' },
    { date: fromParts(year, 10, 3), name: 'Tag der Deutschen Einheit' },
    { date: fromParts(year, 10, 31), name: 'Reformationstag' },
    { date: bussUndBettag(year), name: 'Buß- und Bettag' },
    { date: fromParts(year, 12, 25), name: '1. Weihnachtstag' },
    { date: fromParts(year, 12, 26), name: '2. Weihnachtstag' },
  ];
  // 1 May can coincide with Christi Himmelfahrt (e.g. 2008); sort keeps the list in date order.
  return holidays.sort((x, y) => compareDates(x.date, y.date));
}

// Deadline arithmetic asks about the same few years over and over.
const holidaysByYear = new Map<number, Map<LocalDate, Holiday>>();

function holidayIndex(year: number): Map<LocalDate, Holiday> {
  let index = holidaysByYear.get(year);
  if (!index) {
    index = new Map(saxonHolidays(year).map((holiday) => [holiday.date, holiday]));
    holidaysByYear.set(year, index);
  }
  return index;
}

/** The Saxon public holiday on this date, if there is one. */
export function saxonHoliday(date: LocalDate): Holiday | undefined {
  return holidayIndex(parts(date).year).get(date);
}

/** Monday to Friday and not a Saxon public holiday. */
export function isWorkingDay(date: LocalDate): boolean {
  return weekday(date) <= 5 && saxonHoliday(date) === undefined;
}

/** The date itself if it is a working day, else the next one. */
export function onOrNextWorkingDay(date: LocalDate): LocalDate {
  let day = date;
  while (!isWorkingDay(day)) day = addDays(day, 1);
  return day;
}

/**
 * Counts `count` working days forward from `date` (backward when negative); the start date itself
 * is not counted, so `addWorkingDays(friday, 1)` is the following Monday (if not a holiday).
 */
export function addWorkingDays(date: LocalDate, count: number): LocalDate {
  if (!Number.isInteger(count)) throw new RangeError(`working days must be a whole number (got ${count})`);
  const step = count < 0 ? -1 : 1;
  let day = date;
  for (let remaining = Math.abs(count); remaining > 0; ) {
    day = addDays(day, step);
    if (isWorkingDay(day)) remaining--;
  }
  return day;
}

/** Working days from `from` (inclusive) to `to` (exclusive): e.g. how long a case’s clock stood still. */
export function workingDaysBetween(from: LocalDate, to: LocalDate): number {
  let count = 0;
  for (let day = from; compareDates(day, to) < 0; day = addDays(day, 1)) if (isWorkingDay(day)) count += 1;
  return count;
}
