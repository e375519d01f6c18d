/** Calendar dates as ISO strings (`YYYY-MM-DD`), computed in UTC so no time zone shifts a day. */

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const dayMs = 86_400_000;

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = isoDate.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  return isValidDay(year, month, day);
}

const monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isValidDay(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : monthLengths[month - 1]!);
}

export function toIsoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function epochDay(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / dayMs;
}

export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}

export function addDays(date: string, days: number): string {
  if (days === 0) return date;
  return new Date((epochDay(date) + days) * dayMs).toISOString().slice(0, 10);
}

/** The same day n calendar months later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb), as § 188 BGB counts. */
export function addMonths(date: string, months: number): string {
  const year = Number(date.slice(0, 4));
  const monthIndex = Number(date.slice(5, 7)) - 1 + months;
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, monthIndex, Math.min(Number(date.slice(8, 10)), lastDay))).toISOString().slice(0, 10);
}

const berlinDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in Germany at an instant (deadlines count in local days). */
export function berlinDate(instant: Date): string {
  return berlinDay.format(instant);
}

const displayFormats = {
  de: new Intl.DateTimeFormat('de-DE', { timeZone: 'UTC', dateStyle: 'long' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'long' }),
};

export function formatIsoDate(date: string, lang: 'de' | 'en'): string {
  return displayFormats[lang].format(new Date(`${date}T00:00:00Z`));
}
