import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { toStored } from '../../core/clock.js';
import type { AppContext } from '../../core/context.js';
import { inTransaction } from '../../core/db/index.js';
import { languages, type Language } from '../../core/i18n/index.js';
import { newId } from '../../core/ids.js';
import { authorityKinds, type Address, type Authority, type AuthorityKind, type Jurisdiction, type Service, type ServiceLevel, type ServiceText } from './model.js';
import * as store from './store.js';

/**
 * Exchange of services (leistung), Organisationseinheiten and Zuständigkeiten as XZuFi 2.2 XML
 * (namespace http://xoev.de/schemata/xzufi/2_2_0). We write the subset of elements we model;
 * text modules carry our module names in `leikaTextmodul/code` (the Leistungsbezeichnung uses
 * the official code 02). Export → import restores every field we model (see docs/catalog.md).
 */

export const xzufiNamespace = 'http://xoev.de/schemata/xzufi/2_2_0';

/** A malformed file: says where (line) and what (element). */
export class XzufiError extends Error {
  override name = 'XzufiError';
  constructor(
    message: string,
    readonly line: number,
    readonly element: string,
  ) {
    super(`line ${line}, <${element}>: ${message}`);
  }
}

const textModules: { field: keyof ServiceText; code: string; list?: 'text' | 'link' }[] = [
  { field: 'name', code: '02' },
  { field: 'shortText', code: 'kurztext' },
  { field: 'fullText', code: 'volltext' },
  { field: 'documents', code: 'erforderliche_unterlagen', list: 'text' },
  { field: 'prerequisites', code: 'voraussetzungen' },
  { field: 'costs', code: 'kosten' },
  { field: 'deadlines', code: 'fristen' },
  { field: 'processingTime', code: 'bearbeitungsdauer' },
  { field: 'steps', code: 'verfahrensablauf', list: 'text' },
  { field: 'legalBases', code: 'rechtsgrundlagen', list: 'link' },
  { field: 'notes', code: 'hinweise' },
  { field: 'synonyms', code: 'begriffe_im_kontext', list: 'text' },
  { field: 'forms', code: 'formulare', list: 'link' },
];

// ---- export ----

type XmlNode = Record<string, unknown>;

const optional = (name: string, value: string | null | undefined): XmlNode => (value ? { [name]: value } : {});

