/**
 * Reads XDOMEA 3.0.0 messages: checks, in this order, that the bytes are XML (or a package
 * holding one message), that the root is in the XDOMEA 3.0.0 namespace, that it is a message the
 * caller accepts, and that it is valid against the schema set; then maps it to `XdomeaMessage`.
 * Each refusal is an `XdomeaMessageError` with a German and an English text.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { XdomeaMessageError } from './errors.js';
import {
  XDOMEA_NAMESPACE,
  messageElement,
  messageNames,
  receivedMessageCodes,
  type Akte,
  type ArchiveMetadata,
  type Aussonderungsart,
  type CodeValue,
  type DocumentVersion,
  type Dokument,
  type HistoryEntry,
  type Laufzeit,
  type MessageCode,
  type MessageHeader,
  type Party,
  type PlanUnit,
  type Aktenplan,
  type Schriftgutobjekt,
  type Vertraulichkeitsstufe,
  type Vorgang,
  type ImportResult,
} from './model.js';
import type { XdomeaMessage } from './messages.js';
import { validateXdomea } from './validate.js';

/** The member(s) of `XdomeaMessage` whose code is one of `C`. */
export type MessageOf<C extends MessageCode> = XdomeaMessage extends infer M ? (M extends XdomeaMessage ? ([Extract<M['code'], C>] extends [never] ? never : M) : never) : never;

export interface ReadOptions<C extends MessageCode> {
  /** The messages the caller expects; default: those an authority receives (`receivedMessageCodes`). */
  accept?: readonly C[];
}

/** How many libxml2 errors a schema-invalid refusal lists. */
const MAX_SCHEMA_ERRORS = 5;

/**
 * Reads one message from its XML bytes, or from an XDOMEA package (ZIP) holding it.
 * @throws XdomeaMessageError
 */
export async function readXdomeaMessage<C extends MessageCode = (typeof receivedMessageCodes)[number]>(
  input: Uint8Array | string,
  options: ReadOptions<C> = {},
): Promise<MessageOf<C>> {
  const accept: readonly MessageCode[] = options.accept ?? receivedMessageCodes;
  const xml = typeof input === 'string' ? input : decode(isZip(input) ? messageFromPackage(input) : input);
  if (doctypeInProlog.test(xml)) {
    // XDOMEA messages have none; refusing it rules out entity expansion attacks in both parsers.
    throw new XdomeaMessageError(
      'not-xml',
      'Die Nachricht enthält eine DOCTYPE-Deklaration; XDOMEA-Nachrichten haben keine.',
      'The message contains a DOCTYPE declaration; XDOMEA messages have none.',
    );
  }
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    throw new XdomeaMessageError(
      'not-xml',
      `Die Datei ist kein wohlgeformtes XML (Zeile ${wellFormed.err.line}: ${wellFormed.err.msg}).`,
      `The file is not well-formed XML (line ${wellFormed.err.line}: ${wellFormed.err.msg}).`,
    );
  }
  const code = checkRoot(xml, accept);
  const validation = await validateXdomea(xml);
  if (!validation.valid) {
    const details = validation.errors.slice(0, MAX_SCHEMA_ERRORS).map((e) => (e.line === null ? e.message : `${e.line}: ${e.message}`));
    throw new XdomeaMessageError(
      'schema-invalid',
      `Die Nachricht ${code} entspricht nicht dem XDOMEA-3.0.0-Schema (${validation.errors.length} Fehler; die ersten mit Zeilennummer folgen).`,
      `Message ${code} is not valid against the XDOMEA 3.0.0 schema (${validation.errors.length} errors; the first ones follow with line numbers).`,
      details,
    );
  }
  const root = parser.parse(xml) as Record<string, Node>;
  return toMessage(code, root[messageElement(code)] as Node) as MessageOf<C>;
}

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

const messageFileName = /^[0-9a-fA-F-]{36}_[A-Za-z]+\.[A-Za-z]+\.\d{4}\.xml$/;

function messageFromPackage(bytes: Uint8Array): Uint8Array {
  let files: Record<string, Uint8Array>;
  try {
    // Only the message is unpacked; primary files stay compressed and untouched.
    files = unzipSync(bytes, { filter: (file) => messageFileName.test(file.name) });
  } catch (error) {
    throw new XdomeaMessageError('not-a-package', `Das ZIP-Archiv ist beschädigt (${String(error)}).`, `The ZIP archive is damaged (${String(error)}).`);
  }
  const names = Object.keys(files);
  if (names.length !== 1) {
    throw new XdomeaMessageError(
      'not-a-package',
      `Das ZIP-Archiv ist kein XDOMEA-Paket: Es muss genau eine Nachricht <ProzessID>_<Nachrichtentyp>.xml enthalten (gefunden: ${names.length}).`,
      `The ZIP archive is not an XDOMEA package: it must hold exactly one message <ProzessID>_<Nachrichtentyp>.xml (found: ${names.length}).`,
    );
  }
  return files[names[0]!]!;
}

function decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new XdomeaMessageError('not-xml', 'Die Datei ist kein XML in UTF-8.', 'The file is not XML in UTF-8.');
  }
}

const doctypeInProlog = /^\uFEFF?(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*<!DOCTYPE/i;

// The root start tag, after the XML declaration, comments and processing instructions.
const rootStartTag = /^\uFEFF?(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*<([^\s/>]+)([^>]*)>/;

function checkRoot(xml: string, accept: readonly MessageCode[]): MessageCode {
  const match = rootStartTag.exec(xml);
  if (!match) throw new XdomeaMessageError('not-xml', 'Die Datei enthält kein XML-Element.', 'The file contains no XML element.');
  const [, qualifiedName = '', attributes = ''] = match;
  const colon = qualifiedName.indexOf(':');
  const prefix = colon < 0 ? '' : qualifiedName.slice(0, colon);
  const localName = qualifiedName.slice(colon + 1);
  const namespace = new RegExp(`\\sxmlns${prefix ? `:${prefix.replace(/[.-]/g, '\\$&')}` : ''}\\s*=\\s*["']([^"']*)["']`).exec(attributes)?.[1] ?? '';
  if (namespace !== XDOMEA_NAMESPACE) {
    const version = /^urn:xoev-de:xdomea:schema:(.+)$/.exec(namespace)?.[1];
    throw new XdomeaMessageError(
      'foreign-namespace',
      version
        ? `Die Nachricht ist im Format XDOMEA ${version}; Amtsweg liest XDOMEA 3.0.0.`
        : `Die Datei ist keine XDOMEA-Nachricht (Namensraum „${namespace || 'keiner'}“, erwartet ${XDOMEA_NAMESPACE}).`,
      version
        ? `The message is XDOMEA ${version}; Amtsweg reads XDOMEA 3.0.0.`
        : `The file is not an XDOMEA message (namespace "${namespace || 'none'}", expected ${XDOMEA_NAMESPACE}).`,
    );
  }
  const code = /\.(\d{4})$/.exec(localName)?.[1];
  if (!code || !(code in messageNames) || messageElement(code as MessageCode) !== localName || !accept.includes(code as MessageCode)) {
    const expected = accept.map((c) => `${c} ${messageNames[c]}`).join(', ');
    throw new XdomeaMessageError(
      'wrong-message-type',
      `Die Nachricht ${localName} wird hier nicht angenommen. Erwartet: ${expected}.`,
      `Message ${localName} is not accepted here. Expected: ${expected}.`,
    );
  }
  return code as MessageCode;
}

// ---- mapping the parsed XML to the model ----

type Node = Record<string, unknown>;

const repeated = new Set([
  'BewertetesObjekt',
  'AusgesondertesSGO',
  'AbgegebenesObjekt',
  'Schriftgutobjekt',
  'Einheit',
  'Fehlermeldung',
  'Dokument',
  'Vorgang',
  'HistorienProtokollInformation',
  'Format',
]);

const parser = new XMLParser({
  ignoreAttributes: false,
  removeNSPrefix: true,
  // Codes such as 001 must stay strings.
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name, jpath) => {
    const path = String(jpath);
    // Under Schriftgutobjekt, Akte/Vorgang/Dokument are a single choice; `Version` repeats only in Dokument.
    if (name === 'Version') return path.endsWith('Dokument.Version');
    return repeated.has(name) && !path.endsWith(`Schriftgutobjekt.${name}`);
  },
});

function child(node: unknown, name: string): Node | undefined {
  const value = (node as Node | undefined)?.[name];
  return value === undefined || value === null || value === '' ? undefined : (value as Node);
}

function list(node: unknown, name: string): Node[] {
  return ((node as Node | undefined)?.[name] as Node[] | undefined) ?? [];
}

function str(node: unknown, name: string): string | undefined {
  const value = (node as Node | undefined)?.[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') return (value as Node)['#text'] as string | undefined;
  return String(value);
}

function req(node: unknown, name: string): string {
  return str(node, name) ?? '';
}

function bool(node: unknown, name: string): boolean {
  const value = str(node, name);
  return value === 'true' || value === '1';
}

function num(node: unknown, name: string): number | undefined {
  const value = str(node, name);
  return value === undefined ? undefined : Number(value);
}

function codeValue(node: unknown, name: string): CodeValue | undefined {
  const element = child(node, name);
  if (!element) return undefined;
  const name_ = str(element, 'name');
  return { code: req(element, 'code'), ...(name_ === undefined ? {} : { name: name_ }) };
}

/** Drops keys whose value is undefined, so read objects compare equal to what was written. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function party(node: unknown): Party {
  const kennung = child(node, 'Behoerdenkennung');
  const institution = child(node, 'Institution');
  return compact({
    behoerdenschluessel: codeValue(kennung, 'Behoerdenschluessel'),
    praefix: codeValue(kennung, 'Praefix'),
    institution: str(institution, 'Name'),
    kurzbezeichnung: str(institution, 'Kurzbezeichnung'),
    organisationseinheit: str(child(node, 'Organisationseinheit'), 'Name'),
  });
}

function header(kopf: unknown): MessageHeader {
  const system = child(kopf, 'SendendesSystem');
  return compact({
    prozessId: req(kopf, 'ProzessID'),
    erstellungszeitpunkt: new Date(req(kopf, 'Erstellungszeitpunkt')),
    absender: party(child(kopf, 'Absender')),
    empfaenger: party(child(kopf, 'Empfaenger')),
    sendendesSystem: system ? compact({ produktname: req(system, 'Produktname'), version: str(system, 'Version') }) : undefined,
    hinweis: str(kopf, 'Hinweis'),
  });
}

function aussonderungsart(node: unknown): Aussonderungsart {
  const wrapper = child(node, 'Aussonderungsart');
  // A configured value (AussonderungsartKonfigurierbar) has no A/B/V meaning; B (appraise) is the safe reading.
  return (codeValue(wrapper, 'Aussonderungsart')?.code as Aussonderungsart | undefined) ?? 'B';
}

function aufbewahrungsdauer(node: unknown): number | 'unbefristet' | undefined {
  const dauer = child(node, 'Aufbewahrungsdauer');
  if (!dauer) return undefined;
  return str(dauer, 'Unbefristet') !== undefined ? 'unbefristet' : num(dauer, 'AnzahlJahre');
}

function laufzeit(node: unknown, name: string): Laufzeit | undefined {
  const element = child(node, name);
  return element ? compact({ beginn: str(element, 'Beginn'), ende: str(element, 'Ende') }) : undefined;
}

function archiv(node: unknown): ArchiveMetadata | undefined {
  const meta = child(node, 'ArchivspezifischeMetadaten');
  if (!meta) return undefined;
  return compact({
    aufbewahrungsdauer: aufbewahrungsdauer(meta),
    aussonderungsart: child(meta, 'Aussonderungsart') ? aussonderungsart(meta) : undefined,
    bewertungsvorschlag: codeValue(meta, 'Bewertungsvorschlag')?.code as 'A' | 'V' | undefined,
    aufbewahrungsende: str(meta, 'Aufbewahrungsende'),
  });
}

function historie(node: unknown): HistoryEntry[] | undefined {
  const entries = list(node, 'HistorienProtokollInformation');
  if (entries.length === 0) return undefined;
  return entries.map((h) => compact({ akteur: req(h, 'Akteur'), datumUhrzeit: new Date(req(h, 'DatumUhrzeit')), aktion: req(h, 'Aktion'), bemerkung: str(h, 'Bemerkung') }));
}

function base(node: unknown) {
  const id = child(node, 'Identifikation');
  const meta = child(node, 'AllgemeineMetadaten');
  const unit = child(meta, 'Aktenplaneinheit');
  return {
    id: req(id, 'ID'),
    nummer: num(id, 'NummerImUebergeordnetenContainer'),
    betreff: req(meta, 'Betreff'),
    kennzeichen: str(meta, 'Kennzeichen'),
    federfuehrung: str(meta, 'Federfuehrung'),
    vertraulichkeitsstufe: codeValue(meta, 'Vertraulichkeitsstufe')?.code as Vertraulichkeitsstufe | undefined,
    aktenplaneinheit: unit ? compact({ kennzeichen: req(unit, 'Kennzeichen'), inhaltsangabe: str(unit, 'Inhaltsangabe') }) : undefined,
    historie: historie(node),
  };
}

function version(node: Node): DocumentVersion {
  // The model keeps one format per version: the first, which is the one the E-Akte writes.
  const format = list(node, 'Format')[0];
  const primaer = child(format, 'Primaerdokument');
  const datum = str(primaer, 'DatumUhrzeit');
  return compact({
    nummer: Number(req(node, 'Nummer')),
    dateiformat: codeValue(format, 'Name')?.code ?? '',
    dateiname: req(primaer, 'Dateiname'),
    dateinameOriginal: str(primaer, 'DateinameOriginal'),
    ersteller: str(primaer, 'Ersteller'),
    datumUhrzeit: datum === undefined ? undefined : new Date(datum),
  });
}

function dokument(node: Node): Dokument {
  return compact({
    kind: 'dokument' as const,
    ...base(node),
    posteingangsdatum: str(node, 'Posteingangsdatum'),
    postausgangsdatum: str(node, 'Postausgangsdatum'),
    datumDesSchreibens: str(node, 'DatumDesSchreibens'),
    bearbeiter: str(node, 'Bearbeiter'),
    versionen: list(node, 'Version').map(version),
  });
}

/** What Akte and Vorgang have beyond the shared base: retention metadata, duration, zdA. */
function container(node: Node) {
  return { ...base(node), archiv: archiv(node), laufzeit: laufzeit(node, 'Laufzeit'), zdaDatum: str(node, 'ZdADatum') };
}

function vorgang(node: Node): Vorgang {
  return compact({ kind: 'vorgang' as const, ...container(node), dokumente: list(node, 'Dokument').map(dokument) });
}

function akte(node: Node): Akte {
  const inhalt = child(node, 'Akteninhalt');
  return compact({ kind: 'akte' as const, ...container(node), vorgaenge: list(inhalt, 'Vorgang').map(vorgang), dokumente: list(inhalt, 'Dokument').map(dokument) });
}

function schriftgutobjekt(node: Node): Schriftgutobjekt {
  const a = child(node, 'Akte');
  if (a) return akte(a);
  const v = child(node, 'Vorgang');
  return v ? vorgang(v) : dokument(child(node, 'Dokument')!);
}

function planUnit(node: Node): PlanUnit {
  return compact({
    kennzeichen: req(node, 'Kennzeichen'),
    inhaltsangabe: req(node, 'Inhaltsangabe'),
    aussonderungsart: aussonderungsart(node),
    aufbewahrungsdauer: aufbewahrungsdauer(node) ?? 'unbefristet',
    stillgelegt: bool(node, 'Stillgelegt'),
    gueltigkeit: laufzeit(node, 'Gueltigkeit'),
    einheiten: list(node, 'Einheit').map(planUnit),
  });
}

function aktenplan(node: unknown): Aktenplan | undefined {
  if (!node) return undefined;
  return compact({
    bezeichnung: req(node, 'Bezeichnung'),
    version: req(node, 'Version'),
    gueltigkeit: laufzeit(node, 'Gueltigkeit'),
    einheiten: list(node, 'Einheit').map(planUnit),
  });
}

function importResults(node: Node, name: string): ImportResult[] {
  return list(node, name).map((r) =>
    compact({
      id: req(r, 'IDSGO'),
      erfolgreich: bool(r, 'Erfolgreich'),
      fehlermeldungen: list(r, 'Fehlermeldung').map((m) => (typeof m === 'object' ? String(m['#text'] ?? '') : String(m))),
      archivkennung: str(r, 'Archivkennung'),
    }),
  );
}

function toMessage(code: MessageCode, node: Node): XdomeaMessage {
  const kopf = child(node, 'Kopf');
  const h = header(kopf);
  const objekte = () => list(node, 'Schriftgutobjekt').map(schriftgutobjekt);
  switch (code) {
    case '0301':
      return { code, header: h, aktenplan: aktenplan(child(node, 'Aktenplan'))!, empfangsbestaetigung: bool(kopf, 'Empfangsbestaetigung') };
    case '0501':
      return compact({ code, header: h, objekte: objekte(), empfangsbestaetigung: bool(kopf, 'Empfangsbestaetigung'), aktenplan: aktenplan(child(node, 'Aktenplan')) });
    case '0503':
      return compact({
        code,
        header: h,
        objekte: objekte(),
        rueckmeldungArchivkennung: bool(kopf, 'RueckmeldungArchivkennung'),
        empfangsbestaetigung: bool(kopf, 'Empfangsbestaetigung'),
        aktenplan: aktenplan(child(node, 'Aktenplan')),
      });
    case '0401':
      return compact({ code, header: h, objekte: objekte(), empfangsbestaetigung: bool(kopf, 'Empfangsbestaetigung'), aktenplan: aktenplan(child(node, 'Aktenplan')) });
    case '0502':
      return {
        code,
        header: h,
        empfangsbestaetigung: bool(kopf, 'Empfangsbestaetigung'),
        bewertungen: list(node, 'BewertetesObjekt').map((b) => ({ id: req(b, 'ID'), aussonderungsart: aussonderungsart(b) })),
      };
    case '0506':
      return { code, header: h, ergebnisse: importResults(node, 'AusgesondertesSGO') };
    case '0402':
      return { code, header: h, ergebnisse: importResults(node, 'AbgegebenesObjekt') };
    default:
      return { code, header: h };
  }
}
