import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../../src/core/module.js';
import { createWorker } from '../../../src/runtime.js';
import { useTestApp, type TestRuntime } from '../../helpers/runtime.js';
import { Agent } from '../../identity/helpers.js';
import { authoritiesOf, caseAt, caseTestModules, citizen, encodeActor, staff, submitNotification, tenantId, type Actor, type Authorities } from '../../cases/helpers.js';
import { demoUnits, givePlan } from '../files/helpers.js';

describe('records search over HTTP (page and /api/v1/records/search)', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let tenant: string;
  let authorities: Authorities;
  let fileId: string;
  useTestApp(
    async (opened) => {
      ({ app, runtime } = opened);
      tenant = await tenantId(runtime);
      authorities = await authoritiesOf(runtime, tenant);
      await givePlan(runtime, tenant, authorities.lfulg.id, demoUnits.geology!);
      const caseId = (await caseAt(runtime, await submitNotification(runtime, citizen(tenant)), authorities.lfulg.id)).id;
      await createWorker(runtime).runDue();
      fileId = (await runtime.ctx.db.selectFrom('record_processes').select('file_id').where('case_id', '=', caseId).executeTakeFirstOrThrow()).file_id;
    },
    { modules: caseTestModules },
  );

  const api = (actor: Actor, url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Test ${encodeActor(actor)}` } });

  it('finds the filed receipt by a stemmed word of its generated PDF text, for the authority only', async () => {
    const worker = staff(tenant, authorities.lfulg.id, 'caseWorker');
    const found = await api(worker, '/api/v1/records/search?q=Eingangsbest%C3%A4tigungen&kind=antrag');
    assert.equal(found.statusCode, 200, found.body);
    const body = found.json() as { hits: { file: { id: string }; document: { kind: string } }[]; page: number; hasMore: boolean };
    assert.deepEqual(
      body.hits.map((h) => [h.file.id, h.document.kind]),
      [[fileId, 'antrag']],
    );
    assert.equal(body.hasMore, false);
    const other = await api(staff(tenant, authorities.oba.id, 'caseWorker'), '/api/v1/records/search?q=Eingangsbest%C3%A4tigung');
    assert.equal(other.statusCode, 200);
    assert.deepEqual((other.json() as { hits: unknown[] }).hits, []);
    assert.equal((await api(citizen(tenant), '/api/v1/records/search?q=Bohrung')).statusCode, 403);
  });

  it('answers bad input with problem+json and field pointers', async () => {
    const worker = staff(tenant, authorities.lfulg.id, 'caseWorker');
    const invalid = await api(worker, '/api/v1/records/search?from=2026-02-30&to=2026-01-01');
    assert.equal(invalid.statusCode, 422);
    assert.match(invalid.headers['content-type'] as string, /application\/problem\+json/);
    assert.match(invalid.body, /"\/from"/);
    assert.equal((await api(worker, '/api/v1/records/search')).statusCode, 422);
  });

  it('the page: empty form, hits linking to the Akte, errors next to the fields, and sign-in for visitors', async () => {
    const worker = new Agent(app, { 'x-test-actor': encodeActor(staff(tenant, authorities.lfulg.id, 'caseWorker')) });
    const empty = await worker.get('/bearbeitung/akten/suche');
    assert.equal(empty.statusCode, 200);
    assert.match(empty.body, /<form method="get" action="\/bearbeitung\/akten\/suche"/);
    assert.doesNotMatch(empty.body, /Treffer/);
    const hits = await worker.get('/bearbeitung/akten/suche?q=Eingangsbest%C3%A4tigung&aktenzeichen=52.10&art=');
    assert.equal(hits.statusCode, 200);
    assert.match(hits.body, new RegExp(`href="/bearbeitung/akten/${fileId}#vorgang-`));
    const refused = await worker.get('/bearbeitung/akten/suche?von=gestern&aktenzeichen=52%25');
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /id="von-error"[^>]*>.*gültiges Datum/s);
    assert.match(refused.body, /id="aktenzeichen-error"/);
    assert.match(refused.body, /value="gestern"/, 'the input is kept');
    const visitor = await app.inject({ method: 'GET', url: '/bearbeitung/akten/suche' });
    assert.equal(visitor.statusCode, 303);
    assert.match(String(visitor.headers.location), /^\/anmelden\?/);
  });
});
