/**
 * Writers for the parts messages share: the header (`Kopf`), Akte/Vorgang/Dokument with their
 * versions, and the Aktenplan. Element order follows the XSD sequences in xdomea-Baukasten.xsd.
 */
import {
  messageNames,
  type Akte,
  type ArchiveMetadata,
  type Aufbewahrungsdauer,
  type Aktenplan,
  type DocumentVersion,
  type Dokument,
  type HistoryEntry,
  type MessageCode,
  type MessageHeader,
  type Party,
  type PlanUnit,
  type Schriftgutobjekt,
  type Vorgang,
  type Laufzeit,
} from './model.js';
import { code, dateTime, group, required, text } from './xml.js';

const lists = {
  nachrichtentyp: { uri: 'urn:xoev-de:xdomea:codeliste:nachrichtentyp', version: '2.0' },
  aussonderungsart: { uri: 'urn:xoev-de:xdomea:codeliste:aussonderungsart', version: '1.0' },
  bewertungsvorschlag: { uri: 'urn:xoev-de:xdomea:codeliste:bewertungsvorschlag', version: '1.0' },
  vertraulichkeitsstufe: { uri: 'urn:xoev-de:xdomea:codeliste:vertraulichkeitsstufe', version: '1.0' },
  medium: { uri: 'urn:xoev-de:xdomea:codeliste:medium', version: '1.0' },
  dateiformat: { uri: 'urn:xoev-de:xdomea:codeliste:dateiformat', version: '1.0' },
} as const;

export const AMTSWEG_SYSTEM = { produktname: 'Amtsweg', version: '0.1.0' };

function party(name: string, p: Party): string {
  return required(
    name,
    group('Behoerdenkennung', code('Behoerdenschluessel', p.behoerdenschluessel), code('Praefix', p.praefix)),
    group('Institution', text('Name', p.institution), text('Kurzbezeichnung', p.kurzbezeichnung)),
    group('Organisationseinheit', text('Name', p.organisationseinheit)),
  );
}

/**
 * The `Kopf` of a message. `flags` are the booleans the message's header type adds after the
 * base fields (e.g. Importbestaetigung, Empfangsbestaetigung), in schema order.
 */
export function kopf(messageCode: MessageCode, header: MessageHeader, flags: ReadonlyArray<[string, boolean]> = []): string {
  const system = header.sendendesSystem ?? AMTSWEG_SYSTEM;
  return required(
    'Kopf',
    text('ProzessID', header.prozessId),
    code('Nachrichtentyp', { code: messageCode, name: messageNames[messageCode] }, lists.nachrichtentyp),
    text('Erstellungszeitpunkt', dateTime(header.erstellungszeitpunkt)),
    party('Absender', header.absender),
    party('Empfaenger', header.empfaenger),
    group('SendendesSystem', text('Produktname', system.produktname), text('Version', system.version)),
    text('Hinweis', header.hinweis),
    ...flags.map(([name, value]) => text(name, value)),
  );
}

/** What a writer does with the versions it meets: list them (0501) or also ship their files (0503, 0401). */
export type VersionSink = (version: DocumentVersion) => void;

export interface ObjectWriteOptions {
  /** Write `Version` elements; 0501 carries no primary files, so it leaves them out. */
  withVersions: boolean;
  onVersion?: VersionSink;
}

function aufbewahrungsdauer(value: Aufbewahrungsdauer | undefined): string {
  if (value === undefined) return '';
  return required('Aufbewahrungsdauer', value === 'unbefristet' ? text('Unbefristet', true) : text('AnzahlJahre', value));
}

function aussonderungsart(value: string | undefined): string {
  return value === undefined ? '' : required('Aussonderungsart', code('Aussonderungsart', { code: value }, lists.aussonderungsart));
}

function archiv(meta: ArchiveMetadata | undefined): string {
  if (!meta) return '';
  return group(
    'ArchivspezifischeMetadaten',
    aufbewahrungsdauer(meta.aufbewahrungsdauer),
    aussonderungsart(meta.aussonderungsart),
    code('Bewertungsvorschlag', meta.bewertungsvorschlag === undefined ? undefined : { code: meta.bewertungsvorschlag }, lists.bewertungsvorschlag),
    text('Aufbewahrungsende', meta.aufbewahrungsende),
  );
}

function identifikation(o: Schriftgutobjekt): string {
  return required('Identifikation', text('ID', o.id), text('NummerImUebergeordnetenContainer', o.nummer));
}

