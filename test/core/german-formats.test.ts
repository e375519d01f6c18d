import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDate, localDate, parseWrittenDate } from '../../src/core/calendar/index.js';
import { formatFileSize, formatNumber, registerMessages, translate, withPreposition } from '../../src/core/i18n/index.js';

/** Plural-aware messages, dates, decimal commas and file sizes as German (and English) readers expect them. */
describe('German formats', () => {
  registerMessages({
    de: {
      'test.found': '{count} Leistungen gefunden',
      'test.found.one': '1 Leistung gefunden',
      'test.wait': 'Bitte warten Sie {seconds} Sekunden.',
      'test.wait.one': 'Bitte warten Sie 1 Sekunde.',
      'test.message': 'Neue Nachricht {authority:von}',
    },
    en: {
      'test.message': 'New message from {authority}',
      'test.found': '{count} services found',
      'test.found.one': '1 service found',
      'test.wait': 'Please wait {seconds} seconds.',
      'test.wait.one': 'Please wait 1 second.',
    },
  });

  it('says "1 Leistung" and "1 Sekunde", and the plural for every other number', () => {
    assert.equal(translate('de', 'test.found', { count: 1 }), '1 Leistung gefunden');
    assert.equal(translate('de', 'test.found', { count: 0 }), '0 Leistungen gefunden');
    assert.equal(translate('de', 'test.found', { count: 2 }), '2 Leistungen gefunden');
    assert.equal(translate('en', 'test.found', { count: 1 }), '1 service found');
    assert.equal(translate('de', 'test.wait', { seconds: 1 }), 'Bitte warten Sie 1 Sekunde.', 'the only number counts when there is no count');
    assert.equal(translate('de', 'test.wait', { seconds: 30 }), 'Bitte warten Sie 30 Sekunden.');
  });

  it('writes dates as 15.01.2026 in tables, 15. Januar 2026 in sentences', () => {
    assert.equal(formatDate(localDate('2026-01-15'), 'de', 'numeric'), '15.01.2026');
    assert.equal(formatDate(localDate('2026-01-15'), 'en', 'numeric'), '15/01/2026');
    assert.equal(formatDate(localDate('2026-01-15'), 'de'), '15. Januar 2026');
  });

  it('reads a date as people type it: 15.01.2026, 15.1.2026, 15/01/2026 or 2026-01-15, and only days that exist', () => {
    for (const written of ['15.01.2026', '15.1.2026', ' 15/01/2026 ', '2026-01-15']) assert.equal(parseWrittenDate(written), '2026-01-15', written);
    for (const wrong of ['31.02.2026', '15.01.26', '15.01/2026', '01-15-2026', '2026-1-15', 'gestern', '']) assert.equal(parseWrittenDate(wrong), undefined, wrong);
  });

  it('declines authority names after a preposition: vom Sächsischen Oberbergamt, an das …, bei der …', () => {
    const cases: [Parameters<typeof withPreposition>[0], string, string][] = [
      ['von', 'Sächsisches Landesamt für Umwelt, Landwirtschaft und Geologie (LfULG)', 'vom Sächsischen Landesamt für Umwelt, Landwirtschaft und Geologie (LfULG)'],
      ['an', 'Sächsisches Oberbergamt', 'an das Sächsische Oberbergamt'],
      ['bei', 'Sächsisches Oberbergamt', 'beim Sächsischen Oberbergamt'],
      ['von', 'Stadtverwaltung Dresden – Untere Wasserbehörde', 'von der Stadtverwaltung Dresden – Untere Wasserbehörde'],
      ['an', 'Untere Wasserbehörde Mittelsachsen', 'an die Untere Wasserbehörde Mittelsachsen'],
      ['von', 'Untere Wasserbehörde Mittelsachsen', 'von der Unteren Wasserbehörde Mittelsachsen'],
      [
        'an',
        'Personalrat der Lehrkräfte beim Landesamt für Schule und Bildung, Standort Zwickau',
        'an den Personalrat der Lehrkräfte beim Landesamt für Schule und Bildung, Standort Zwickau',
      ],
      ['von', 'Schwerbehindertenvertretung der Lehrkräfte', 'von der Schwerbehindertenvertretung der Lehrkräfte'],
      ['an', 'Landratsamt Mittelsachsen', 'an das Landratsamt Mittelsachsen'],
      ['von', 'Erika Mustermann', 'von Erika Mustermann'],
      ['an', 'Stuttgart', 'an Stuttgart'],
      ['von', 'Neue Bohrtechnik GmbH', 'von Neue Bohrtechnik GmbH'],
    ];
    for (const [preposition, name, expected] of cases) assert.equal(withPreposition(preposition, name), expected);
    assert.equal(translate('de', 'test.message', { authority: 'Sächsisches Oberbergamt' }), 'Neue Nachricht vom Sächsischen Oberbergamt');
    assert.equal(translate('en', 'test.message', { authority: 'Sächsisches Oberbergamt' }), 'New message from Sächsisches Oberbergamt');
  });

  it('writes numbers with a decimal comma, coordinates without thousands separators', () => {
    assert.equal(formatNumber('de', 1234.5), '1.234,5');
    assert.equal(formatNumber('de', 411500, 'coordinate'), '411500');
    assert.equal(formatNumber('de', 13.7374263, 'coordinate'), '13,7374263');
    assert.equal(formatNumber('en', 5656000.5, 'coordinate'), '5656000.5');
  });

  it('gives file sizes in KB with a decimal comma (MB from 1,000 KB)', () => {
    assert.equal(formatFileSize('de', 350), '0,3 KB');
    assert.equal(formatFileSize('de', 12), '0,1 KB', 'never "0 KB" for a file that has bytes');
    assert.equal(formatFileSize('de', 5_300), '5,2 KB');
    assert.equal(formatFileSize('de', 348_160), '340 KB');
    assert.equal(formatFileSize('de', 2_516_582), '2,4 MB');
    assert.equal(formatFileSize('en', 2_516_582), '2.4 MB');
  });
});
