import { XMLParser } from 'fast-xml-parser';
import type { CodeList, Field, FormDefinition, LocalText, Page } from '../definition.js';
import { parseFormDefinition } from '../definition-schema.js';

/**
 * FIM XDatenfelder 2.0 / 3.0 → form definition draft. The Stammdatenschema (or a single
 * Datenfeldgruppe) becomes the form; each group on its top level becomes a page (loose fields share
 * one page); nested groups become groups; a cardinality above 1 becomes a repeat; Feldart and
 * Datentyp choose the field type; Präzisierung gives length, pattern and range; Codelisten and
 * Werte become code lists. Regeln are scripts for other engines: they are kept as notes for the
 * author, as is everything else the draft cannot say by itself.
 */

export interface XdfImport {
  form: FormDefinition;
  /** XDatenfelder version of the source: '2' or '3'. */
  xdfVersion: '2' | '3';
  notes: string[];
}

export class XdfImportError extends Error {
  override name = 'XdfImportError';
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ['struktur', 'regel', 'wert'].includes(name),
});

function record(value: unknown): Node {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Node) : {};
}

function list(value: unknown): Node[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(record);
}

function str(value: unknown): string {
  if (typeof value === 'string') return value.trim().replace(/\s+/g, ' ');
  const node = record(value);
  return typeof node['#text'] === 'string' ? str(node['#text']) : '';
}

const code = (value: unknown) => str(record(value).code);

function both(text: string): LocalText {
  return { de: text, en: text };
}

/** `Straße der Einheit` → `strasseDerEinheit`: a field key from a FIM name. */
function keyFrom(name: string, fallback: string): string {
  const ascii = name
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/Ä/g, 'Ae')
    .replace(/Ö/g, 'Oe')
    .replace(/Ü/g, 'Ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[^\w\s]/g, ' ')
    .trim();
  const words = ascii.split(/[\s_]+/).filter(Boolean);
  const key = words
    .map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('')
    .slice(0, 60);
  return /^[a-zA-Z]/.test(key) ? key : fallback.toLowerCase();
}

function uniqueKey(wanted: string, taken: Set<string>): string {
  let key = wanted;
  for (let n = 2; taken.has(key) || key in Object.prototype; n++) key = `${wanted}${n}`;
  taken.add(key);
  return key;
}

interface Cardinality {
  min: number;
  max: number | undefined;
}

function cardinality(anzahl: string): Cardinality {
  const [min = '1', max = '1'] = anzahl.split(':');
  return { min: Number(min) || 0, max: max === '*' || max === 'n' || max === '' ? undefined : Number(max) };
}

/** Präzisierung: a JSON string in 2.0, attributes in 3.0. */
function precision(element: Node): Record<string, string> {
  const raw = element.praezisierung;
  if (typeof raw === 'string' && raw.trim().startsWith('{')) {
    try {
      return Object.fromEntries(Object.entries(JSON.parse(raw) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    } catch {
      return {};
    }
  }
  const node = record(raw);
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k]) => k.startsWith('@'))
      .map(([k, v]) => [k.slice(1), String(v)]),
  );
}

const numberOr = (text: string | undefined) => (text !== undefined && text !== '' && Number.isFinite(Number(text)) ? Number(text) : undefined);

class Importer {
  readonly notes: string[] = [];
  readonly codeLists: Record<string, CodeList> = {};

  private ident(element: Node): { id: string; version?: string } {
    const identification = record(element.identifikation);
    const version = str(identification.version);
    return { id: str(identification.id), ...(version ? { version } : {}) };
  }

  private label(element: Node): LocalText {
    return both(str(element.bezeichnungEingabe) || str(element.name) || this.ident(element).id);
  }

  private hint(element: Node): { hint?: LocalText } {
    const help = str(element.hilfetextEingabe);
    return help ? { hint: both(help) } : {};
  }

  keepRules(element: Node): void {
    for (const rule of list(element.regel)) {
      const { id } = this.ident(rule);
      const type = code(rule.typ);
      const text = str(rule.freitextRegel) || str(rule.beschreibung) || str(rule.definition);
      const script = str(rule.skript) || str(rule.script);
      this.notes.push(
        `Regel ${id} "${str(rule.name)}"${type ? ` (Typ ${type})` : ''} an ${this.ident(element).id}: ${text || '(ohne Beschreibung)'}${script ? ` — Skript: ${script.slice(0, 200)}` : ''}. Als JSON-logic-Regel nachbilden.`,
      );
    }
  }

