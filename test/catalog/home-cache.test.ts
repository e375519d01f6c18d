import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../src/core/module.js';
import { getServiceByKey, updateServiceText } from '../../src/modules/catalog/index.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { Browser, staffSession } from './staff.js';

/** Pages rendered once per catalogue revision, language and URL for anonymous visitors. */
describe('pages shared by anonymous visitors', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let sn: string;
  useTestApp(async (opened) => {
    ({ app, runtime } = opened);
    sn = (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow()).id;
  });

  /** Renames "Wohnsitz anmelden" as a procedure administrator would: a new catalogue revision. */
  async function renameWohnsitz(name: string): Promise<void> {
    const { accountId } = await staffSession(runtime, sn, 'procedureAdmin', 'Redaktion');
    const service = await getServiceByKey(runtime.ctx, sn, 'wohnsitz-anmelden');
    const editor = {
      kind: 'staff' as const,
      tenantId: sn,
      accountId,
      name: 'Redaktion',
      trustLevel: 'substanziell' as const,
      memberships: [{ authorityId: null, role: 'procedureAdmin' as const }],
    };
    await updateServiceText(runtime.ctx, editor, { tenantId: sn, serviceId: service.id, lang: 'de', text: { name } });
  }

  /** The same page twice, the language kept apart, a signed-in person's page never shared. */
  async function assertShared(url: string, signedInName: string): Promise<void> {
    const first = await app.inject(url);
    assert.equal(first.statusCode, 200);
    assert.equal((await app.inject(url)).body, first.body);
    assert.match((await app.inject({ url, headers: { 'accept-language': 'en' } })).body, /<html lang="en">/);
    assert.match((await app.inject(url)).body, /<html lang="de">/);
    const { token } = await staffSession(runtime, sn, 'caseWorker', signedInName, null);
    assert.match((await new Browser(app, token).get(url)).body, new RegExp(signedInName));
    assert.doesNotMatch((await app.inject(url)).body, new RegExp(signedInName));
  }

  describe('home page', () => {
    it('serves the same page per language, never a signed-in one, and a new one as soon as the catalogue changes', async () => {
      await assertShared('/', 'Petra Prüfer');
      await renameWohnsitz('Wohnsitz anmelden (neu beschrieben)');
      assert.match((await app.inject('/')).body, /Wohnsitz anmelden \(neu beschrieben\)/);
    });
  });

  describe('search results page', () => {
    const url = `/suche?q=${encodeURIComponent('ummelden')}`;

    it('serves the same page per language, never a signed-in one, and a fresh one after an edit', async () => {
      await assertShared(url, 'Paula Prüfer');
      assert.match((await app.inject(`${url}&seite=2`)).body, /<html lang="de">/);
      await renameWohnsitz('Wohnsitz anmelden (Umzug)');
      assert.match((await app.inject(url)).body, /Wohnsitz anmelden \(Umzug\)/);
    });

    it('keeps the page of one query apart from another', async () => {
      assert.match((await app.inject(url)).body, /Wohnsitz anmelden/);
      assert.doesNotMatch((await app.inject(`/suche?q=${encodeURIComponent('Hundesteuer')}`)).body, /Wohnsitz anmelden/);
    });

    it('answers an over-long query with 400 every time, never with a kept page', async () => {
      const long = `/suche?q=${'a'.repeat(201)}`;
      assert.equal((await app.inject(long)).statusCode, 400);
      assert.equal((await app.inject(long)).statusCode, 400);
    });
  });
});
