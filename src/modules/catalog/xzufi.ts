import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { toStored } from '../../core/clock.js';
import type { AppContext } from '../../core/context.js';
import { inTransaction } from '../../core/db/index.js';
import { languages, type Language } from '../../core/i18n/index.js';
import { newId } from '../../core/ids.js';
import type { Address, Authority, Jurisdiction, Lebenslage, Service, ServiceLevel, ServiceText } from './model.js';
import * as store from './store.js';
import { htmlToLinks, htmlToList, htmlToText, linksToHtml, listToHtml, textToHtml, type Link } from './xzufi/inhalt.js';

/**
 * Exchange of services (leistung), Organisationseinheiten and Zuständigkeiten as XZuFi 2.2 XML
 * (namespace http://xoev.de/schemata/xzufi/2_2_0), following the 2.2 structure as far as public
 * sources show it (see docs/catalog.md, "XZuFi 2.2 exchange": the XSDs themselves were not
 * available, so the export is not validated against them). Export → import restores every field
 * we model.
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

/** Code list of the LeiKa text modules (`leikaTextmodul`), as published in XRepository. */
const textModuleList = { '@_listURI': 'urn:de:xzufi:codeliste:leistungstextmodulleika', '@_listVersionID': '20240216' };

/** Our text fields in official LeiKa text modules (code 07 "Handlungsgrundlagen" = legal bases). */
const textModules: { field: keyof ServiceText; code: string; list?: 'text' | 'link' }[] = [
  { field: 'name', code: '02' },
  { field: 'shortText', code: '05' },
  { field: 'fullText', code: '06' },
  { field: 'legalBases', code: '07', list: 'link' },
  { field: 'documents', code: '08', list: 'text' },
  { field: 'prerequisites', code: '09' },
  { field: 'steps', code: '11', list: 'text' },
  { field: 'forms', code: '14', list: 'link' },
  { field: 'notes', code: '16' },
];

/** Fields XZuFi keeps in modules of their own, each with a multilingual `beschreibung`. */
const describedModules: { field: 'costs' | 'deadlines' | 'processingTime'; element: string }[] = [
  { field: 'costs', element: 'modulKosten' },
  { field: 'deadlines', element: 'modulFrist' },
  { field: 'processingTime', element: 'modulBearbeitungsdauer' },
];

/** Regional keys of the Statistisches Bundesamt by length: Land, Kreis, Gemeinde (AGS). */
const regionScheme = (ags: string): string => `urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:${ags.length === 2 ? 'bundesland' : ags.length === 5 ? 'kreis' : 'ags'}`;

// ---- export ----

type XmlNode = Record<string, unknown>;

const optional = (name: string, value: string | null | undefined): XmlNode => (value ? { [name]: value } : {});
const identifier = (value: string): XmlNode => ({ '@_schemeAgencyID': 'amtsweg', '#text': value });
const inLanguage = (lang: string, text: string): XmlNode => ({ '@_languageCode': lang, '#text': text });

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
        leistungID: identifier(serviceKeys.get(first.serviceId)!),
        gebietID: group
          .map((row) => row.regionAgs)
          .sort()
          .map((ags) => ({ '@_schemeID': regionScheme(ags), '#text': ags })),
        ...(first.conditionKey
          ? { bedingung: { '@_schluessel': first.conditionKey, text: Object.entries(first.conditionTexts ?? {}).map(([lang, text]) => inLanguage(lang, text)) } }
          : {}),
      };
    });
  const { address } = authority;
  return {
    id: identifier(authority.key),
    name: { name: inLanguage('de', authority.name) },
    kategorie: authority.kind,
    ...optional('beschreibung', authority.description),
    anschrift: { ...optional('strasse', address.street), ...optional('postleitzahl', address.postcode), ort: address.city, ...optional('zusatz', address.description) },
    kommunikation: [
      ...(authority.phone ? [{ kanal: 'telefon', kennung: authority.phone }] : []),
      ...(authority.email ? [{ kanal: 'email', kennung: authority.email }] : []),
      ...(authority.web ? [{ kanal: 'web', kennung: authority.web }] : []),
    ],
    ...optional('oeffnungszeiten', authority.openingHours),
    gebietID: { '@_schemeID': regionScheme(authority.regionAgs), '#text': authority.regionAgs },
    zustaendigkeit,
  };
}

function moduleContent(field: keyof ServiceText, list: 'text' | 'link' | undefined, text: ServiceText): string {
  const value = text[field];
  if (list === 'text') return listToHtml(value as string[]);
  if (list === 'link') return linksToHtml(value as Link[]);
  return textToHtml(value as string);
}

