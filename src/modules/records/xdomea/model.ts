/**
 * What the E-Akte exchanges in XDOMEA 3.0.0, as plain data. The writers turn these into messages,
 * the reader turns received messages back into them. Names follow the standard's German element
 * names (lower camel case) so the mapping stays obvious; see docs/records-xdomea.md.
 */

export const XDOMEA_NAMESPACE = 'urn:xoev-de:xdomea:schema:3.0.0';

/** The messages this library writes or reads, by Nachrichtentyp code, with their element name. */
export const messageNames = {
  '0301': 'Aktenplan.Aktenplan',
  '0302': 'Aktenplan.EmpfangBestaetigen',
  '0401': 'Abgabe.Abgabe',
  '0402': 'Abgabe.ImportBestaetigen',
  '0403': 'Abgabe.EmpfangBestaetigen',
  '0501': 'Aussonderung.Anbieteverzeichnis',
  '0502': 'Aussonderung.Bewertungsverzeichnis',
  '0503': 'Aussonderung.Aussonderung',
  '0504': 'Aussonderung.AnbietungEmpfangBestaetigen',
  '0505': 'Aussonderung.BewertungEmpfangBestaetigen',
  '0506': 'Aussonderung.AussonderungImportBestaetigen',
  '0507': 'Aussonderung.AussonderungEmpfangBestaetigen',
} as const;

export type MessageCode = keyof typeof messageNames;

/** The root element of a message: `<name>.<code>`, e.g. `Aussonderung.Aussonderung.0503`. */
export function messageElement(code: MessageCode): string {
  return `${messageNames[code]}.${code}`;
}

/**
 * The messages an authority receives: the archive's answers in the Aussonderung (0502 Bewertung,
 * 0504/0506/0507 confirmations), the receiving authority's answers to an Abgabe (0402/0403), a
 * confirmation of a sent Aktenplan (0302), and an Aktenplan to import (0301, which also goes out).
 */
export const receivedMessageCodes = ['0301', '0302', '0402', '0403', '0502', '0504', '0506', '0507'] as const satisfies readonly MessageCode[];
export type ReceivedMessageCode = (typeof receivedMessageCodes)[number];

/** A code from an XÖV code list (`xoev-code:Code`): the code and, optionally, its name. */
export interface CodeValue {
  code: string;
  name?: string;
}

/**
 * Sender or recipient of a message (`KontaktType`, reduced to what identifies an authority).
 * The Behördenkennung is the authority's key (`Behoerdenschluessel`, e.g. its DVDV key) plus an
 * optional prefix; the institution and unit names are for people reading the message.
 */
export interface Party {
  behoerdenschluessel?: CodeValue;
  praefix?: CodeValue;
  institution?: string;
  kurzbezeichnung?: string;
  organisationseinheit?: string;
}

/** The message header (`Kopf`) fields every message shares. */
export interface MessageHeader {
  /** UUID of the whole exchange: every message of one Aussonderung or Abgabe carries the same one. */
  prozessId: string;
  erstellungszeitpunkt: Date;
  absender: Party;
  empfaenger: Party;
  /** The sending product (`SendendesSystem`); the writers default to Amtsweg. */
  sendendesSystem?: { produktname: string; version?: string };
  hinweis?: string;
}

/** A received header also says which message it belongs to. */
export interface ReceivedHeader extends MessageHeader {
  nachrichtentyp: MessageCode;
}

/** Archive value: A archivwürdig (keep), B zum Bewerten markiert (to be appraised), V vernichten. */
export type Aussonderungsart = 'A' | 'B' | 'V';

/** Retention period in years, or `unbefristet` (kept without end). */
export type Aufbewahrungsdauer = number | 'unbefristet';

/** `MetadatenAussonderungType`: what the archive needs to appraise an object. */
export interface ArchiveMetadata {
  aufbewahrungsdauer?: Aufbewahrungsdauer;
  aussonderungsart?: Aussonderungsart;
  /** The authority's proposal for the archive: archive (A) or destroy (V). */
  bewertungsvorschlag?: 'A' | 'V';
  /** ISO date the retention period ends. */
  aufbewahrungsende?: string;
}

/** Reference from an object to the Aktenplan unit it is filed under. */
export interface PlanUnitRef {
  kennzeichen: string;
  inhaltsangabe?: string;
}

