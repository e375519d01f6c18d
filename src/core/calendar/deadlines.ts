import { addDays, addMonths, type LocalDate } from './local-date.js';
import type { WorkingDayCalendar } from './working-days.js';

/** A period as the law states it: in days, weeks or months (one unit, a positive whole number). */
export type Period = { days: number } | { weeks: number } | { months: number };

function periodLength(period: Period): { unit: 'days' | 'weeks' | 'months'; count: number } {
  const [entry, ...rest] = Object.entries(period);
  if (!entry || rest.length > 0) throw new RangeError('a period has exactly one of days, weeks or months');
  const [unit, count] = entry as ['days' | 'weeks' | 'months', number];
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`a period needs a positive whole number of ${unit} (got ${count})`);
  return { unit, count };
}

/**
 * The last day of a period that starts with an event (§ 31 VwVfG with §§ 187–193 BGB); the period
 * ends at the end of the returned day.
 *
 * - § 187(1): the day of the event is not counted.
 * - § 188(1): a period in days ends with its last day.
 * - § 188(2): a period in weeks or months ends on the day whose name (weekday) or number matches
 *   the day of the event.
 * - § 188(3): if that day number does not exist in the final month, on the month's last day.
 * - § 193 BGB / § 31(3) VwVfG: if that day is a Saturday, Sunday or public holiday (here: of
 *   the tenant's Land, see `calendar`), the period ends with the next working day.
 */
export function deadlineFrom(calendar: WorkingDayCalendar, eventDate: LocalDate, period: Period): LocalDate {
  const { unit, count } = periodLength(period);
  const lastDay = unit === 'days' ? addDays(eventDate, count) : unit === 'weeks' ? addDays(eventDate, 7 * count) : addMonths(eventDate, count);
  return calendar.onOrNextWorkingDay(lastDay);
}
