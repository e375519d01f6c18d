import { createHash, randomUUID } from 'node:crypto';
import type { Akte, DocumentVersion, Dokument, MessageHeader, Vorgang } from '../../../src/modules/records/xdomea/index.js';
import { primaryFileName } from '../../../src/modules/records/xdomea/index.js';

export const lfulg = {
  behoerdenschluessel: { code: 'LfULG', name: 'Sächsisches Landesamt für Umwelt, Landwirtschaft und Geologie' },
  institution: 'Sächsisches Landesamt für Umwelt, Landwirtschaft und Geologie',
  kurzbezeichnung: 'LfULG',
  organisationseinheit: 'Abteilung 10 Geologie',
};

export const staatsarchiv = { behoerdenschluessel: { code: 'SStA' }, institution: 'Sächsisches Staatsarchiv' };

/** A header from the LfULG to the Staatsarchiv (or the reverse), with a fresh ProzessID. */
export function header(direction: 'to-archive' | 'from-archive' = 'to-archive', prozessId: string = randomUUID()): MessageHeader {
  const [absender, empfaenger] = direction === 'to-archive' ? [lfulg, staatsarchiv] : [staatsarchiv, lfulg];
  return { prozessId, erstellungszeitpunkt: new Date('2026-12-01T09:30:00.000Z'), absender, empfaenger, sendendesSystem: { produktname: 'Amtsweg', version: '0.1.0' } };
}

export function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A version whose file content is the given bytes, delivered in two chunks. */
export function versionWith(content: Uint8Array, originalName: string, nummer = 1): DocumentVersion {
  const half = Math.floor(content.length / 2);
  return {
    nummer,
    dateiformat: originalName.endsWith('.pdf') ? '018' : '045',
    dateiname: primaryFileName(randomUUID(), originalName),
    dateinameOriginal: originalName,
    ersteller: 'Amtsweg',
    datumUhrzeit: new Date('2026-03-02T08:15:00.000Z'),
    sha256: sha256(content),
    content: async function* () {
      yield content.subarray(0, half);
      yield content.subarray(half);
    },
  };
}

export function dokument(betreff: string, versionen: DocumentVersion[], nummer = 1): Dokument {
  return { kind: 'dokument', id: randomUUID(), nummer, betreff, posteingangsdatum: '2026-03-02', bearbeiter: 'Frau Beispiel', versionen };
}

/** A closed drilling notification (Bohranzeige) as a Vorgang, with the notification and the receipt. */
export function bohranzeigeVorgang(n = 1): Vorgang {
  return {
    kind: 'vorgang',
    id: randomUUID(),
    nummer: n,
    betreff: `Bohranzeige Erdwärmesonde Flurstück ${n}/3, Gemarkung Löbtau <Tiefe > 100 m & "Sonde">`,
    kennzeichen: `52.10.20-${String(n).padStart(4, '0')}/2026`,
    federfuehrung: 'Abteilung 10 Geologie',
    vertraulichkeitsstufe: '003',
    aktenplaneinheit: { kennzeichen: '52.10.20', inhaltsangabe: 'Geologische Untersuchungen: Anzeigen nach GeolDG' },
    archiv: { aufbewahrungsdauer: 30, aussonderungsart: 'A', bewertungsvorschlag: 'A', aufbewahrungsende: '2056-12-31' },
    laufzeit: { beginn: '2026-03-02', ende: '2026-04-15' },
    zdaDatum: '2026-04-15',
    historie: [{ akteur: 'Frau Beispiel', datumUhrzeit: new Date('2026-04-15T12:00:00.000Z'), aktion: 'zdA verfügt' }],
    dokumente: [
      dokument(
        'Anzeige der Bohrung',
        [versionWith(bytesOf('%PDF-1.7 Anzeige\n'), 'Bohranzeige.pdf'), versionWith(bytesOf('%PDF-1.7 Anzeige, berichtigt\n'), 'Bohranzeige-2.pdf', 2)],
        1,
      ),
      dokument('Eingangsbestätigung', [versionWith(bytesOf('Eingangsbestätigung für Ihre Bohranzeige\n'), 'Eingang.txt')], 2),
    ],
  };
}

export function akteWith(vorgaenge: Vorgang[]): Akte {
  return {
    kind: 'akte',
    id: randomUUID(),
    betreff: 'Bohranzeigen 2026',
    kennzeichen: '52.10.20',
    aktenplaneinheit: { kennzeichen: '52.10.20', inhaltsangabe: 'Geologische Untersuchungen: Anzeigen nach GeolDG' },
    archiv: { aufbewahrungsdauer: 30, aussonderungsart: 'A' },
    laufzeit: { beginn: '2026-01-01', ende: '2026-12-31' },
    zdaDatum: '2026-12-31',
    vorgaenge,
    dokumente: [],
  };
}

/** The model as the reader returns it: no content sources and no hashes (XDOMEA 3.0 carries neither). */
export function withoutFileSources<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) => (key === 'content' || key === 'sha256' ? undefined : v)),
    (_key, v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(v) ? new Date(v) : v),
  ) as T;
}