function authorityNode(authority: Authority, rows: Jurisdiction[], serviceKeys: Map<string, string>): XmlNode {
  const groups = new Map<string, Jurisdiction[]>();
  for (const row of rows) {
    const key = `${serviceKeys.get(row.serviceId)}\u0000${row.conditionKey ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const zustaendigkeit = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, group]) => {
      const first = group[0]!;
      return {
        leistungID: serviceKeys.get(first.serviceId),
        gebietID: group.map((row) => row.regionAgs).sort(),
        ...(first.conditionKey
          ? { bedingung: { '@_schluessel': first.conditionKey, text: Object.entries(first.conditionTexts ?? {}).map(([lang, text]) => ({ '@_languageCode': lang, '#text': text })) } }
          : {}),
      };
    });
  const { address } = authority;
  return {
    id: { '@_schemeAgencyID': 'amtsweg', '#text': authority.key },
    name: { name: authority.name },
    kategorie: authority.kind,
    ...optional('beschreibung', authority.description),
    anschrift: { ...optional('strasse', address.street), ...optional('postleitzahl', address.postcode), ort: address.city, ...optional('zusatz', address.description) },
    kommunikation: [
      ...(authority.phone ? [{ kanal: 'telefon', kennung: authority.phone }] : []),
      ...(authority.email ? [{ kanal: 'email', kennung: authority.email }] : []),
      ...(authority.web ? [{ kanal: 'web', kennung: authority.web }] : []),
    ],
    ...optional('oeffnungszeiten', authority.openingHours),
    gebietID: authority.regionAgs,
    zustaendigkeit,
  };
}

function serviceNode(service: Service): XmlNode {
  const langs = languages.filter((lang) => service.texts[lang]);
  const modulText = textModules.map(({ field, code, list }) => ({
    leikaTextmodul: { code },
    inhalt: langs.map((lang) => {
      const value = service.texts[lang]![field];
      if (!list) return { '@_languageCode': lang, '#text': value as string };
      const entries = (value as (string | { title: string; url?: string })[]).map((entry) =>
        typeof entry === 'string' ? entry : { '#text': entry.title, ...(entry.url ? { '@_url': entry.url } : {}) },
      );
      return { '@_languageCode': lang, eintrag: entries };
    }),
  }));
  return {
    id: { '@_schemeAgencyID': 'amtsweg', '#text': service.key },
    referenzLeiKa: { code: service.leikaKey },
    ...optional('typisierung', service.typisierung),
    zustaendigkeitsebene: service.level,
    kategorie: service.lebenslagen.map((key) => ({ '@_listURI': 'urn:amtsweg:lebenslage', '#text': key })),
    ...optional('onlinedienstID', service.procedureKey),
    ...optional('ozgID', service.ozgId),
    ...optional('themenfeld', service.themenfeld),
    rang: String(service.popularity),
    ...(service.releasedOn || service.releasedBy ? { freigabe: { ...optional('datum', service.releasedOn), ...optional('durch', service.releasedBy) } } : {}),
    modulText,
  };
}

export async function exportXzufi(ctx: AppContext, tenantId: string): Promise<string> {
  const services = await store.listServices(ctx.db, tenantId);
  const authorities = await store.listAuthorities(ctx.db, tenantId, { limit: 1_000_000 });
  const jurisdictions = await store.listJurisdictions(ctx.db, tenantId);
  const serviceKeys = new Map(services.map((s) => [s.id, s.key]));
  const byAuthority = new Map<string, Jurisdiction[]>();
  for (const row of jurisdictions) byAuthority.set(row.authorityId, [...(byAuthority.get(row.authorityId) ?? []), row]);
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'xzufi:transfer.schreibe': {
      '@_xmlns:xzufi': xzufiNamespace,
      '@_xzufiVersion': '2.2.0',
      'xzufi:nachrichtenkopf': { 'xzufi:erstellungszeitpunkt': toStored(ctx.clock.now()) },
      'xzufi:schreibe': {
        'xzufi:organisationseinheit': [...authorities].sort((a, b) => a.key.localeCompare(b.key)).map((a) => prefixed(authorityNode(a, byAuthority.get(a.id) ?? [], serviceKeys))),
        'xzufi:leistung': [...services].sort((a, b) => a.key.localeCompare(b.key)).map((s) => prefixed(serviceNode(s))),
      },
    },
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, format: true, indentBy: '  ', suppressEmptyNode: true });
  return builder.build(document) as string;
}

/** Puts every element name into the xzufi namespace prefix (attributes and text stay as they are). */
function prefixed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(prefixed);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key.startsWith('@_') || key === '#text' ? key : `xzufi:${key}`, prefixed(value)]));
}

// ---- import ----

const repeated = new Set(['organisationseinheit', 'leistung', 'zustaendigkeit', 'gebietID', 'kommunikation', 'modulText', 'inhalt', 'eintrag', 'kategorie', 'text']);

const metaSymbol = XMLParser.getMetaDataSymbol() as unknown as symbol;

class Reader {
  private readonly lineStarts: number[] = [0];
  constructor(xml: string) {
    for (let i = 0; i < xml.length; i++) if (xml[i] === '\n') this.lineStarts.push(i + 1);
  }
  lineOf(node: unknown): number {
    const index = (node as Record<symbol, { startIndex?: number }> | undefined)?.[metaSymbol]?.startIndex ?? 0;
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= index) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }
  fail(node: unknown, element: string, message: string): never {
    throw new XzufiError(message, this.lineOf(node), element);
  }
  /** The text of a child element (a string, or `#text` of an element with attributes). */
  text(parent: XmlNode, name: string, required: boolean, parentName: string): string | undefined {
    const value = parent[name];
    const text = typeof value === 'string' ? value : typeof value === 'object' && value !== null ? (value as XmlNode)['#text'] : undefined;
    if (text === undefined || text === '') {
      if (required) this.fail(parent, parentName, `required element <${name}> is missing or empty`);
      return undefined;
    }
    if (typeof text !== 'string') this.fail(parent, name, 'expected text');
    return text;
  }
  nodes(parent: XmlNode, name: string): XmlNode[] {
    const value = parent[name];
    if (value === undefined) return [];
    return (value as unknown[]).map((item) => (typeof item === 'string' ? { '#text': item } : (item as XmlNode)));
  }
}

interface ParsedCatalogue {
  authorities: { authority: Omit<Authority, 'id' | 'tenantId'>; node: XmlNode; jurisdictions: { serviceKey: string; regions: string[]; conditionKey: string | null; conditionTexts: Partial<Record<Language, string>> | null; node: XmlNode }[] }[];
  services: Omit<Service, 'id' | 'tenantId'>[];
}

function parseService(reader: Reader, node: XmlNode): Omit<Service, 'id' | 'tenantId'> {
  const key = reader.text(node, 'id', true, 'leistung')!;
  const leika = (node.referenzLeiKa as XmlNode | undefined) ?? reader.fail(node, 'leistung', 'required element <referenzLeiKa> is missing');
  const leikaKey = reader.text(leika, 'code', true, 'referenzLeiKa')!;
  if (!/^\d{14}$/.test(leikaKey)) reader.fail(leika, 'referenzLeiKa', `LeiKa key "${leikaKey}" must have 14 digits`);
  const level = reader.text(node, 'zustaendigkeitsebene', true, 'leistung') as ServiceLevel;
  if (!['land', 'kreis', 'gemeinde'].includes(level)) reader.fail(node, 'zustaendigkeitsebene', `unknown level "${level}"`);
  const texts: Partial<Record<Language, ServiceText>> = {};
  for (const modul of reader.nodes(node, 'modulText')) {
    const code = reader.text((modul.leikaTextmodul as XmlNode) ?? reader.fail(modul, 'modulText', 'required element <leikaTextmodul> is missing'), 'code', true, 'leikaTextmodul');
    const spec = textModules.find((m) => m.code === code);
    if (!spec) continue; // modules we do not model are ignored
    for (const inhalt of reader.nodes(modul, 'inhalt')) {
      const lang = inhalt['@_languageCode'] as Language;
      if (!languages.includes(lang)) continue;
      const text = (texts[lang] ??= emptyText());
      const value = spec.list === 'text'
        ? reader.nodes(inhalt, 'eintrag').map((e) => String(e['#text'] ?? ''))
        : spec.list === 'link'
          ? reader.nodes(inhalt, 'eintrag').map((e) => ({ title: String(e['#text'] ?? ''), ...(e['@_url'] ? { url: String(e['@_url']) } : {}) }))
          : String(inhalt['#text'] ?? '');
      (text as unknown as Record<string, unknown>)[spec.field] = value;
    }
  }
  for (const [lang, text] of Object.entries(texts)) if (!text.name) reader.fail(node, 'modulText', `service "${key}" has no name (code 02) in language ${lang}`);
  if (!texts.de) reader.fail(node, 'leistung', `service "${key}" has no German text`);
  const freigabe = node.freigabe as XmlNode | undefined;
  return {
    key,
    leikaKey,
    typisierung: reader.text(node, 'typisierung', false, 'leistung') ?? null,
    level,
    lebenslagen: reader.nodes(node, 'kategorie').map((k) => String(k['#text'])),
    procedureKey: reader.text(node, 'onlinedienstID', false, 'leistung') ?? null,
    ozgId: reader.text(node, 'ozgID', false, 'leistung') ?? null,
    themenfeld: reader.text(node, 'themenfeld', false, 'leistung') ?? null,
    popularity: Number(reader.text(node, 'rang', false, 'leistung') ?? 0) || 0,
    releasedOn: (freigabe && reader.text(freigabe, 'datum', false, 'freigabe')) ?? null,
    releasedBy: (freigabe && reader.text(freigabe, 'durch', false, 'freigabe')) ?? null,
    texts,
  };
}

function emptyText(): ServiceText {
  return { name: '', shortText: '', fullText: '', documents: [], prerequisites: '', costs: '', deadlines: '', processingTime: '', steps: [], legalBases: [], notes: '', synonyms: [], forms: [] };
}

function parseAuthority(reader: Reader, node: XmlNode): ParsedCatalogue['authorities'][number] {
  const key = reader.text(node, 'id', true, 'organisationseinheit')!;
  const nameNode = (node.name as XmlNode | undefined) ?? reader.fail(node, 'organisationseinheit', 'required element <name> is missing');
  const kind = reader.nodes(node, 'kategorie')[0]?.['#text'] as AuthorityKind;
  if (!authorityKinds.includes(kind)) reader.fail(node, 'kategorie', `unknown kind "${kind}"`);
  const anschrift = (node.anschrift as XmlNode | undefined) ?? reader.fail(node, 'organisationseinheit', 'required element <anschrift> is missing');
  const address: Address = { city: reader.text(anschrift, 'ort', true, 'anschrift')! };
  for (const [field, element] of [['street', 'strasse'], ['postcode', 'postleitzahl'], ['description', 'zusatz']] as const) {
    const value = reader.text(anschrift, element, false, 'anschrift');
    if (value) address[field] = value;
  }
  const channel = (name: string) => reader.nodes(node, 'kommunikation').find((k) => reader.text(k, 'kanal', true, 'kommunikation') === name);
  const contact = (name: string) => {
    const found = channel(name);
    return found ? (reader.text(found, 'kennung', true, 'kommunikation') ?? null) : null;
  };
  return {
    node,
    authority: {
      key,
      name: reader.text(typeof nameNode === 'string' ? { name: nameNode } : nameNode, 'name', true, 'name')!,
      kind,
      description: reader.text(node, 'beschreibung', false, 'organisationseinheit') ?? null,
      address,
      phone: contact('telefon'),
      email: contact('email'),
      web: contact('web'),
      openingHours: reader.text(node, 'oeffnungszeiten', false, 'organisationseinheit') ?? null,
      regionAgs: String(reader.nodes(node, 'gebietID')[0]?.['#text'] ?? reader.fail(node, 'organisationseinheit', 'required element <gebietID> is missing')),
    },
    jurisdictions: reader.nodes(node, 'zustaendigkeit').map((z) => {
      const bedingung = z.bedingung as XmlNode | undefined;
      const conditionTexts = bedingung ? Object.fromEntries(reader.nodes(bedingung, 'text').map((t) => [String(t['@_languageCode']), String(t['#text'] ?? '')])) : null;
      return {
        serviceKey: reader.text(z, 'leistungID', true, 'zustaendigkeit')!,
        regions: reader.nodes(z, 'gebietID').map((g) => String(g['#text'])),
        conditionKey: bedingung ? String(bedingung['@_schluessel'] ?? reader.fail(bedingung, 'bedingung', 'attribute schluessel is missing')) : null,
        conditionTexts,
        node: z,
      };
    }),
  };
}

export function parseXzufi(xml: string): ParsedCatalogue & { reader: Reader } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new XzufiError(valid.err.msg, valid.err.line, 'xml');
  const parser = new XMLParser({
    ignoreAttributes: false,
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    captureMetaData: true,
    isArray: (name) => repeated.has(name),
  });
  const root = parser.parse(xml) as XmlNode;
  const reader = new Reader(xml);
  const transfer = Object.entries(root).find(([name]) => name !== '?xml')?.[1] as XmlNode | undefined;
  const schreibe = (transfer?.schreibe as XmlNode | undefined) ?? reader.fail(transfer ?? root, 'transfer.schreibe', 'required element <schreibe> is missing');
  return {
    reader,
    authorities: reader.nodes(schreibe, 'organisationseinheit').map((node) => parseAuthority(reader, node)),
    services: reader.nodes(schreibe, 'leistung').map((node) => parseService(reader, node)),
  };
}

