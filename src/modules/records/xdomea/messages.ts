/**
 * The XDOMEA messages as one discriminated union (what `readXdomeaMessage` returns) and the
 * writers: `writeXdomeaMessage` for the small ones (receipts, Bewertung, Aktenplan) and
 * `streamObjectMessage` for the ones listing Schriftgutobjekte (0501, 0503, 0401), which can be
 * long and are therefore written object by object from an async source.
 */
import { XdomeaMessageError } from './errors.js';
import { messageElement, type Aktenplan, type Bewertung, type ImportResult, type MessageCode, type MessageHeader, type Schriftgutobjekt } from './model.js';
import { aktenplan, kopf, schriftgutobjekt, type VersionSink } from './write-parts.js';
import { closeRoot, code, required, text, xmlDeclarationAndRoot } from './xml.js';

interface WithHeader {
  header: MessageHeader;
}

/** 0301 Aktenplan: sent to another system (or imported from one); the recipient may confirm with 0302. */
export interface AktenplanMessage extends WithHeader {
  code: '0301';
  aktenplan: Aktenplan;
  empfangsbestaetigung: boolean;
}

/** 0501 Anbieteverzeichnis: the authority offers closed objects to the archive (metadata only). */
export interface AnbieteverzeichnisMessage<Objects = Schriftgutobjekt[]> extends WithHeader {
  code: '0501';
  objekte: Objects;
  empfangsbestaetigung: boolean;
  aktenplan?: Aktenplan;
}

/** 0503 Aussonderung: the authority hands the objects the archive chose over, with their files. */
export interface AussonderungMessage<Objects = Schriftgutobjekt[]> extends WithHeader {
  code: '0503';
  objekte: Objects;
  /** Ask the archive to return its own signature (Archivkennung) per object in the 0506. */
  rueckmeldungArchivkennung: boolean;
  /** Ask the archive for a 0507 receipt. (A 0506 import confirmation is always requested: the schema fixes it.) */
  empfangsbestaetigung: boolean;
  aktenplan?: Aktenplan;
}

/** 0401 Abgabe: objects handed to another authority that takes the matter over. */
export interface AbgabeMessage<Objects = Schriftgutobjekt[]> extends WithHeader {
  code: '0401';
  objekte: Objects;
  /** Ask for a 0403 receipt. (A 0402 import confirmation is always requested: the schema fixes it.) */
  empfangsbestaetigung: boolean;
  aktenplan?: Aktenplan;
}

/** 0502 Bewertungsverzeichnis: the archive's decision (A keep / V destroy) per offered object. */
export interface BewertungsverzeichnisMessage extends WithHeader {
  code: '0502';
  bewertungen: Bewertung[];
  /** The archive asks the authority to confirm receipt with a 0505. */
  empfangsbestaetigung: boolean;
}

/** 0506 (archive, after a 0503) and 0402 (receiving authority, after a 0401): import result per object. */
export interface ImportBestaetigungMessage extends WithHeader {
  code: '0506' | '0402';
  ergebnisse: ImportResult[];
}

/** Plain receipts: 0302 Aktenplan, 0403 Abgabe, 0504 Anbieteverzeichnis, 0505 Bewertungsverzeichnis (sent by the authority), 0507 Aussonderung. */
export interface EmpfangsbestaetigungMessage extends WithHeader {
  code: '0302' | '0403' | '0504' | '0505' | '0507';
}

export type ObjectMessage<Objects = Schriftgutobjekt[]> = AnbieteverzeichnisMessage<Objects> | AussonderungMessage<Objects> | AbgabeMessage<Objects>;

export type XdomeaMessage = AktenplanMessage | ObjectMessage | BewertungsverzeichnisMessage | ImportBestaetigungMessage | EmpfangsbestaetigungMessage;

export type SmallMessage = Exclude<XdomeaMessage, ObjectMessage>;

function importResult(element: string, r: ImportResult, withArchivkennung: boolean): string {
  return required(
    element,
    text('IDSGO', r.id),
    text('Erfolgreich', r.erfolgreich),
    r.fehlermeldungen.map((m) => text('Fehlermeldung', m)).join(''),
    withArchivkennung ? text('Archivkennung', r.archivkennung) : '',
  );
}

