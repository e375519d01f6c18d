import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exportXzufi, importXzufi, responsibleAuthorities, XzufiError } from '../../src/modules/catalog/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';

/** The export without its creation time, which differs between runs by design. */
const withoutTimestamp = (xml: string) => xml.replace(/<xzufi:erstellungszeitpunkt>[^<]*</, '<xzufi:erstellungszeitpunkt><');

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
    assert.match(original, /<xzufi:transfer\.schreibe xmlns:xzufi="http:\/\/xoev\.de\/schemata\/xzufi\/2_2_0" xzufiVersion="2\.2\.0">/);
    assert.equal(original.match(/<xzufi:leistung>/g)?.length, 42);
    assert.equal(original.match(/<xzufi:organisationseinheit>/g)?.length, 449);
    assert.match(original, /<xzufi:bedingung schluessel="depth_over_100m">/);
  });

  it('round-trips losslessly: importing the export restores edited and deleted data exactly', async () => {
    const db = runtime.ctx.db;
    const service = await db.selectFrom('services').select('id').where('tenant_id', '=', sn).where('key', '=', 'bohranzeige').executeTakeFirstOrThrow();
    await db.updateTable('service_texts').set({ content: JSON.stringify({ name: 'kaputt', shortText: '' }) }).where('service_id', '=', service.id).execute();
    await db.deleteFrom('jurisdictions').where('service_id', '=', service.id).execute();
    await db.updateTable('authorities').set({ phone: null, opening_hours: null }).where('tenant_id', '=', sn).where('key', '=', 'oba').execute();

    const report = await importXzufi(runtime.ctx, sn, original);
    assert.deepEqual([report.services, report.authorities], [42, 449]);
    assert.equal(withoutTimestamp(await exportXzufi(runtime.ctx, sn)), withoutTimestamp(original));
    const responsible = await responsibleAuthorities(runtime.ctx, sn, 'bohranzeige', '14612000');
    assert.equal(responsible.length, 3);
  });

  it('imports into another tenant, who then has the same catalogue', async () => {
    await importXzufi(runtime.ctx, bw, original);
    const responsible = await responsibleAuthorities(runtime.ctx, bw, 'bohranzeige', '14522180');
    assert.deepEqual(responsible.map((r) => r.authority.key), ['lfulg', 'oba', 'uwb-14522']);
  });

  const broken: [string, (xml: string) => string, RegExp][] = [
    ['malformed XML', (xml) => xml.replace('</xzufi:leistung>', '</xzufi:leistun>'), /^line \d+, <xml>: .*leistun/],
    ['a service without LeiKa key', (xml) => xml.replace(/<xzufi:referenzLeiKa>\s*<xzufi:code>\d+<\/xzufi:code>\s*<\/xzufi:referenzLeiKa>/, ''), /<leistung>: required element <referenzLeiKa> is missing/],
    ['an unknown region', (xml) => xml.replace(/(<xzufi:zustaendigkeit>\s*<xzufi:leistungID>[^<]+<\/xzufi:leistungID>\s*<xzufi:gebietID>)14521010/, '$199999999'), /<gebietID>: unknown region 99999999/],
    ['a jurisdiction for an unknown service', (xml) => xml.replace('<xzufi:leistungID>baumfaellung</xzufi:leistungID>', '<xzufi:leistungID>gibt-es-nicht</xzufi:leistungID>'), /<leistungID>: unknown service "gibt-es-nicht"/],
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
    const xml = original.replace(/<xzufi:referenzLeiKa>\s*<xzufi:code>99999001010000<\/xzufi:code>\s*<\/xzufi:referenzLeiKa>/, '');
    const line = xml.split('\n').findIndex((l) => l.includes('<xzufi:id schemeAgencyID="amtsweg">bohranzeige</xzufi:id>')); // the line after <leistung>
    await assert.rejects(importXzufi(runtime.ctx, sn, xml), (error: unknown) => error instanceof XzufiError && error.line === line && error.element === 'leistung');
  });
});
