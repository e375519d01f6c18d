import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HttpApp } from '../../src/core/module.js';
import { getServiceByKey, updateServiceText } from '../../src/modules/catalog/index.js';
import { createTestApp, type TestRuntime } from '../helpers/runtime.js';
import { Browser, staffSession } from './staff.js';

/** The home page is rendered once per catalogue revision and language for anonymous visitors. */
describe('home page shared by anonymous visitors', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let sn: string;
  before(async () => {
    ({ app, runtime } = await createTestApp());
    sn = (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow()).id;
  });
  after(async () => {
    await app?.close();
    await runtime?.dispose();
  });

  it('serves the same page per language, and a new one as soon as the catalogue changes', async () => {
    const first = await app.inject('/');
    const again = await app.inject('/');
    assert.equal(again.body, first.body);
    const english = await app.inject({ url: '/', headers: { 'accept-language': 'en' } });
    assert.match(english.body, /<html lang="en">/);
    assert.match((await app.inject('/')).body, /<html lang="de">/);

    const { accountId } = await staffSession(runtime, sn, 'procedureAdmin', 'Redaktion');
    const service = await getServiceByKey(runtime.ctx, sn, 'wohnsitz-anmelden');
    const editor = { kind: 'staff' as const, tenantId: sn, accountId, name: 'Redaktion', trustLevel: 'substanziell' as const, memberships: [{ authorityId: null, role: 'procedureAdmin' as const }] };
    await updateServiceText(runtime.ctx, editor, { tenantId: sn, serviceId: service.id, lang: 'de', text: { name: 'Wohnsitz anmelden (neu beschrieben)' } });
    const changed = await app.inject('/');
    assert.match(changed.body, /Wohnsitz anmelden \(neu beschrieben\)/);
  });

  it('never serves the shared page to a signed-in person', async () => {
    await app.inject('/'); // warm the shared page
    const { token } = await staffSession(runtime, sn, 'caseWorker', 'Petra Prüfer', null);
    const page = await new Browser(app, token).get('/');
    assert.match(page.body, /Petra Prüfer/);
    assert.doesNotMatch((await app.inject('/')).body, /Petra Prüfer/);
  });
});

/** Results pages are kept per URL, language and catalogue revision for anonymous visitors. */
describe('search results page shared by anonymous visitors', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let sn: string;
  before(async () => {
    ({ app, runtime } = await createTestApp());
    sn = (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow()).id;
  });
  after(async () => {
    await app?.close();
    await runtime?.dispose();
  });

  const url = `/suche?q=${encodeURIComponent('ummelden')}`;

  it('answers repeated visits with the same page, per language, and a fresh one after an edit', async () => {
    const first = await app.inject(url);
    assert.equal(first.statusCode, 200);
    assert.equal((await app.inject(url)).body, first.body);
    const english = await app.inject({ url, headers: { 'accept-language': 'en' } });
    assert.match(english.body, /<html lang="en">/);
    assert.match((await app.inject(url)).body, /<html lang="de">/);
    assert.match((await app.inject(`${url}&seite=2`)).body, /<html lang="de">/);

    const { accountId } = await staffSession(runtime, sn, 'procedureAdmin', 'Redaktion');
    const service = await getServiceByKey(runtime.ctx, sn, 'wohnsitz-anmelden');
    const editor = { kind: 'staff' as const, tenantId: sn, accountId, name: 'Redaktion', trustLevel: 'substanziell' as const, memberships: [{ authorityId: null, role: 'procedureAdmin' as const }] };
    await updateServiceText(runtime.ctx, editor, { tenantId: sn, serviceId: service.id, lang: 'de', text: { name: 'Wohnsitz anmelden (Umzug)' } });
    assert.match((await app.inject(url)).body, /Wohnsitz anmelden \(Umzug\)/);
  });

  it('keeps the page of one query apart from another and never serves a signed-in page to others', async () => {
    const hund = await app.inject(`/suche?q=${encodeURIComponent('Hundesteuer')}`);
    assert.doesNotMatch(hund.body, /Wohnsitz anmelden/);
    const { token } = await staffSession(runtime, sn, 'caseWorker', 'Paula Prüfer', null);
    assert.match((await new Browser(app, token).get(url)).body, /Paula Prüfer/);
    assert.doesNotMatch((await app.inject(url)).body, /Paula Prüfer/);
  });

  it('answers an over-long query with 400 every time, never with a kept page', async () => {
    const long = `/suche?q=${'a'.repeat(201)}`;
    assert.equal((await app.inject(long)).statusCode, 400);
    assert.equal((await app.inject(long)).statusCode, 400);
  });
});
