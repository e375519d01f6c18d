import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { federalHolidays, HolidayFileError, localDate as d, parseHolidayFile, readHolidayFile, WorkingDayCalendar } from '../../src/core/calendar/index.js';
import { projectPath } from '../../src/core/paths.js';
import { TenantCalendars } from '../../src/core/tenant-calendars.js';

const names = (calendar: WorkingDayCalendar, year: number) => calendar.holidays(year).map((holiday) => `${holiday.date} ${holiday.name.de}`);

describe('calendar: holidays per Land from data', () => {
  const federal = new WorkingDayCalendar(federalHolidays);
  const bw = new WorkingDayCalendar(readHolidayFile(projectPath('data/tenants/bw/holidays.json')));

  it('without a holiday file, only the nine federal holidays count', () => {
    assert.deepEqual(names(federal, 2026), [
      '2026-01-01 Neujahr',
      '2026-04-03 Karfreitag',
      '2026-04-06 Ostermontag',
      '2026-05-01 1. Mai',
      '2026-05-14 Christi Himmelfahrt',
      '2026-05-25 Pfingstmontag',
      '2026-10-03 Tag der Deutschen Einheit',
      '2026-12-25 1. Weihnachtstag',
      '2026-12-26 2. Weihnachtstag',
    ]);
    assert.equal(federal.isWorkingDay(d('2026-11-18')), true, 'Buß- und Bettag is Saxon only');
  });

  it("Baden-Württemberg's file adds Heilige Drei Könige, Fronleichnam and Allerheiligen, without Reformationstag and Buß- und Bettag", () => {
    assert.deepEqual(names(bw, 2027), [
      '2027-01-01 Neujahr',
      '2027-01-06 Heilige Drei Könige',
      '2027-03-26 Karfreitag',
      '2027-03-29 Ostermontag',
      '2027-05-01 1. Mai',
      '2027-05-06 Christi Himmelfahrt',
      '2027-05-17 Pfingstmontag',
      '2027-05-27 Fronleichnam',
      '2027-10-03 Tag der Deutschen Einheit',
      '2027-11-01 Allerheiligen',
      '2027-12-25 1. Weihnachtstag',
      '2027-12-26 2. Weihnachtstag',
    ]);
    assert.equal(bw.holiday(d('2027-05-27'))?.name.en, 'Corpus Christi');
    assert.equal(bw.addWorkingDays(d('2027-01-05'), 1), '2027-01-07', 'over Heilige Drei Könige');
    assert.equal(bw.workingDaysBetween(d('2026-11-16'), d('2026-11-23')), 5, 'Buß- und Bettag is a working day');
    assert.equal(bw.onOrNextWorkingDay(d('2027-10-29')), '2027-10-29');
  });

  it('lists two holidays on one day both (1 May and Christi Himmelfahrt in 2008)', () => {
    assert.deepEqual(
      federal
        .holidays(2008)
        .filter((holiday) => holiday.date === '2008-05-01')
        .map((holiday) => holiday.name.de),
      ['1. Mai', 'Christi Himmelfahrt'],
    );
  });
});

describe('calendar: a wrong holiday file is refused with one line naming file and entry', () => {
  const entry = (fields: Record<string, unknown>) => JSON.stringify({ holidays: [{ rule: 'fixed', month: 1, day: 1, name: { de: 'Neujahr', en: "New Year's Day" } }, fields] });
  const named = { name: { de: 'Testtag', en: 'Test day' } };
  for (const [fields, message] of [
    [{ rule: 'lunar', ...named }, /^x\.json: holidays\[1\] \(Testtag\) has the unknown rule "lunar" \(known: fixed, easter, wednesdayBefore23November\)$/],
    [{ rule: 'fixed', month: 13, day: 1, ...named }, /holidays\[1\] \(Testtag\) needs a month from 1 to 12/],
    [{ rule: 'fixed', month: 2, day: 29, ...named }, /holidays\[1\] \(Testtag\) needs a day that every year's month 2 has/],
    [{ rule: 'easter', offset: 1.5, ...named }, /holidays\[1\] \(Testtag\) needs an offset in days from Easter Sunday/],
    [{ rule: 'easter', offset: 300, ...named }, /needs an offset/],
    [{ rule: 'wednesdayBefore23November', name: { de: 'Buß- und Bettag' } }, /holidays\[1\] \(Buß- und Bettag\) needs a name in de and en/],
  ] as const) {
    it(`${JSON.stringify(fields)}`, () =>
      assert.throws(
        () => parseHolidayFile('x.json', entry(fields)),
        (error: unknown) => error instanceof HolidayFileError && message.test(error.message),
      ));
  }

  it('refuses a file that is no JSON or has no holiday list', () => {
    assert.throws(() => parseHolidayFile('x.json', '{'), /^HolidayFileError: x\.json: not JSON/);
    assert.throws(() => parseHolidayFile('x.json', '[]'), /^HolidayFileError: x\.json: needs \{ "holidays": \[ … \] \}$/);
  });

  it('the runtime reads each tenant folder once: its file, else the federal holidays; a wrong file stops it', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-holidays-'));
    try {
      fs.mkdirSync(path.join(root, 'xx'));
      fs.writeFileSync(path.join(root, 'xx', 'holidays.json'), JSON.stringify({ holidays: [{ rule: 'fixed', month: 3, day: 8, name: { de: 'Frauentag', en: "Women's Day" } }] }));
      fs.mkdirSync(path.join(root, 'yy'));
      const calendars = TenantCalendars.fromFolder(root, 'data/tenants');
      assert.equal(calendars.forSlug('xx').holiday(d('2027-03-08'))?.name.de, 'Frauentag');
      assert.equal(calendars.forSlug('xx').holiday(d('2027-01-01')), undefined, 'the file lists all holidays of its Land');
      assert.equal(calendars.forSlug('yy').holiday(d('2027-01-01'))?.name.de, 'Neujahr');
      assert.equal(calendars.forSlug('xx'), calendars.forSlug('xx'), 'built once per tenant');

      fs.writeFileSync(path.join(root, 'yy', 'holidays.json'), JSON.stringify({ holidays: [{ rule: 'fixd', month: 1, day: 1, name: { de: 'Neujahr', en: "New Year's Day" } }] }));
      assert.throws(
        () => TenantCalendars.fromFolder(root, 'data/tenants'),
        /^HolidayFileError: data\/tenants\/yy\/holidays\.json: holidays\[0\] \(Neujahr\) has the unknown rule "fixd"/,
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