function smallBody(message: SmallMessage): string {
  switch (message.code) {
    case '0301':
      return kopf('0301', message.header, [['Empfangsbestaetigung', message.empfangsbestaetigung]]) + aktenplan('Aktenplan', message.aktenplan);
    case '0502':
      return (
        kopf('0502', message.header, [['Empfangsbestaetigung', message.empfangsbestaetigung]]) +
        message.bewertungen
          .map((b) =>
            required(
              'BewertetesObjekt',
              text('ID', b.id),
              required('Aussonderungsart', code('Aussonderungsart', { code: b.aussonderungsart }, { uri: 'urn:xoev-de:xdomea:codeliste:aussonderungsart', version: '1.0' })),
            ),
          )
          .join('')
      );
    case '0506':
      return kopf('0506', message.header) + message.ergebnisse.map((r) => importResult('AusgesondertesSGO', r, true)).join('');
    case '0402':
      return kopf('0402', message.header) + message.ergebnisse.map((r) => importResult('AbgegebenesObjekt', r, false)).join('');
    default:
      return kopf(message.code, message.header);
  }
}

function requireSome(code: MessageCode, count: number): void {
  if (count === 0) {
    throw new XdomeaMessageError('empty-message', `Die Nachricht ${code} muss mindestens ein Objekt enthalten.`, `Message ${code} must contain at least one object.`);
  }
}

/** Writes one of the small messages as a complete XML document. */
export function writeXdomeaMessage(message: SmallMessage): string {
  if (message.code === '0502') requireSome('0502', message.bewertungen.length);
  if (message.code === '0506' || message.code === '0402') requireSome(message.code, message.ergebnisse.length);
  const element = messageElement(message.code);
  return xmlDeclarationAndRoot(element) + smallBody(message) + closeRoot(element);
}

function objectMessageFlags(message: ObjectMessage<unknown>): Array<[string, boolean]> {
  switch (message.code) {
    case '0501':
      return [['Empfangsbestaetigung', message.empfangsbestaetigung]];
    case '0503':
      return [
        ['Importbestaetigung', true],
        ['RueckmeldungArchivkennung', message.rueckmeldungArchivkennung],
        ['Empfangsbestaetigung', message.empfangsbestaetigung],
      ];
    case '0401':
      return [
        ['Importbestaetigung', true],
        ['Empfangsbestaetigung', message.empfangsbestaetigung],
      ];
  }
}

/** Output is gathered into chunks of about this many characters, so consumers see few, useful writes. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Writes a 0501, 0503 or 0401 message in chunks while reading its objects from `objekte`, so the
 * whole list never has to be in memory. `onVersion` sees every document version written (0503 and
 * 0401 carry `Version` elements and ship their files; 0501 lists no versions).
 */
export async function* streamObjectMessage(
  message: ObjectMessage<AsyncIterable<Schriftgutobjekt> | Iterable<Schriftgutobjekt>>,
  onVersion?: VersionSink,
): AsyncGenerator<string, void, undefined> {
  const element = messageElement(message.code);
  const options = { withVersions: message.code !== '0501', onVersion };
  let buffer = xmlDeclarationAndRoot(element) + kopf(message.code, message.header, objectMessageFlags(message));
  let count = 0;
  for await (const objekt of message.objekte) {
    count++;
    buffer += schriftgutobjekt(objekt, options);
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  requireSome(message.code, count);
  if (message.aktenplan) buffer += aktenplan('Aktenplan', message.aktenplan);
  yield buffer + closeRoot(element);
}

/** `streamObjectMessage` collected into one string (for short lists and tests). */
export async function writeObjectMessage(message: ObjectMessage<AsyncIterable<Schriftgutobjekt> | Iterable<Schriftgutobjekt>>): Promise<string> {
  let xml = '';
  for await (const chunk of streamObjectMessage(message)) xml += chunk;
  return xml;
}

/** The receipt an authority owes for a received message that asked for one: 0505 for a 0502, 0302 for a 0301. */
const receiptCodes = { '0502': '0505', '0301': '0302' } as const;

/**
 * The receipt (Empfangsbestätigung) for a received 0502 Bewertungsverzeichnis or 0301 Aktenplan:
 * same ProzessID, sender and recipient swapped. Send it only when the message asked for one
 * (`empfangsbestaetigung`); the caller decides that, because it also decides when to send.
 */
export function receiptFor(received: BewertungsverzeichnisMessage | AktenplanMessage, erstellungszeitpunkt: Date = new Date()): EmpfangsbestaetigungMessage {
  const { prozessId, absender, empfaenger } = received.header;
  return { code: receiptCodes[received.code], header: { prozessId, erstellungszeitpunkt, absender: empfaenger, empfaenger: absender } };
}