export interface ImportReport {
  services: number;
  authorities: number;
  jurisdictions: number;
}

/**
 * Imports a file into a tenant in one transaction: services and authorities are matched by key
 * and overwritten; each imported service's jurisdictions are replaced. Any problem (malformed
 * XML, a missing element, an unknown region or service) changes nothing.
 */
export async function importXzufi(ctx: AppContext, tenantId: string, xml: string): Promise<ImportReport> {
  const parsed = parseXzufi(xml);
  const { reader } = parsed;
  const now = toStored(ctx.clock.now());
  return inTransaction(ctx.db, async (trx) => {
    const serviceIds = new Map<string, string>();
    for (const service of parsed.services) serviceIds.set(service.key, await store.upsertService(trx, { ...service, id: newId(), tenantId }, now));
    const knownRegions = new Set(await store.listRegionAgs(trx));
    for (const { authority, node } of parsed.authorities) {
      if (!knownRegions.has(authority.regionAgs)) reader.fail(node, 'gebietID', `unknown region ${authority.regionAgs} (authority "${authority.key}")`);
    }
    const authorityIds = await store.upsertAuthorities(trx, parsed.authorities.map(({ authority }) => ({ ...authority, id: newId(), tenantId })), now);
    const rowsByService = new Map<string, Jurisdiction[]>([...serviceIds.values()].map((id) => [id, []]));
    let count = 0;
    for (const { authority, jurisdictions } of parsed.authorities) {
      for (const z of jurisdictions) {
        const serviceId =
          serviceIds.get(z.serviceKey) ?? (await store.findService(trx, tenantId, { key: z.serviceKey }))?.id ?? reader.fail(z.node, 'leistungID', `unknown service "${z.serviceKey}"`);
        for (const regionAgs of z.regions) {
          if (!knownRegions.has(regionAgs)) reader.fail(z.node, 'gebietID', `unknown region ${regionAgs}`);
          const list = rowsByService.get(serviceId) ?? [];
          list.push({ serviceId, regionAgs, authorityId: authorityIds.get(authority.key)!, conditionKey: z.conditionKey, conditionTexts: z.conditionTexts });
          rowsByService.set(serviceId, list);
          count++;
        }
      }
    }
    for (const [serviceId, rows] of rowsByService) await store.replaceJurisdictions(trx, tenantId, serviceId, rows, newId);
    await store.bumpRevision(trx, tenantId);
    return { services: parsed.services.length, authorities: parsed.authorities.length, jurisdictions: count };
  });
}
