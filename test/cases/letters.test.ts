import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { germanDate } from '../../src/modules/cases/documents.js';
import { addressLines, atAuthority, letterName } from '../../src/modules/cases/letters.js';

describe('letters in proper form', () => {
  it('puts "bei" and an authority name in the dative, declining a leading adjective', () => {
    assert.equal(
      atAuthority('Sächsisches Landesamt für Umwelt, Landwirtschaft und Geologie (LfULG)'),
      'beim Sächsischen Landesamt für Umwelt, Landwirtschaft und Geologie (LfULG)',
    );
    assert.equal(atAuthority('Sächsisches Oberbergamt'), 'beim Sächsischen Oberbergamt');
    assert.equal(atAuthority('Landesamt für Schule und Bildung'), 'beim Landesamt für Schule und Bildung');
    assert.equal(atAuthority('Landratsamt Mittelsachsen'), 'beim Landratsamt Mittelsachsen');
    assert.equal(atAuthority('Stadtverwaltung Freiberg'), 'bei der Stadtverwaltung Freiberg');
    assert.equal(atAuthority('Landeshauptstadt Stuttgart – Bürgerbüro'), 'bei der Landeshauptstadt Stuttgart – Bürgerbüro');
    assert.equal(atAuthority('Stuttgart'), 'bei Stuttgart', 'a name without article stays as it is');
  });

  it('writes a name sorted by family name in letter order, and leaves company names alone', () => {
    assert.equal(letterName('Bohrer, Max'), 'Max Bohrer');
    assert.equal(letterName('Schmidt, Anna Maria'), 'Anna Maria Schmidt');
    assert.equal(letterName('Wärme & Bohr GmbH'), 'Wärme & Bohr GmbH');
    assert.equal(letterName('Bohrtechnik Erzgebirge GmbH, Niederlassung Freiberg'), 'Bohrtechnik Erzgebirge GmbH, Niederlassung Freiberg');
  });

  it('writes an address answer as the lines of a German postal address', () => {
    assert.deepEqual(addressLines({ street: 'Am Schacht', houseNumber: '3', postalCode: '09599', city: 'Freiberg' }), ['Am Schacht 3', '09599 Freiberg']);
    assert.deepEqual(addressLines('Freiberg'), [], 'no address answer, no lines (never a raw value)');
  });

  it('dates placeholders as 15.01.2026: a calendar day as it is, an instant on its German day', () => {
    assert.equal(germanDate('2026-01-15'), '15.01.2026');
    assert.equal(germanDate(new Date('2026-03-01T23:30:00Z')), '02.03.2026', '00:30 in Berlin is already the next day');
  });
});
