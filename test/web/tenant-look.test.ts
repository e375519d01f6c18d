import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../src/core/module.js';
import { addTenant, findTenantBySlug, seedTenants, shippedTenants, TenantError } from '../../src/core/tenancy.js';
import { contrastAgainstWhite } from '../../src/core/tenant-settings.js';
import { createHttpApp } from '../../src/runtime.js';
import { readTenantDataSources } from '../../src/web/data-sources.js';
import { createTestRuntime, useTestApp, type TestRuntime } from '../helpers/runtime.js';

const hostOf = { sn: 'localhost', bw: 'bw.localhost' } as const;

describe("each tenant's own look and legal pages", () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  useTestApp((opened) => ({ app, runtime } = opened));

  const get = (tenant: keyof typeof hostOf, url: string) => app.inject({ url, headers: { host: hostOf[tenant] } });
  /** The href of the layout's `<link rel=…>` or of the brand's logo image. */
  const linkOf = (html: string, rel: string) => new RegExp(`<link rel="${rel}"[^>]*href="([^"]+)"`).exec(html)?.[1];
  const logoOf = (html: string) => /<img class="aw-brand__logo" src="([^"]+)"/.exec(html)?.[1];
  const themeOf = (html: string) => /<link rel="stylesheet" href="(\/tenant\/theme\.css[^"]*)"/.exec(html)?.[1];

  for (const [slug, color] of [
    ['sn', '#006633'],
    ['bw', '#7a5f00'],
  ] as const) {
    it(`${slug}: every page links its own favicon, logo and colour stylesheet, served with a year-long cache`, async () => {
      for (const url of ['/', '/impressum', '/gibt-es-nicht']) {
        const page = await get(slug, url);
        const favicon = linkOf(page.body, 'icon');
        assert.match(favicon ?? '', /^\/tenant\/favicon\.svg\?v=[0-9a-f]{12}$/, `favicon on ${url}`);
        assert.ok(themeOf(page.body), `colour stylesheet on ${url}`);
      }
      const home = await get(slug, '/');
      const shipped = (file: string) => fs.readFileSync(`data/tenants/${slug}/${file}`, 'utf8');
      const logo = await get(slug, logoOf(home.body)!);
      assert.equal(logo.headers['content-type'], 'image/svg+xml');
      assert.equal(logo.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(logo.body, shipped('logo.svg'));
      const favicon = await get(slug, linkOf(home.body, 'icon')!);
      assert.equal(favicon.headers['content-type'], 'image/svg+xml');
      assert.equal(favicon.body, shipped('favicon.svg'));
      const theme = await get(slug, themeOf(home.body)!);
      assert.equal(theme.headers['content-type'], 'text/css; charset=utf-8');
      assert.match(theme.body, new RegExp(`--kern-color-action-default: ${color};`));
    });
  }

  it('gives the two tenants different assets, and a host without a tenant none of them', async () => {
    const [sn, bw] = await Promise.all([get('sn', '/'), get('bw', '/')]);
    assert.notEqual(linkOf(sn.body, 'icon'), linkOf(bw.body, 'icon'), 'the version differs with the content');
    assert.notEqual((await get('sn', '/tenant/logo.svg')).body, (await get('bw', '/tenant/logo.svg')).body);
    assert.equal((await app.inject({ url: '/tenant/logo.svg', headers: { host: 'nobody.example' } })).statusCode, 404);
  });

  it("shows each tenant's search hints on the home page, each running its search", async () => {
    const sn = await get('sn', '/');
    assert.match(sn.body, /Zum Beispiel:/);
    assert.match(sn.body, /href="\/suche\?q=Bohranzeige">Bohranzeige<\/a>/);
    const bw = await get('bw', '/?lang=en');
    assert.match(bw.body, /For example:/);
    assert.match(bw.body, /href="\/suche\?q=identity%20card">identity card<\/a>/);
    assert.doesNotMatch(bw.body, /Bohranzeige<\/a>/, "Saxony's hint is not BW's");
  });

  it("fills the Impressum, Datenschutzerklärung and Barrierefreiheitserklärung from each tenant's settings, in German and English", async () => {
    const imprint = await get('sn', '/impressum');
    assert.match(imprint.body, /<h2 class="kern-heading-medium">Anbieter<\/h2>/);
    assert.match(imprint.body, /Freistaat Sachsen, Sächsische Staatskanzlei/);
    assert.match(imprint.body, /Vertreten durch: Chef der Staatskanzlei/);
    assert.match(imprint.body, /01097 Dresden/);
    const bwImprint = await get('bw', '/impressum?lang=en');
    assert.match(bwImprint.body, /Provider \(Anbieter\)/);
    assert.match(bwImprint.body, /70173 Stuttgart/);
    assert.doesNotMatch(bwImprint.body, /Dresden/);

    const privacy = await get('bw', '/datenschutz');
    assert.match(privacy.body, /Verantwortlicher/);
    assert.match(privacy.body, /mailto:datenschutz@service-bw\.example/);
    assert.match(privacy.body, /Datenschutzbeauftragte/);
    assert.match(privacy.body, /dsb@im\.bwl\.example/);
    assert.match((await get('sn', '/datenschutz?lang=en')).body, /Data protection officer.*dsb@sk\.sachsen\.example/s);

    const statement = await get('sn', '/barrierefreiheit');
    for (const part of [
      'Stand der Vereinbarkeit mit den Anforderungen',
      'Nicht barrierefreie Inhalte',
      'Erstellung dieser Erklärung',
      'Feedback und Kontaktangaben',
      'Schlichtungsverfahren',
    ]) {
      assert.match(statement.body, new RegExp(`<h2 class="kern-heading-medium">${part}</h2>`), part);
    }
    assert.match(statement.body, /nur teilweise vereinbar/);
    assert.match(statement.body, /am 30\. November 2026 erstellt/);
    assert.match(statement.body, /barrierefreiheit@amt24\.sachsen\.example/);
    assert.match(statement.body, /Schlichtungsstelle beim Beauftragten der Sächsischen Staatsregierung/);
    const bwStatement = await get('bw', '/barrierefreiheit?lang=en');
    assert.match(bwStatement.body, /Compliance status/);
    assert.match(bwStatement.body, /Embedded videos have no captions yet\./);
    assert.match(bwStatement.body, /prepared on 15 November 2026/);
    assert.match(bwStatement.body, /Ombudsstelle für barrierefreie Informationstechnik/);
  });

  it("finds Stuttgart for BW's postcode 70173 (data/catalog/bw/postcodes.csv), and no Saxon place on the bw host", async () => {
    const chosen = await get('bw', '/ort?ort=70173&weiter=/leistungen/personalausweis');
    assert.equal(chosen.statusCode, 303);
    assert.equal(chosen.headers.location, '/leistungen/personalausweis?ort=08111000');
    const saxon = await get('bw', '/ort?ort=01067&weiter=/leistungen/personalausweis');
    assert.notEqual(saxon.headers.location, '/leistungen/personalausweis?ort=14612000', "Dresden's postcode is not BW's");
  });

  it("credits each tenant's own data sources, and refuses a credits file with a wrong entry", async () => {
    const saxon = (await get('sn', '/datenquellen')).body;
    assert.match(saxon, /© GeoBasis-DE \/ BKG 2021 \(Daten verändert\)/);
    assert.match(saxon, /GeoNames, geonames\.org/);
    const bw = (await get('bw', '/datenquellen')).body;
    assert.match(bw, /GeoNames, geonames\.org/, "Stuttgart's postcodes");
    assert.doesNotMatch(bw, /GeoBasis-DE|Destatis/, "Saxony's Kreise and population are not BW's");

    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'data-sources-'));
    fs.mkdirSync(path.join(root, 'xx'));
    fs.writeFileSync(
      path.join(root, 'xx', 'data-sources.json'),
      JSON.stringify({ sources: [{ name: 'Karte', attribution: '© X', licence: 'CC BY 4.0', licenceUrl: 'http://x' }] }),
    );
    assert.throws(() => readTenantDataSources(root, 'data/tenants'), /^Error: data\/tenants\/xx\/data-sources\.json: \/sources\/0\/licenceUrl /);
  });

  it("gives each tenant's own places as examples in the place field's hint", async () => {
    assert.match((await get('sn', '/ort')).body, /Zum Beispiel „01067“ oder „Freiberg“/);
    const bw = (await get('bw', '/ort')).body;
    assert.match(bw, /Zum Beispiel „70173“ oder „Stuttgart“/);
    assert.doesNotMatch(bw, /Freiberg/);
  });

  it('refuses a primary colour with less than 4.5:1 contrast against white, with one line and nothing added', async () => {
    const [sn] = shippedTenants();
    const pale = { ...sn!, slug: 'pale', hosts: ['pale.localhost'], settings: { ...sn!.settings!, primaryColor: '#ffd700' } };
    assert.ok(contrastAgainstWhite('#ffd700') < 4.5);
    await assert.rejects(addTenant(runtime.ctx, pale), (error: Error) => {
      assert.ok(error instanceof TenantError);
      assert.equal(error.message, 'tenant pale: primaryColor #ffd700 has contrast 1.40:1 against white, WCAG AA needs at least 4.5:1');
      return true;
    });
    assert.equal(await findTenantBySlug(runtime.ctx.db, 'pale'), undefined);

    // The same from the file: the seed stops with the file's name, and the stored colour stays.
    await assert.rejects(
      seedTenants(runtime.ctx, [{ ...pale, slug: 'sn', hosts: sn!.hosts }]),
      /^TenantError: data\/tenants\.json: tenant sn: primaryColor #ffd700 has contrast 1\.40:1/,
    );
    assert.equal((await findTenantBySlug(runtime.ctx.db, 'sn'))?.settings?.primaryColor, '#006633');
    // A reference system the forms do not know stops the seed the same way.
    await assert.rejects(
      seedTenants(runtime.ctx, [{ ...sn!, settings: { ...sn!.settings!, referenceSystem: 'EPSG:31468' as never } }]),
      /^TenantError: data\/tenants\.json: tenant sn: referenceSystem must be one of EPSG:25832, EPSG:25833, EPSG:4326 \(got "EPSG:31468"\)/,
    );
  });

  it('stores the settings on the tenants row and updates them from the file idempotently', async () => {
    const [sn] = shippedTenants();
    const auditCount = () =>
      runtime.ctx.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('action', '=', 'tenant.settings')
        .executeTakeFirstOrThrow();
    const before = Number((await auditCount()).n);
    await seedTenants(runtime.ctx);
    assert.equal(Number((await auditCount()).n), before, 'the same file again writes nothing');
    await seedTenants(runtime.ctx, [{ ...sn!, settings: { ...sn!.settings!, primaryColor: '#0b5fa5' } }]);
    assert.equal((await findTenantBySlug(runtime.ctx.db, 'sn'))?.settings?.primaryColor, '#0b5fa5');
    assert.equal(Number((await auditCount()).n), before + 1);
    await seedTenants(runtime.ctx);
    assert.equal((await findTenantBySlug(runtime.ctx.db, 'sn'))?.settings?.primaryColor, '#006633');
  });
});

describe('a tenant without settings', () => {
  it('still has a favicon on every page and the general legal texts', async () => {
    const runtime = await createTestRuntime();
    // As a tenant added by `amtsweg tenant add` and not configured: the app reads tenants when built.
    await runtime.ctx.db.updateTable('tenants').set({ settings: null }).where('slug', '=', 'bw').execute();
    const app = await createHttpApp(runtime);
    try {
      const page = await app.inject({ url: '/impressum', headers: { host: 'bw.localhost' } });
      assert.match(page.body, /<link rel="icon" type="image\/svg\+xml" href="\/assets\/favicon\.svg"/);
      assert.doesNotMatch(page.body, /\/tenant\/theme\.css/);
      assert.match(page.body, /Anbieter dieses Portals ist die jeweilige Landesverwaltung/);
      assert.match((await app.inject({ url: '/ort', headers: { host: 'bw.localhost' } })).body, /Zum Beispiel Ihre Postleitzahl oder der Name Ihrer Gemeinde/);
      assert.equal((await app.inject('/assets/favicon.svg')).headers['content-type'], 'image/svg+xml');
    } finally {
      await app.close();
      await runtime.dispose();
    }
  });
});
