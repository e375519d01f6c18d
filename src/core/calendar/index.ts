export {
  localDate,
  isLocalDate,
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
  GERMAN_TIME_ZONE,
  type LocalDate,
  type Weekday,
} from './local-date.js';
export {
  easterSunday,
  bussUndBettag,
  saxonHolidays,
  saxonHoliday,
  isWorkingDay,
  onOrNextWorkingDay,
  addWorkingDays,
  type Holiday,
} from './holidays.js';
export { deadlineFrom, type Period } from './deadlines.js';