  private codeList(element: Node, fieldKey: string): string {
    const values = list(record(element.werte).wert)
      .map((wert) => {
        const help = str(wert.hilfe);
        return { value: str(wert.code), label: both(str(wert.name) || str(wert.code)), ...(help ? { hint: both(help) } : {}) };
      })
      .filter((entry) => entry.value !== '');
    const reference = record(element.codelisteReferenz);
    const generic = record(reference.genericodeIdentification);
    const id = str(record(reference.identifikation).id);
    const uri = str(generic.canonicalVersionUri) || str(generic.canonicalIdentification) || id;
    const name = uniqueKey(keyFrom(id || `${fieldKey}Codes`, 'codes'), new Set(Object.keys(this.codeLists)));
    const version = str(generic.version);
    this.codeLists[name] = { values, ...(uri ? { source: { uri, ...(version ? { version } : {}) } } : {}) };
    if (values.length === 0)
      this.notes.push(`Codeliste "${name}" (${uri || 'ohne Kennung'}) für ${this.ident(element).id}: Werte eintragen — ohne Werte ist keine Auswahl gültig.`);
    return name;
  }

  private datenfeld(element: Node, key: string, optional: boolean): Field | undefined {
    const { id, version } = this.ident(element);
    const base = { key, label: this.label(element), ...this.hint(element), ...(optional ? { optional: true } : {}), fim: { id, ...(version ? { version } : {}) } };
    const feldart = code(element.feldart) || 'input';
    const datentyp = code(element.datentyp) || 'text';
    const p = precision(element);
    this.keepRules(element);
    if (feldart === 'label') {
      return { type: 'help', key, content: both(str(element.inhalt) || base.label.de) };
    }
    if (feldart === 'hidden') {
      this.notes.push(`Verstecktes Feld ${id} "${base.label.de}" nicht übernommen: als berechneten Wert (computed) abbilden, falls nötig.`);
      return undefined;
    }
    if (feldart === 'locked') this.notes.push(`Feld ${id} "${base.label.de}" ist in FIM gesperrt (locked): Vorbelegung (prefill) oder berechneten Wert prüfen.`);
    if (feldart === 'select') return { ...base, type: 'singleChoice', codeList: this.codeList(element, key) };
    const min = numberOr(p.minValue);
    const max = numberOr(p.maxValue);
    const range = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
    switch (datentyp) {
      case 'bool':
        return { ...base, type: 'yesNo' };
      case 'date':
        return { ...base, type: 'date' };
      case 'num_int':
        return { ...base, type: 'integer', ...range };
      case 'num':
        return { ...base, type: 'decimal', ...range };
      case 'num_currency':
        return { ...base, type: 'currency', ...(min !== undefined ? { min: Math.round(min * 100) } : {}), ...(max !== undefined ? { max: Math.round(max * 100) } : {}) };
      case 'file': {
        const types = list(element.mediaType)
          .map(str)
          .concat(typeof element.mediaType === 'string' ? [str(element.mediaType)] : [])
          .filter((t) => /^[a-z]+\/[a-z0-9.+*-]+$/.test(t));
        this.notes.push(`Datei-Feld ${id}: erlaubte Dateiarten und Größe prüfen.`);
        return { ...base, type: 'file', accept: types.length ? [...new Set(types)] : ['application/pdf'], maxSizeMb: 10, maxCount: 1 };
      }
      default: {
        if (!['text', 'text_latin'].includes(datentyp)) this.notes.push(`Feld ${id}: Datentyp "${datentyp}" als Text übernommen.`);
        const minLength = numberOr(p.minLength);
        const maxLength = numberOr(p.maxLength);
        const pattern = p.pattern && isValidPattern(p.pattern) ? p.pattern : undefined;
        if (p.pattern && !pattern) this.notes.push(`Feld ${id}: Muster "${p.pattern}" ist kein gültiger regulärer Ausdruck und wurde weggelassen.`);
        return {
          ...base,
          type: maxLength !== undefined && maxLength > 500 ? 'longText' : 'text',
          ...(minLength !== undefined && minLength > 0 ? { minLength } : {}),
          ...(maxLength !== undefined && maxLength >= 1 ? { maxLength } : {}),
          ...(pattern ? { pattern } : {}),
        };
      }
    }
  }

