import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addDays,
  addMonths,
  bussUndBettag,
  dateOf,
  deadlineFrom,
  easterSunday,
  localDate,
  readHolidayFile,
  WorkingDayCalendar,
  weekday,
  type Period,
  isLocalDate,
  isValidDay,
  formatDate,
  formatDateTime,
} from '../../src/core/calendar/index.js';
import { projectPath } from '../../src/core/paths.js';

const d = localDate;
/** Saxony's calendar as its tenant's data file gives it: the results the hard-coded list gave before. */
const saxony = new WorkingDayCalendar(readHolidayFile(projectPath('data/tenants/sn/holidays.json')));

describe('calendar: Easter and Saxon holidays', () => {
  // Easter dates from published tables, including the earliest (22 March) and latest (25 April).
  for (const [year, easter] of [
    [1818, '1818-03-22'],
    [2000, '2000-04-23'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ] as const) {
    it(`Easter ${year} is ${easter}`, () => assert.equal(easterSunday(year), easter));
  }

  for (const [year, date] of [
    [2022, '2022-11-16'],
    [2023, '2023-11-22'], // 22 November itself is a Wednesday
    [2024, '2024-11-20'],
    [2025, '2025-11-19'],
    [2026, '2026-11-18'],
    [2027, '2027-11-17'],
  ] as const) {
    it(`Buß- und Bettag ${year} is ${date}`, () => assert.equal(bussUndBettag(year), date));
  }

  it('lists the eleven holidays of 2026 in date order', () => {
    assert.deepEqual(
      saxony.holidays(2026).map((holiday) => ({ date: holiday.date, name: holiday.name.de })),
      [
        { date: '2026-01-01', name: 'Neujahr' },
        { date: '2026-04-03', name: 'Karfreitag' },
        { date: '2026-04-06', name: 'Ostermontag' },
        { date: '2026-05-01', name: '1. Mai' },
        { date: '2026-05-14', name: 'Christi Himmelfahrt' },
        { date: '2026-05-25', name: 'Pfingstmontag' },
        { date: '2026-10-03', name: 'Tag der Deutschen Einheit' },
        { date: '2026-10-31', name: 'Reformationstag' },
        { date: '2026-11-18', name: 'Buß- und Bettag' },
        { date: '2026-12-25', name: '1. Weihnachtstag' },
        { date: '2026-12-26', name: '2. Weihnachtstag' },
      ],
    );
  });

  it('finds a holiday by date and not on ordinary days', () => {
    assert.equal(saxony.holiday(d('2027-05-06'))?.name.de, 'Christi Himmelfahrt');
    assert.equal(saxony.holiday(d('2026-12-24')), undefined); // Heiligabend is no public holiday
    assert.equal(saxony.holiday(d('2026-06-04')), undefined); // Fronleichnam only in some Sorbian places
  });

  for (const [date, working] of [
    ['2026-03-02', true], // Monday
    ['2026-03-07', false], // Saturday
    ['2026-03-08', false], // Sunday
    ['2026-04-03', false], // Karfreitag
    ['2026-11-18', false], // Buß- und Bettag (a working day in every other Land)
    ['2026-12-24', true], // Thursday, Heiligabend
  ] as const) {
    it(`${date} is ${working ? '' : 'not '}a working day`, () => assert.equal(saxony.isWorkingDay(d(date)), working));
  }
});

describe('calendar: working days', () => {
  for (const [from, count, expected] of [
    ['2026-03-02', 0, '2026-03-02'],
    ['2026-03-06', 1, '2026-03-09'], // Friday → Monday
    ['2026-12-23', 2, '2026-12-28'], // 24th, then over Christmas and the Sunday to the 28th
    ['2026-04-02', 1, '2026-04-07'], // over Karfreitag, the weekend and Ostermontag
    ['2026-04-07', -1, '2026-04-02'],
    ['2026-11-16', 5, '2026-11-24'], // Buß- und Bettag on the 18th is skipped
  ] as const) {
    it(`${count} working days from ${from} is ${expected}`, () => assert.equal(saxony.addWorkingDays(d(from), count), expected));
  }

  it('refuses fractional working days', () => assert.throws(() => saxony.addWorkingDays(d('2026-03-02'), 1.5), RangeError));
});

describe('calendar: deadlines (§ 31 VwVfG, §§ 187–193 BGB)', () => {
  const cases: Array<[string, Period, string, string]> = [
    ['2026-03-02', { days: 14 }, '2026-03-16', 'days: the event day is not counted'],
    ['2026-03-24', { days: 10 }, '2026-04-07', 'ends on Karfreitag → over Easter to Tuesday'],
    ['2026-12-31', { days: 1 }, '2027-01-04', 'Neujahr (Friday) and the weekend'],
    ['2026-03-07', { weeks: 1 }, '2026-03-16', 'event on a Saturday: ends on a Saturday → Monday'],
    ['2026-12-11', { weeks: 2 }, '2026-12-28', '25th and 26th are holidays, the 27th a Sunday'],
    ['2026-10-24', { weeks: 1 }, '2026-11-02', 'Reformationstag on a Saturday, then Sunday'],
    ['2026-03-31', { months: 1 }, '2026-04-30', '§ 188(3): no 31 April → last day of April'],
    ['2026-01-31', { months: 1 }, '2026-03-02', '28 February 2026 is a Saturday → Monday 2 March'],
    ['2028-01-31', { months: 1 }, '2028-02-29', 'leap year, a Tuesday'],
    ['2028-02-29', { months: 12 }, '2029-02-28', 'no 29 February 2029'],
    ['2026-08-18', { months: 3 }, '2026-11-19', 'Buß- und Bettag → Thursday'],
    ['2026-04-30', { months: 1 }, '2026-06-01', '30 May is a Saturday'],
  ];
  for (const [event, period, expected, why] of cases) {
    it(`${JSON.stringify(period)} from ${event} ends ${expected} (${why})`, () => {
      assert.equal(deadlineFrom(saxony, d(event), period), expected);
    });
  }

  it('never ends on a weekend or holiday over a whole year of events', () => {
    for (let day = d('2026-01-01'); day < '2027-01-01'; day = addDays(day, 1)) {
      for (const period of [{ days: 30 }, { weeks: 6 }, { months: 3 }] satisfies Period[]) {
        const end = deadlineFrom(saxony, day, period);
        assert.ok(saxony.isWorkingDay(end), `${JSON.stringify(period)} from ${day} ends on ${end}`);
        assert.ok(end > day);
      }
    }
  });

  it('refuses empty, mixed and non-positive periods', () => {
    const event = d('2026-03-02');
    assert.throws(() => deadlineFrom(saxony, event, {} as Period), RangeError);
    assert.throws(() => deadlineFrom(saxony, event, { days: 1, weeks: 1 } as Period), RangeError);
    assert.throws(() => deadlineFrom(saxony, event, { days: 0 }), RangeError);
    assert.throws(() => deadlineFrom(saxony, event, { months: 1.5 }), RangeError);
  });
});

describe('calendar: dates', () => {
  it('refuses malformed and impossible dates', () => {
    for (const bad of ['2026-02-29', '2026-13-01', '2026-1-01', '26-01-01', '2026-04-31', '']) {
      assert.throws(() => localDate(bad), RangeError, bad);
    }
    assert.equal(localDate('2028-02-29'), '2028-02-29');
  });

  it('adds months across year ends in both directions', () => {
    assert.equal(addMonths(d('2026-11-30'), 3), '2027-02-28');
    assert.equal(addMonths(d('2026-03-31'), -1), '2026-02-28');
    assert.equal(addMonths(d('2026-01-15'), -13), '2024-12-15');
  });

  it('names weekdays the ISO way', () => {
    assert.equal(weekday(d('2026-03-02')), 1);
    assert.equal(weekday(d('2026-03-08')), 7);
  });

  it('takes the date of an instant in German time, across daylight saving', () => {
    assert.equal(dateOf(new Date('2026-03-28T23:30:00Z')), '2026-03-29'); // CET, UTC+1
    assert.equal(dateOf(new Date('2026-10-24T22:30:00Z')), '2026-10-25'); // CEST, UTC+2
    assert.equal(dateOf(new Date('2026-10-25T22:30:00Z')), '2026-10-25'); // back to CET
    assert.equal(dateOf(new Date('2026-10-25T22:30:00Z'), 'UTC'), '2026-10-25');
    assert.equal(dateOf(new Date('2026-12-31T23:00:00Z')), '2027-01-01');
  });
});

describe('calendar: one local-date library for answers and display', () => {
  it('takes a value of any type as a date only if the day exists in the years 1000–9999', () => {
    assert.equal(isLocalDate('2028-02-29'), true);
    assert.equal(isLocalDate('2026-02-29'), false);
    assert.equal(isLocalDate('0999-12-31'), false, 'a year of three digits is a typing slip');
    assert.equal(isLocalDate(20260302), false);
    assert.equal(isLocalDate(undefined), false);
    assert.equal(isValidDay(2026, 4, 31), false);
    assert.equal(isValidDay(2026, 4, 30.5), false);
    assert.throws(() => localDate('2026-13-01'), RangeError);
  });

  it('formats a date for people in either language without a time zone moving the day', () => {
    assert.equal(formatDate(localDate('2026-03-02'), 'de'), '2. März 2026');
    assert.equal(formatDate(localDate('2026-03-02'), 'en'), '2 March 2026');
    assert.equal(formatDate(dateOf(new Date('2026-12-31T23:30:00Z')), 'de'), '1. Januar 2027', 'half past midnight in Berlin is already the next day');
  });

  it('formats an instant in German time, summer and winter', () => {
    assert.equal(formatDateTime('2026-03-02T09:00:00Z', 'de'), '2. März 2026 um 10:00');
    assert.equal(formatDateTime(new Date('2026-07-01T09:00:00Z'), 'en'), '1 July 2026 at 11:00');
  });
});