function serviceNode(service: Service, lebenslagen: Map<string, Lebenslage>): XmlNode {
  const langs = languages.filter((lang) => service.texts[lang]);
  const inAll = (content: (text: ServiceText) => string) =>
    langs.flatMap((lang) => {
      const value = content(service.texts[lang]!);
      return value ? [inLanguage(lang, value)] : [];
    });
  const modulText = textModules
    .map(({ field, code, list }) => ({ leikaTextmodul: { ...textModuleList, code }, inhalt: inAll((text) => moduleContent(field, list, text)) }))
    .filter((modul) => modul.inhalt.length);
  const described = Object.fromEntries(
    describedModules.map(({ field, element }) => [element, { beschreibung: inAll((text) => textToHtml(text[field])) }] as const).filter(([, modul]) => modul.beschreibung.length),
  );
  const terms = langs.flatMap((lang) => service.texts[lang]!.synonyms.map((term) => ({ begriff: inLanguage(lang, term) })));
  return {
    id: identifier(service.key),
    ...(service.leikaKey ? { referenzLeiKa: { code: service.leikaKey } } : {}),
    modulText,
    ...described,
    ...(terms.length ? { modulBegriffImKontext: { begriffImKontext: terms } } : {}),
    ...(service.releasedOn || service.releasedBy
      ? {
          modulFachlicheFreigabe: {
            ...optional('fachlichFreigegebenAm', service.releasedOn),
            ...(service.releasedBy ? { fachlichFreigegebenDurch: inLanguage('de', service.releasedBy) } : {}),
          },
        }
      : {}),
    ...(service.typisierung ? { typisierung: { code: service.typisierung } } : {}),
    kategorie: service.lebenslagen.map((key) => ({
      id: identifier(key),
      bezeichnung: Object.entries(lebenslagen.get(key)?.names ?? {}).map(([lang, name]) => inLanguage(lang, name)),
    })),
    // Not in the public XZuFi sources we had: our own elements (see docs/catalog.md).
    zustaendigkeitsebene: service.level,
    ...optional('onlinedienstID', service.procedureKey),
    ...optional('ozgID', service.ozgId),
    ...optional('themenfeld', service.themenfeld),
    rang: String(service.popularity),
  };
}

export async function exportXzufi(ctx: AppContext, tenantId: string): Promise<string> {
  // The LeiKa skeleton is not the tenant's data: every installation ships it (data/leika/).
  const services = (await store.listServices(ctx.db, tenantId)).filter((service) => service.origin === 'tenant');
  const exported = new Set(services.map((service) => service.id));
  const authorities = await store.listAuthorities(ctx.db, tenantId, { limit: 1_000_000 });
  const jurisdictions = (await store.listJurisdictions(ctx.db, tenantId)).filter((row) => exported.has(row.serviceId));
  const lebenslagen = new Map((await store.listLebenslagen(ctx.db, tenantId)).map((l) => [l.key, l]));
  const serviceKeys = new Map(services.map((s) => [s.id, s.key]));
  const byAuthority = new Map<string, Jurisdiction[]>();
  for (const row of jurisdictions) byAuthority.set(row.authorityId, [...(byAuthority.get(row.authorityId) ?? []), row]);
  // One object per <schreibe>, as the Portalverbund's transfer files have them.
  const schreibe = [
    ...[...services].sort((a, b) => a.key.localeCompare(b.key)).map((s) => ({ leistung: serviceNode(s, lebenslagen) })),
    ...[...authorities].sort((a, b) => a.key.localeCompare(b.key)).map((a) => ({ organisationseinheit: authorityNode(a, byAuthority.get(a.id) ?? [], serviceKeys) })),
  ];
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'xzufi:transfer.schreibe': {
      '@_xmlns:xzufi': xzufiNamespace,
      '@_xzufiVersion': '2.2.0',
      '@_produktbezeichnung': 'Amtsweg',
      '@_produkthersteller': 'Amtsweg',
      ...(prefixed({ nachrichtenkopf: { erstelltDatumZeit: toStored(ctx.clock.now()), sender: 'Amtsweg' }, schreibe }) as XmlNode),
    },
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, format: true, indentBy: '  ', suppressEmptyNode: true });
  return builder.build(document) as string;
}

/**
 * Puts every element name into the xzufi namespace prefix; attributes, text and the `code` of
 * code-list values stay as they are (XÖV code types keep `code` unqualified).
 */