  /** The fields of an element's `struktur` entries, with cardinalities applied. */
  children(element: Node): Field[] {
    const taken = new Set<string>();
    const fields: Field[] = [];
    for (const struktur of list(element.struktur)) {
      const { min, max } = cardinality(str(struktur.anzahl) || '1:1');
      const contained = record(struktur.enthaelt);
      const group = contained.datenfeldgruppe !== undefined ? record(contained.datenfeldgruppe) : undefined;
      const item = group ?? record(contained.datenfeld);
      const key = uniqueKey(keyFrom(str(item.name) || str(item.bezeichnungEingabe), this.ident(item).id || 'feld'), taken);
      const repeated = max === undefined || max > 1;
      const field = group ? this.group(group, key, min === 0) : this.datenfeld(item, key, min === 0 && !repeated);
      if (!field) continue;
      if (!repeated || field.type === 'help') {
        fields.push(field);
        continue;
      }
      const { id, version } = this.ident(item);
      const inner = group && field.type === 'group' ? field.fields : [{ ...field, key: 'value', optional: undefined } as Field];
      fields.push({
        type: 'repeat',
        key,
        label: this.label(item),
        ...this.hint(item),
        fields: inner.map((f) => (f.type === 'help' ? f : stripUndefined(f))),
        itemLabel: both(`${this.label(item).de} {n}`),
        ...(min > 0 ? { min } : { optional: true }),
        ...(max !== undefined ? { max } : {}),
        fim: { id, ...(version ? { version } : {}) },
      });
    }
    return fields;
  }

  private group(element: Node, key: string, optional: boolean): Field | undefined {
    const { id, version } = this.ident(element);
    this.keepRules(element);
    const fields = this.children(element);
    if (fields.length === 0) {
      this.notes.push(`Gruppe ${id} "${this.label(element).de}" ist leer und wurde weggelassen.`);
      return undefined;
    }
    return { type: 'group', key, label: this.label(element), ...this.hint(element), ...(optional ? { optional: true } : {}), fields, fim: { id, ...(version ? { version } : {}) } };
  }

  /** Top-level groups become pages; loose top-level fields share the first page. */
  pages(root: Node): Page[] {
    const pages: Page[] = [];
    const loose: Field[] = [];
    const ids = new Set<string>();
    for (const field of this.children(root)) {
      if (field.type === 'group' && !field.optional) {
        pages.push({ id: uniqueKey(field.key, ids), title: field.label, ...(field.hint ? { intro: field.hint } : {}), fields: field.fields });
      } else {
        loose.push(field);
      }
    }
    if (loose.length) pages.unshift({ id: uniqueKey('angaben', ids), title: this.label(root), fields: loose });
    return pages;
  }
}

function isValidPattern(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Converts an XDatenfelder message to a form definition draft that passes `parseFormDefinition`. */
export function importXdf(xml: string): XdfImport {
  let document: Node;
  try {
    document = record(parser.parse(xml, true));
  } catch (error) {
    throw new XdfImportError(`not well-formed XML: ${(error as Error).message}`);
  }
  const rootName = Object.keys(document).find((name) => name.startsWith('xdatenfelder.'));
  if (!rootName) throw new XdfImportError('not an XDatenfelder message (root element xdatenfelder.*)');
  const xdfVersion = /urn:xoev-de:fim:standard:xdatenfelder_3/.test(xml) ? '3' : /urn:xoev-de:fim:standard:xdatenfelder_2/.test(xml) ? '2' : undefined;
  if (!xdfVersion) throw new XdfImportError('unknown XDatenfelder namespace (expected version 2 or 3)');
  const message = record(document[rootName]);
  const root = message.stammdatenschema !== undefined ? record(message.stammdatenschema) : record(message.datenfeldgruppe);
  const importer = new Importer();
  importer.keepRules(root);
  const pages = importer.pages(root);
  if (pages.length === 0) throw new XdfImportError('the message contains no Datenfelder');
  const identification = record(root.identifikation);
  const id = str(identification.id) || 'fim';
  const title = str(root.bezeichnungEingabe) || str(root.name) || id;
  importer.notes.unshift(
    `Entwurf aus XDatenfelder ${xdfVersion}.0 (${id} Version ${str(identification.version) || '?'}). Englische Texte sind Kopien der deutschen und müssen übersetzt werden.`,
  );
  const draft = {
    key: keyFrom(id, 'fim')
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, '-'),
    version: str(identification.version).replace(/[^0-9A-Za-z.-]/g, '') || '1',
    title: both(title),
    pages,
    ...(Object.keys(importer.codeLists).length ? { codeLists: importer.codeLists } : {}),
    notes: importer.notes,
  };
  return { form: parseFormDefinition(draft), xdfVersion, notes: importer.notes };
}
