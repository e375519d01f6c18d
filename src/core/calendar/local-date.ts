import type { Language } from '../i18n/index.js';

/**
 * A calendar date without a time or a zone, written `YYYY-MM-DD`. Deadlines are counted in whole
 * days of the German calendar, so we keep them as dates: a JS Date at midnight shifts by a day as
 * soon as it meets another time zone or a daylight-saving change.
 */
export type LocalDate = string & { readonly __localDate: unique symbol };

/** Monday = 1 … Sunday = 7 (ISO 8601). */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const MS_PER_DAY = 86_400_000;
const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether the day exists in the years 1000–9999 (no 2026-02-30, no year 0999). */
export function isValidDay(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  return year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Checks `YYYY-MM-DD` and that the day exists; throws RangeError otherwise. */
export function localDate(text: string): LocalDate {
  if (isLocalDate(text)) return text;
  throw new RangeError(`not a calendar date (YYYY-MM-DD): "${text}"`);
}

/** Whether a value (an answer, a query parameter) is a `YYYY-MM-DD` date that exists. */
export function isLocalDate(value: unknown): value is LocalDate {
  const match = typeof value === 'string' ? PATTERN.exec(value) : null;
  return match !== null && isValidDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

/**
 * A date as people type it — `15.01.2026` or `15.1.2026` (German), `15/01/2026` (British
 * English, as formatDate writes it) or `2026-01-15` — as a LocalDate; undefined if it is none
 * of these or the day does not exist.
 */
export function parseWrittenDate(text: string): LocalDate | undefined {
  const value = text.trim();
  if (isLocalDate(value)) return value;
  const written = /^(\d{1,2})([./])(\d{1,2})\2(\d{4})$/.exec(value);
  if (!written) return undefined;
  const [day, month, year] = [Number(written[1]), Number(written[3]), Number(written[4])];
  return isValidDay(year, month, day) ? fromParts(year, month, day) : undefined;
}

export function fromParts(year: number, month: number, day: number): LocalDate {
  return localDate(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
}

export function parts(date: LocalDate): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

export function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// Arithmetic runs on UTC day numbers, where every day has exactly 24 hours.
function toDayNumber(date: LocalDate): number {
  const { year, month, day } = parts(date);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

function fromDayNumber(dayNumber: number): LocalDate {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10) as LocalDate;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/**
 * The same day number `months` later (or earlier); when that month is shorter, its last day
 * (31 January + 1 month = 28/29 February).
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const { year, month, day } = parts(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  return fromParts(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

export function weekday(date: LocalDate): Weekday {
  const sundayIsZero = new Date(toDayNumber(date) * MS_PER_DAY).getUTCDay();
  return (sundayIsZero === 0 ? 7 : sundayIsZero) as Weekday;
}

/** LocalDates compare correctly as strings; this names the intent. */
export function compareDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const GERMAN_TIME_ZONE = 'Europe/Berlin';

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

export type DateStyle = 'long' | 'numeric';

const dateFormats: Record<DateStyle, Record<Language, Intl.DateTimeFormat>> = {
  long: {
    de: new Intl.DateTimeFormat('de-DE', { timeZone: 'UTC', dateStyle: 'long' }),
    en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'long' }),
  },
  numeric: {
    de: new Intl.DateTimeFormat('de-DE', { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' }),
    en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' }),
  },
};

/**
 * A date as people read it: `long` in sentences and letters (`2. März 2026`, `2 March 2026`),
 * `numeric` in tables and lists (`02.03.2026`, `02/03/2026`).
 */
export function formatDate(date: LocalDate, lang: Language, style: DateStyle = 'long'): string {
  // Formatted in UTC from UTC midnight, so no time zone moves it to another day.
  return dateFormats[style][lang].format(new Date(`${date}T00:00:00Z`));
}

const monthFormats: Record<'long' | 'short', Record<Language, Intl.DateTimeFormat>> = {
  long: {
    de: new Intl.DateTimeFormat('de-DE', { timeZone: 'UTC', month: 'long', year: 'numeric' }),
    en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' }),
  },
  short: {
    de: new Intl.DateTimeFormat('de-DE', { timeZone: 'UTC', month: 'short', year: '2-digit' }),
    en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'short', year: '2-digit' }),
  },
};

/** A calendar month (`YYYY-MM`) for people: "März 2026" (`long`), "März 26" (`short`, for chart axes). */
export function formatMonth(month: string, lang: Language, style: 'long' | 'short' = 'long'): string {
  return monthFormats[style][lang].format(new Date(`${month}-01T00:00:00Z`));
}

/** Made once per language: creating an Intl formatter is costly (it showed in the receipt job's profile). */
const dateTimeFormats: Record<Language, Intl.DateTimeFormat> = {
  de: new Intl.DateTimeFormat('de-DE', { timeZone: GERMAN_TIME_ZONE, dateStyle: 'long', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: GERMAN_TIME_ZONE, dateStyle: 'long', timeStyle: 'short' }),
};

/** An instant (ISO timestamp) as people read it in German time: `2. März 2026 um 10:00`, `2 March 2026 at 10:00`. */
export function formatDateTime(instant: string | Date, lang: Language): string {
  return dateTimeFormats[lang].format(typeof instant === 'string' ? new Date(instant) : instant);
}

/** The calendar date an instant falls on in a time zone (by default German time). */
export function dateOf(instant: Date, timeZone: string = GERMAN_TIME_ZONE): LocalDate {
  let formatter = dateFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormatters.set(timeZone, formatter);
  }
  const values = Object.fromEntries(formatter.formatToParts(instant).map((part) => [part.type, part.value]));
  return fromParts(Number(values.year), Number(values.month), Number(values.day));
}