function prefixed(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(prefixed);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key.startsWith('@_') || key === '#text' || key === 'code' ? key : `xzufi:${key}`, prefixed(value)]));
}

// ---- import ----

const repeated = new Set([
  'schreibe',
  'organisationseinheit',
  'leistung',
  'zustaendigkeit',
  'gebietID',
  'kommunikation',
  'modulText',
  'inhalt',
  'kategorie',
  'bezeichnung',
  'text',
  'begriffImKontext',
  'fachlichFreigegebenDurch',
]);
/** Elements that repeat only in some places: multilingual `beschreibung` of modules, `name` of a name. */
const repeatedAt = /\.(modul\w+\.beschreibung|name\.name)$/;

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
  authorities: {
    authority: Omit<Authority, 'id' | 'tenantId'>;
    node: XmlNode;
    jurisdictions: { serviceKey: string; regions: string[]; conditionKey: string | null; conditionTexts: Partial<Record<Language, string>> | null; node: XmlNode }[];
  }[];
  services: Omit<Service, 'id' | 'tenantId'>[];
}

/** The text in the wanted language of multilingual elements (German, else the first). */
function textIn(nodes: XmlNode[], lang: Language = 'de'): string | undefined {
  const node = nodes.find((n) => n['@_languageCode'] === lang) ?? (lang === 'de' ? nodes[0] : undefined);
  const text = node?.['#text'];
  return typeof text === 'string' ? text : undefined;
}

function parseService(reader: Reader, node: XmlNode): Omit<Service, 'id' | 'tenantId'> {
  const key = reader.text(node, 'id', true, 'leistung')!;
  // Optional: the LeiKa has no key for some services (e.g. the Bohranzeige under the GeolDG).
  const leika = node.referenzLeiKa as XmlNode | undefined;
  const leikaKey = leika ? reader.text(leika, 'code', true, 'referenzLeiKa')! : null;
  if (leika && !/^\d{14}$/.test(leikaKey!)) reader.fail(leika, 'referenzLeiKa', `LeiKa key "${leikaKey}" must have 14 digits`);
  const level = reader.text(node, 'zustaendigkeitsebene', true, 'leistung') as ServiceLevel;
  if (!['land', 'kreis', 'gemeinde'].includes(level)) reader.fail(node, 'zustaendigkeitsebene', `unknown level "${level}"`);
  const texts: Partial<Record<Language, ServiceText>> = {};
  const set = (lang: unknown, field: keyof ServiceText, value: unknown) => {
    if (!languages.includes(lang as Language)) return;
    (texts[lang as Language] ??= emptyText())[field] = value as never;
  };
  for (const modul of reader.nodes(node, 'modulText')) {
    const code = reader.text((modul.leikaTextmodul as XmlNode) ?? reader.fail(modul, 'modulText', 'required element <leikaTextmodul> is missing'), 'code', true, 'leikaTextmodul');
    const spec = textModules.find((m) => m.code === code);
    if (!spec) continue; // modules we do not model (teaser, Urheber, …) are ignored
    for (const inhalt of reader.nodes(modul, 'inhalt')) {
      const html = String(inhalt['#text'] ?? '');
      set(inhalt['@_languageCode'], spec.field, spec.list === 'text' ? htmlToList(html) : spec.list === 'link' ? htmlToLinks(html) : htmlToText(html));
    }
  }
  for (const { field, element } of describedModules) {
    const modul = node[element] as XmlNode | undefined;
    for (const beschreibung of modul ? reader.nodes(modul, 'beschreibung') : []) set(beschreibung['@_languageCode'], field, htmlToText(String(beschreibung['#text'] ?? '')));
  }
  const terms = node.modulBegriffImKontext as XmlNode | undefined;
  for (const term of terms ? reader.nodes(terms, 'begriffImKontext') : []) {
    const begriff = (term.begriff as XmlNode | undefined) ?? reader.fail(term, 'begriffImKontext', 'required element <begriff> is missing');
    const lang = begriff['@_languageCode'];
    if (languages.includes(lang as Language)) set(lang, 'synonyms', [...(texts[lang as Language]?.synonyms ?? []), String(begriff['#text'] ?? '')]);
  }
  for (const [lang, text] of Object.entries(texts)) if (!text.name) reader.fail(node, 'modulText', `service "${key}" has no name (code 02) in language ${lang}`);
  if (!texts.de) reader.fail(node, 'leistung', `service "${key}" has no German text`);
  const freigabe = node.modulFachlicheFreigabe as XmlNode | undefined;
  const typisierung = node.typisierung as XmlNode | undefined;
  return {
    key,
    leikaKey,
    origin: 'tenant',
    typisierung: (typisierung && reader.text(typisierung, 'code', false, 'typisierung')) ?? null,
    level,
    lebenslagen: reader.nodes(node, 'kategorie').map((k) => reader.text(k, 'id', true, 'kategorie')!),
    procedureKey: reader.text(node, 'onlinedienstID', false, 'leistung') ?? null,
    ozgId: reader.text(node, 'ozgID', false, 'leistung') ?? null,
    ozgLeistung: null,
    ozgLebenslage: null,
    themenfeld: reader.text(node, 'themenfeld', false, 'leistung') ?? null,
    popularity: Number(reader.text(node, 'rang', false, 'leistung') ?? 0) || 0,
    releasedOn: (freigabe && reader.text(freigabe, 'fachlichFreigegebenAm', false, 'modulFachlicheFreigabe')) ?? null,
    releasedBy: (freigabe && textIn(reader.nodes(freigabe, 'fachlichFreigegebenDurch'))) ?? null,
    texts,
  };
}

