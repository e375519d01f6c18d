export {
  localDate,
  isLocalDate,
  parseWrittenDate,
  isValidDay,
  fromParts,
  parts,
  daysInMonth,
  addDays,
  addMonths,
  daysBetween,
  weekday,
  compareDates,
  dateOf,
  formatDate,
  formatMonth,
  formatDateTime,
  GERMAN_TIME_ZONE,
  type LocalDate,
  type Weekday,
} from './local-date.js';
export { easterSunday, bussUndBettag, federalHolidays, holidaysIn, type Holiday, type HolidayDefinition, type HolidayRule } from './holidays.js';
export { HolidayFileError, parseHolidayFile, readHolidayFile } from './holiday-file.js';
export { WorkingDayCalendar } from './working-days.js';
export { deadlineFrom, type Period } from './deadlines.js';