function allgemein(o: Schriftgutobjekt): string {
  return required(
    'AllgemeineMetadaten',
    text('Betreff', o.betreff),
    text('Kennzeichen', o.kennzeichen),
    text('Federfuehrung', o.federfuehrung),
    code('Vertraulichkeitsstufe', o.vertraulichkeitsstufe === undefined ? undefined : { code: o.vertraulichkeitsstufe }, lists.vertraulichkeitsstufe),
    // Everything the E-Akte holds is born digital.
    code('Medium', { code: '001' }, lists.medium),
    group('Aktenplaneinheit', text('Kennzeichen', o.aktenplaneinheit?.kennzeichen), text('Inhaltsangabe', o.aktenplaneinheit?.inhaltsangabe)),
  );
}

function historie(entries: HistoryEntry[] | undefined): string {
  return (entries ?? [])
    .map((h) =>
      required('HistorienProtokollInformation', text('Akteur', h.akteur), text('DatumUhrzeit', dateTime(h.datumUhrzeit)), text('Bemerkung', h.bemerkung), text('Aktion', h.aktion)),
    )
    .join('');
}

function laufzeit(name: string, l: Laufzeit | undefined): string {
  return l ? group(name, text('Beginn', l.beginn), text('Ende', l.ende)) : '';
}

function version(v: DocumentVersion): string {
  return required(
    'Version',
    text('Nummer', v.nummer),
    required(
      'Format',
      code('Name', { code: v.dateiformat }, lists.dateiformat),
      // The format's version is required but rarely known; the standard's own examples leave it empty.
      required('Version'),
      required(
        'Primaerdokument',
        text('Dateiname', v.dateiname),
        text('DateinameOriginal', v.dateinameOriginal),
        text('Ersteller', v.ersteller),
        text('DatumUhrzeit', dateTime(v.datumUhrzeit)),
      ),
    ),
  );
}

function dokument(d: Dokument, options: ObjectWriteOptions): string {
  let versions = '';
  if (options.withVersions) {
    for (const v of d.versionen) options.onVersion?.(v);
    versions = d.versionen.map(version).join('');
  }
  return required(
    'Dokument',
    identifikation(d),
    allgemein(d),
    text('Posteingangsdatum', d.posteingangsdatum),
    text('Postausgangsdatum', d.postausgangsdatum),
    text('DatumDesSchreibens', d.datumDesSchreibens),
    text('Bearbeiter', d.bearbeiter),
    historie(d.historie),
    versions,
  );
}

function vorgang(v: Vorgang, options: ObjectWriteOptions): string {
  return required(
    'Vorgang',
    identifikation(v),
    allgemein(v),
    archiv(v.archiv),
    text('ZdA', v.zdaDatum === undefined ? undefined : true),
    text('ZdADatum', v.zdaDatum),
    laufzeit('Laufzeit', v.laufzeit),
    historie(v.historie),
    v.dokumente.map((d) => dokument(d, options)).join(''),
  );
}

function akte(a: Akte, options: ObjectWriteOptions): string {
  return required(
    'Akte',
    identifikation(a),
    allgemein(a),
    archiv(a.archiv),
    laufzeit('Laufzeit', a.laufzeit),
    historie(a.historie),
    group('Akteninhalt', a.dokumente.map((d) => dokument(d, options)).join(''), a.vorgaenge.map((v) => vorgang(v, options)).join('')),
    text('ZdA', a.zdaDatum === undefined ? undefined : true),
    text('ZdADatum', a.zdaDatum),
  );
}

/** One `Schriftgutobjekt` element of a 0501, 0503 or 0401 message. */
export function schriftgutobjekt(o: Schriftgutobjekt, options: ObjectWriteOptions): string {
  const inner = o.kind === 'akte' ? akte(o, options) : o.kind === 'vorgang' ? vorgang(o, options) : dokument(o, options);
  return required('Schriftgutobjekt', inner);
}

function planUnit(u: PlanUnit): string {
  return required(
    'Einheit',
    text('Kennzeichen', u.kennzeichen),
    text('Inhaltsangabe', u.inhaltsangabe),
    aussonderungsart(u.aussonderungsart),
    laufzeit('Gueltigkeit', u.gueltigkeit),
    text('Stillgelegt', u.stillgelegt),
    aufbewahrungsdauer(u.aufbewahrungsdauer),
    u.einheiten.map(planUnit).join(''),
  );
}

/** An `AktenplanType` element under the given name. */
export function aktenplan(name: string, plan: Aktenplan): string {
  return required(name, text('Bezeichnung', plan.bezeichnung), text('Version', plan.version), plan.einheiten.map(planUnit).join(''), laufzeit('Gueltigkeit', plan.gueltigkeit));
}
