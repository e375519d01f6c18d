import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exportXzufi, getServiceByKey, importXzufi, responsibleAuthorities, XzufiError } from '../../src/modules/catalog/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';

/** The export without its creation time, which differs between runs by design. */
const withoutTimestamp = (xml: string) => xml.replace(/<xzufi:erstelltDatumZeit>[^<]*</, '<xzufi:erstelltDatumZeit><');

describe('XZuFi 2.2 exchange', () => {
  let runtime: TestRuntime;
  let sn: string;
  let bw: string;
  let original: string;
  before(async () => {
    runtime = await createTestRuntime();
    const tenants = await runtime.ctx.db.selectFrom('tenants').select(['id', 'slug']).execute();
    sn = tenants.find((t) => t.slug === 'sn')!.id;
    bw = tenants.find((t) => t.slug === 'bw')!.id;
    original = await exportXzufi(runtime.ctx, sn);
  });
  after(async () => {
    await runtime?.dispose();
  });

  it('exports services, Organisationseinheiten and Zuständigkeiten in the XZuFi namespace', () => {
    assert.match(original, /<xzufi:transfer\.schreibe xmlns:xzufi="http:\/\/xoev\.de\/schemata\/xzufi\/2_2_0" xzufiVersion="2\.2\.0" produktbezeichnung="Amtsweg"/);
    assert.equal(original.match(/<xzufi:leistung>/g)?.length, 42);
    assert.equal(original.match(/<xzufi:organisationseinheit>/g)?.length, 459);
    assert.match(original, /<xzufi:bedingung schluessel="depth_over_100m">/);
  });

  it('follows the XZuFi 2.2 structure: one object per <schreibe>, official text module codes, unqualified codes', () => {
    const objects = (original.match(/<xzufi:leistung>/g)?.length ?? 0) + (original.match(/<xzufi:organisationseinheit>/g)?.length ?? 0);
    assert.equal(original.match(/<xzufi:schreibe>\s*<xzufi:(leistung|organisationseinheit)>/g)?.length, objects);
    assert.equal(original.match(/<xzufi:schreibe>/g)?.length, objects);
    assert.match(original, /<xzufi:nachrichtenkopf>\s*<xzufi:erstelltDatumZeit>[^<]+<\/xzufi:erstelltDatumZeit>/);
    const bohranzeige = /<xzufi:leistung>\s*<xzufi:id schemeAgencyID="amtsweg">bohranzeige<\/xzufi:id>[\s\S]*?<\/xzufi:leistung>/.exec(original)![0];
    const codes = [...bohranzeige.matchAll(/<xzufi:leikaTextmodul listURI="urn:de:xzufi:codeliste:leistungstextmodulleika" listVersionID="20240216">\s*<code>(\d\d)<\/code>/g)].map(
      (m) => m[1],
    );
    assert.deepEqual(codes, ['02', '05', '06', '07', '08', '09', '11', '16']);
    assert.match(
      bohranzeige,
      /<code>02<\/code>\s*<\/xzufi:leikaTextmodul>\s*<xzufi:inhalt languageCode="de">Bohrung und geologische Untersuchung anzeigen \(Bohranzeige\)<\/xzufi:inhalt>/,
    );
    // Lists and links are HTML inside <inhalt>, escaped once more for XML.
    assert.match(bohranzeige, /<xzufi:inhalt languageCode="de">&lt;ul&gt;&lt;li&gt;&lt;a href=&quot;https:\/\/www\.gesetze-im-internet\.de\/geoldg\//);
    for (const element of ['modulKosten', 'modulFrist', 'modulBearbeitungsdauer'])
      assert.match(bohranzeige, new RegExp(`<xzufi:${element}>\\s*<xzufi:beschreibung languageCode="de">`), element);
    assert.match(bohranzeige, /<xzufi:modulBegriffImKontext>\s*<xzufi:begriffImKontext>\s*<xzufi:begriff languageCode="de">/);
    assert.match(bohranzeige, /<xzufi:modulFachlicheFreigabe>\s*<xzufi:fachlichFreigegebenAm>2026-01-15<\/xzufi:fachlichFreigegebenAm>/);
    assert.match(bohranzeige, /<xzufi:kategorie>\s*<xzufi:id schemeAgencyID="amtsweg">erdwaerme-bohrungen<\/xzufi:id>\s*<xzufi:bezeichnung languageCode="de">/);
    assert.match(original, /<xzufi:gebietID schemeID="urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:kreis">14521<\/xzufi:gebietID>/);
    assert.doesNotMatch(original, /<xzufi:code>/);
  });

  it('reads text modules it does not model, and HTML written by others, without harm', async () => {
    const foreign = original.replace(
      /(<xzufi:id schemeAgencyID="amtsweg">hund-anmelden<\/xzufi:id>[\s\S]*?)<xzufi:modulText>\s*<xzufi:leikaTextmodul([^>]*)>\s*<code>05<\/code>\s*<\/xzufi:leikaTextmodul>\s*<xzufi:inhalt languageCode="de">[^<]*<\/xzufi:inhalt>/,
      '$1<xzufi:modulText><xzufi:leikaTextmodul$2><code>24</code></xzufi:leikaTextmodul><xzufi:inhalt languageCode="de">Teaser</xzufi:inhalt></xzufi:modulText>' +
        '<xzufi:modulText><xzufi:leikaTextmodul$2><code>05</code></xzufi:leikaTextmodul><xzufi:inhalt languageCode="de">&lt;p&gt;Hunde &amp;amp; Katzen:&lt;br/&gt;anmelden&lt;/p&gt;</xzufi:inhalt>',
    );
    assert.notEqual(foreign, original);
    await importXzufi(runtime.ctx, bw, foreign);
    const hund = await getServiceByKey(runtime.ctx, bw, 'hund-anmelden');
    assert.equal(hund.texts.de?.shortText, 'Hunde & Katzen:\nanmelden');
    await importXzufi(runtime.ctx, bw, original);
  });

  it('round-trips losslessly: importing the export restores edited and deleted data exactly', async () => {
    const db = runtime.ctx.db;
    const service = await db.selectFrom('services').select('id').where('tenant_id', '=', sn).where('key', '=', 'bohranzeige').executeTakeFirstOrThrow();
    await db
      .updateTable('service_texts')
      .set({ content: JSON.stringify({ name: 'kaputt', shortText: '' }) })
      .where('service_id', '=', service.id)
      .execute();
    await db.deleteFrom('jurisdictions').where('service_id', '=', service.id).execute();
    await db.updateTable('authorities').set({ phone: null, opening_hours: null }).where('tenant_id', '=', sn).where('key', '=', 'oba').execute();

    const report = await importXzufi(runtime.ctx, sn, original);
    assert.deepEqual([report.services, report.authorities], [42, 459]);
    assert.equal(withoutTimestamp(await exportXzufi(runtime.ctx, sn)), withoutTimestamp(original));
    const responsible = await responsibleAuthorities(runtime.ctx, sn, 'bohranzeige', '14612000');
    assert.equal(responsible.length, 3);
  });

  it('imports into another tenant, who then has the same catalogue', async () => {
    await importXzufi(runtime.ctx, bw, original);
    const responsible = await responsibleAuthorities(runtime.ctx, bw, 'bohranzeige', '14522180');
    assert.deepEqual(
      responsible.map((r) => r.authority.key),
      ['lfulg', 'oba', 'uwb-14522'],
    );
  });

  const broken: [string, (xml: string) => string, RegExp][] = [
    ['malformed XML', (xml) => xml.replace('</xzufi:leistung>', '</xzufi:leistun>'), /^line \d+, <xml>: .*leistun/],
    ['a LeiKa key that is not one', (xml) => xml.replace(/(<xzufi:referenzLeiKa>\s*<code>)\d+(<\/code>)/, '$1123$2'), /<referenzLeiKa>: LeiKa key "123" must have 14 digits/],
    [
      'an unknown region',
      (xml) => xml.replace(/(<xzufi:zustaendigkeit>\s*<xzufi:leistungID[^>]*>[^<]+<\/xzufi:leistungID>\s*<xzufi:gebietID[^>]*>)14521010/, '$199999999'),
      /<gebietID>: unknown region 99999999/,
    ],
    [
      'a jurisdiction for an unknown service',
      (xml) =>
        xml.replace('<xzufi:leistungID schemeAgencyID="amtsweg">baumfaellung</xzufi:leistungID>', '<xzufi:leistungID schemeAgencyID="amtsweg">gibt-es-nicht</xzufi:leistungID>'),
      /<leistungID>: unknown service "gibt-es-nicht"/,
    ],
  ];
  for (const [what, breakIt, message] of broken) {
    it(`rejects ${what}, naming line and element, and changes nothing`, async () => {
      const before = withoutTimestamp(await exportXzufi(runtime.ctx, sn));
      const xml = breakIt(original).replace('Bohrung und geologische Untersuchung anzeigen', 'GEÄNDERT');
      assert.notEqual(xml, original);
      await assert.rejects(importXzufi(runtime.ctx, sn, xml), (error: unknown) => {
        assert.ok(error instanceof XzufiError, String(error));
        assert.match(error.message, message);
        assert.ok(error.line > 1);
        return true;
      });
      assert.equal(withoutTimestamp(await exportXzufi(runtime.ctx, sn)), before);
    });
  }

  it('reports the line of the offending element', async () => {
    const xml = original.replace(/(<xzufi:id schemeAgencyID="amtsweg">bohranzeige<\/xzufi:id>[\s\S]*?<xzufi:zustaendigkeitsebene>)\w+/, '$1irgendwo');
    assert.notEqual(xml, original);
    const line = xml.split('\n').findIndex((l) => l.includes('<xzufi:id schemeAgencyID="amtsweg">bohranzeige</xzufi:id>')); // the line after <leistung>
    await assert.rejects(importXzufi(runtime.ctx, sn, xml), (error: unknown) => error instanceof XzufiError && error.line === line && error.element === 'zustaendigkeitsebene');
  });

  it('writes no LeiKa reference for a service the LeiKa has no key for (the Bohranzeige), and reads it back so', () => {
    const bohranzeige = /<xzufi:id schemeAgencyID="amtsweg">bohranzeige<\/xzufi:id>[\s\S]*?<\/xzufi:leistung>/.exec(original)![0];
    assert.doesNotMatch(bohranzeige, /referenzLeiKa/);
    assert.match(bohranzeige, /<xzufi:ozgID>10502<\/xzufi:ozgID>/);
  });
});