/** One entry of the object's change history (`HistorienProtokollInformation`). */
export interface HistoryEntry {
  akteur: string;
  datumUhrzeit: Date;
  aktion: string;
  bemerkung?: string;
}

/** Vertraulichkeitsstufe codes: 001 geheim, 002 VS-NfD, 003 offen, 004 streng geheim, 005 vertraulich. */
export type Vertraulichkeitsstufe = '001' | '002' | '003' | '004' | '005';

/** Fields Akte, Vorgang and Dokument share (`Identifikation` + `AllgemeineMetadaten`). */
interface RecordObjectBase {
  /** The object's UUID; it stays the same in every message of every process. */
  id: string;
  /** Position in the containing object (`NummerImUebergeordnetenContainer`). */
  nummer?: number;
  betreff: string;
  /** Aktenzeichen (Akte, Vorgang) or document reference. */
  kennzeichen?: string;
  federfuehrung?: string;
  vertraulichkeitsstufe?: Vertraulichkeitsstufe;
  aktenplaneinheit?: PlanUnitRef;
  historie?: HistoryEntry[];
}

/** A period of ISO dates (`ZeitraumType`). */
export interface Laufzeit {
  beginn?: string;
  ende?: string;
}

/** Where a version's bytes come from when a package is written: read once, in chunks. */
export type ContentSource = () => AsyncIterable<Uint8Array>;

/**
 * One file of a document version (`Version/Format/Primaerdokument`). The standard names the file
 * in the package by a UUID (`<UUID>.<ext>`); the original name travels as metadata.
 */
export interface DocumentVersion {
  nummer: number;
  /** Dateiformat code, e.g. 018 pdf; see `dateiformatFor`. */
  dateiformat: string;
  /** File name inside the package, `<UUID>.<ext>` (see `primaryFileName`). */
  dateiname: string;
  dateinameOriginal?: string;
  ersteller?: string;
  datumUhrzeit?: Date;
  /** Hex SHA-256 the E-Akte recorded; a package refuses to ship bytes that do not match it. */
  sha256?: string;
  /** Bytes as recorded; lets a package read small files ahead (see `writeXdomeaPackage`). */
  size?: number;
  /** Only needed for messages that carry primary files (0503, 0401). */
  content?: ContentSource;
}

export interface Dokument extends RecordObjectBase {
  kind: 'dokument';
  datumDesSchreibens?: string;
  posteingangsdatum?: string;
  postausgangsdatum?: string;
  bearbeiter?: string;
  versionen: DocumentVersion[];
}

export interface Vorgang extends RecordObjectBase {
  kind: 'vorgang';
  archiv?: ArchiveMetadata;
  laufzeit?: Laufzeit;
  /** ISO date the Vorgang was closed (zdA, zu den Akten). */
  zdaDatum?: string;
  dokumente: Dokument[];
}

export interface Akte extends RecordObjectBase {
  kind: 'akte';
  archiv?: ArchiveMetadata;
  laufzeit?: Laufzeit;
  zdaDatum?: string;
  vorgaenge: Vorgang[];
  dokumente: Dokument[];
}

/** A top-level object of a 0501/0503/0401 message (`Schriftgutobjekt`). */
export type Schriftgutobjekt = Akte | Vorgang | Dokument;

/** One unit of the Aktenplan (`AktenplaneinheitAktenplanType`), with its sub-units. */
export interface PlanUnit {
  kennzeichen: string;
  inhaltsangabe: string;
  aussonderungsart: Aussonderungsart;
  aufbewahrungsdauer: Aufbewahrungsdauer;
  stillgelegt: boolean;
  gueltigkeit?: Laufzeit;
  einheiten: PlanUnit[];
}

/** An Aktenplan (`AktenplanType`). */
export interface Aktenplan {
  bezeichnung: string;
  version: string;
  gueltigkeit?: Laufzeit;
  einheiten: PlanUnit[];
}

/** 0502: the archive's decision on one offered object, by the object's UUID. */
export interface Bewertung {
  id: string;
  aussonderungsart: Aussonderungsart;
}

/** 0506/0402: import result for one object; `archivkennung` is the archive's own signature (0506). */
export interface ImportResult {
  id: string;
  erfolgreich: boolean;
  fehlermeldungen: string[];
  archivkennung?: string;
}
