import { holidaysIn, type Holiday, type HolidayDefinition } from './holidays.js';
import { addDays, compareDates, parts, weekday, type LocalDate } from './local-date.js';

/**
 * The working days of one Land: Monday to Friday except its public holidays. Built once per
 * tenant (see TenantCalendars); it remembers the holidays of the years it was asked about, since
 * deadline arithmetic asks about the same few years over and over.
 */
export class WorkingDayCalendar {
  private readonly byYear = new Map<number, Map<LocalDate, Holiday>>();

  constructor(private readonly definitions: readonly HolidayDefinition[]) {}

  /** The public holidays of a year, in date order (two on one day both listed, e.g. 1 May 2008). */
  holidays(year: number): Holiday[] {
    return holidaysIn(year, this.definitions);
  }

  /** The public holiday on this date, if there is one. */
  holiday(date: LocalDate): Holiday | undefined {
    return this.holidayIndex(parts(date).year).get(date);
  }

  isWorkingDay(date: LocalDate): boolean {
    return weekday(date) <= 5 && this.holiday(date) === undefined;
  }

  /** The date itself if it is a working day, else the next one. */
  onOrNextWorkingDay(date: LocalDate): LocalDate {
    let day = date;
    while (!this.isWorkingDay(day)) day = addDays(day, 1);
    return day;
  }

  /**
   * Counts `count` working days forward from `date` (backward when negative); the start date itself
   * is not counted, so `addWorkingDays(friday, 1)` is the following Monday (if not a holiday).
   */
  addWorkingDays(date: LocalDate, count: number): LocalDate {
    if (!Number.isInteger(count)) throw new RangeError(`working days must be a whole number (got ${count})`);
    const step = count < 0 ? -1 : 1;
    let day = date;
    for (let remaining = Math.abs(count); remaining > 0; ) {
      day = addDays(day, step);
      if (this.isWorkingDay(day)) remaining--;
    }
    return day;
  }

  /** Working days from `from` (inclusive) to `to` (exclusive): e.g. how long a case’s clock stood still. */
  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    let count = 0;
    for (let day = from; compareDates(day, to) < 0; day = addDays(day, 1)) if (this.isWorkingDay(day)) count += 1;
    return count;
  }

  private holidayIndex(year: number): Map<LocalDate, Holiday> {
    let index = this.byYear.get(year);
    if (!index) {
      index = new Map(holidaysIn(year, this.definitions).map((holiday) => [holiday.date, holiday]));
      this.byYear.set(year, index);
    }
    return index;
  }
}