function emptyText(): ServiceText {
  return {
    name: '',
    shortText: '',
    fullText: '',
    documents: [],
    prerequisites: '',
    costs: '',
    deadlines: '',
    processingTime: '',
    steps: [],
    legalBases: [],
    notes: '',
    synonyms: [],
    forms: [],
  };
}

function parseAuthority(reader: Reader, node: XmlNode): ParsedCatalogue['authorities'][number] {
  const key = reader.text(node, 'id', true, 'organisationseinheit')!;
  const nameNode = (node.name as XmlNode | undefined) ?? reader.fail(node, 'organisationseinheit', 'required element <name> is missing');
  // Whether the tenant defines the kind is checked on import, against its catalogue of kinds.
  const kind = reader.nodes(node, 'kategorie')[0]?.['#text'];
  if (typeof kind !== 'string' || kind === '') reader.fail(node, 'kategorie', 'required element <kategorie> is missing or empty');
  const anschrift = (node.anschrift as XmlNode | undefined) ?? reader.fail(node, 'organisationseinheit', 'required element <anschrift> is missing');
  const address: Address = { city: reader.text(anschrift, 'ort', true, 'anschrift')! };
  for (const [field, element] of [
    ['street', 'strasse'],
    ['postcode', 'postleitzahl'],
    ['description', 'zusatz'],
  ] as const) {
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
      name:
        textIn(typeof nameNode === 'string' ? [{ '#text': nameNode }] : reader.nodes(nameNode, 'name')) ??
        reader.fail(nameNode, 'name', 'required element <name> is missing or empty'),
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
    isArray: (name, jpath) => repeated.has(name) || repeatedAt.test(String(jpath)),
  });
  const root = parser.parse(xml) as XmlNode;
  const reader = new Reader(xml);
  const transfer = Object.entries(root).find(([name]) => name !== '?xml')?.[1] as XmlNode | undefined;
  const schreibe = reader.nodes(transfer ?? {}, 'schreibe');
  if (!schreibe.length) reader.fail(transfer ?? root, 'transfer.schreibe', 'required element <schreibe> is missing');
  return {
    reader,
    authorities: schreibe.flatMap((s) => reader.nodes(s, 'organisationseinheit')).map((node) => parseAuthority(reader, node)),
    services: schreibe.flatMap((s) => reader.nodes(s, 'leistung')).map((node) => parseService(reader, node)),
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
    const knownKinds = new Set((await store.listAuthorityKinds(trx, tenantId)).map((kind) => kind.key));
    for (const { authority, node } of parsed.authorities) {
      if (!knownKinds.has(authority.kind)) reader.fail(node, 'kategorie', `unknown kind "${authority.kind}"`);
      if (!knownRegions.has(authority.regionAgs)) reader.fail(node, 'gebietID', `unknown region ${authority.regionAgs} (authority "${authority.key}")`);
    }
    const authorityIds = await store.upsertAuthorities(
      trx,
      parsed.authorities.map(({ authority }) => ({ ...authority, id: newId(), tenantId })),
      now,
    );
    const rowsByService = new Map<string, Jurisdiction[]>([...serviceIds.values()].map((id) => [id, []]));
    let count = 0;
    for (const { authority, jurisdictions } of parsed.authorities) {
      for (const z of jurisdictions) {
        const serviceId =
          serviceIds.get(z.serviceKey) ??
          (await store.findService(trx, tenantId, { key: z.serviceKey }))?.id ??
          reader.fail(z.node, 'leistungID', `unknown service "${z.serviceKey}"`);
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
