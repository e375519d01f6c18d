import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../../src/core/module.js';
import { createWorker } from '../../../src/runtime.js';
import { useTestApp, type TestRuntime } from '../../helpers/runtime.js';
import { Agent } from '../../identity/helpers.js';
import { authoritiesOf, caseAt, caseTestModules, citizen, encodeActor, staff, submitNotification, tenantId, type Actor, type Authorities } from '../../cases/helpers.js';
import { demoUnits, givePlan } from './helpers.js';

describe('E-Akte over HTTP (/api/v1/records)', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let tenant: string;
  let authorities: Authorities;
  let processId: string;
  let fileId: string;
  let caseId: string;
  useTestApp(
    async (opened) => {
      ({ app, runtime } = opened);
      tenant = await tenantId(runtime);
      authorities = await authoritiesOf(runtime, tenant);
      await givePlan(runtime, tenant, authorities.lfulg.id, demoUnits.geology!);
      caseId = (await caseAt(runtime, await submitNotification(runtime, citizen(tenant)), authorities.lfulg.id)).id;
      await createWorker(runtime).runDue();
      const process = await runtime.ctx.db.selectFrom('record_processes').select(['id', 'file_id']).where('case_id', '=', caseId).executeTakeFirstOrThrow();
      processId = process.id;
      fileId = process.file_id;
    },
    { modules: caseTestModules },
  );

  const api = (actor: Actor, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: { authorization: `Test ${encodeActor(actor)}` }, ...(payload ? { payload: payload as object } : {}) });

  it('reads an Akte, files a document and a Vermerk, downloads a version; every read is in the access log', async () => {
    const client: Actor = { kind: 'apiClient', tenantId: tenant, clientId: 'dms', authorityId: authorities.lfulg.id, scopes: ['records.read', 'records.file'] };
    const file = await api(client, 'GET', `/api/v1/records/files/${fileId}?purpose=Abgleich`);
    assert.equal(file.statusCode, 200, file.body);
    assert.match((file.json() as { file: { aktenzeichen: string } }).file.aktenzeichen, /^52\.10\.20-\d{4}\/2026$/);
    const filed = await api(client, 'POST', `/api/v1/records/processes/${processId}/documents`, {
      title: 'Stellungnahme Gemeinde',
      direction: 'in',
      file: { name: 'stellungnahme.txt', type: 'text/plain', base64: Buffer.from('Keine Bedenken.').toString('base64') },
    });
    assert.equal(filed.statusCode, 201, filed.body);
    const document = filed.json() as { id: string; contentText: string };
    assert.equal(document.contentText, 'Keine Bedenken.');
    const content = await api(client, 'GET', `/api/v1/records/documents/${document.id}/versions/1/content`);
    assert.equal(content.body, 'Keine Bedenken.');
    assert.equal(content.headers['content-type'], 'text/plain');
    assert.equal((await api(client, 'POST', `/api/v1/records/processes/${processId}/notes`, { title: 'Vermerk', body: 'Rücksprache gehalten.' })).statusCode, 201);
    const registratur = staff(tenant, authorities.lfulg.id, 'recordsManager');
    const log = (await api(registratur, 'GET', `/api/v1/records/access?authorityId=${authorities.lfulg.id}&fileId=${fileId}`)).json() as {
      entries: { objectType: string; purpose: string | null; actorName: string }[];
    };
    assert.deepEqual(log.entries.map((e) => e.objectType).sort(), ['document', 'file']);
    assert.ok(log.entries.some((e) => e.purpose === 'Abgleich' && e.actorName === 'API dms'));
  });

  it('answers problem+json with field paths, 404 for other authorities and 403 without the scope', async () => {
    const worker = staff(tenant, authorities.lfulg.id, 'caseWorker');
    const invalid = await api(worker, 'POST', `/api/v1/records/processes/${processId}/documents`, { title: '', direction: 'sideways' });
    assert.equal(invalid.statusCode, 422);
    assert.match(invalid.headers['content-type'] as string, /application\/problem\+json/);
    for (const pointer of ['/title', '/direction', '/file']) assert.match(invalid.body, new RegExp(`"${pointer}"`));
    const move = await api(worker, 'POST', `/api/v1/records/processes/${processId}/move`, { targetFileId: 'nope', reason: '' });
    assert.equal(move.statusCode, 422);
    assert.match(move.body, /\/targetFileId/);
    assert.equal((await api(staff(tenant, authorities.oba.id, 'caseWorker'), 'GET', `/api/v1/records/files/${fileId}`)).statusCode, 404);
    const readOnly: Actor = { kind: 'apiClient', tenantId: tenant, clientId: 'viewer', authorityId: authorities.lfulg.id, scopes: ['records.read'] };
    assert.equal((await api(readOnly, 'POST', `/api/v1/records/processes/${processId}/notes`, { title: 'x', body: 'y' })).statusCode, 403);
    assert.equal((await api(worker, 'GET', `/api/v1/records/access?authorityId=${authorities.lfulg.id}`)).statusCode, 403);
    const closed = await api(worker, 'POST', `/api/v1/records/processes/${processId}/close`);
    assert.equal(closed.statusCode, 204);
    const refused = await api(worker, 'POST', `/api/v1/records/processes/${processId}/notes`, { title: 'x', body: 'y' });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /zu den Akten verfügt|closed/);
  });

  it('shows the Akte page from the case page, keeps refused input with its error, files a Vermerk, and shows the access log to the data-protection officer', async () => {
    const worker = new Agent(app, { 'x-test-actor': encodeActor(staff(tenant, authorities.lfulg.id, 'teamLead', 'Thomas Leitner')) });
    const casePage = await worker.get(`/bearbeitung/vorgaenge/${caseId}`);
    assert.match(casePage.body, new RegExp(`href="/bearbeitung/vorgaenge/${caseId}/akte"`));
    const link = await worker.get(`/bearbeitung/vorgaenge/${caseId}/akte`);
    assert.equal(link.statusCode, 303);
    assert.equal(link.headers.location, `/bearbeitung/akten/${fileId}#vorgang-${processId}`);
    const page = await worker.get(`/bearbeitung/akten/${fileId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1[^>]*>Akte 52\.10\.20-\d{4}\/2026<\/h1>/);
    assert.match(page.body, /Antrag SN-[^<]* mit Eingangsbestätigung/);
    assert.match(page.body, /Vorgang 52\.10\.20-\d{4}\/2026-1 eröffnet/, 'the history');
    assert.match(page.body, /Version 1 eines Dokuments abgelegt \(SHA-256 [0-9a-f]{64}\)/);
    // the process was closed by the previous test: filing into it is refused clearly, the input kept
    assert.doesNotMatch(page.body, /\/vermerk"/, 'a closed Vorgang offers no forms');
    const refused = await worker.post(`/bearbeitung/akten/vorgaenge/${processId}/vermerk`, { title: 'Nachtrag', body: 'Text' }, `/bearbeitung/vorgaenge/${caseId}`);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /zu den Akten verfügt/);
    const registratur = new Agent(app, { 'x-test-actor': encodeActor(staff(tenant, authorities.lfulg.id, 'recordsManager', 'Rita Registratur')) });
    const noReason = await registratur.post(`/bearbeitung/akten/vorgaenge/${processId}/wiedereroeffnen`, { reason: '' }, `/bearbeitung/akten/${fileId}`);
    assert.equal(noReason.statusCode, 422);
    assert.match(noReason.body, /href="#reopen-[^"]+-reason"/);
    assert.equal((await registratur.post(`/bearbeitung/akten/vorgaenge/${processId}/wiedereroeffnen`, { reason: 'Nachtrag' }, `/bearbeitung/akten/${fileId}`)).statusCode, 303);
    const empty = await worker.post(`/bearbeitung/akten/vorgaenge/${processId}/vermerk`, { title: '', body: 'Text bleibt' }, `/bearbeitung/akten/${fileId}`);
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /Text bleibt/);
    const done = await worker.post(`/bearbeitung/akten/vorgaenge/${processId}/vermerk`, { title: 'Telefonat', body: 'Rückruf erfolgt.' }, `/bearbeitung/akten/${fileId}`);
    assert.equal(done.statusCode, 303);
    assert.match((await worker.get(`/bearbeitung/akten/${fileId}`)).body, /Telefonat/);
    const dpo = new Agent(app, { 'x-test-actor': encodeActor(staff(tenant, authorities.lfulg.id, 'dataProtectionOfficer', 'Dora Datenschutz')) });
    const log = await dpo.get(`/bearbeitung/akten/${fileId}/zugriffe`);
    assert.equal(log.statusCode, 200);
    assert.match(log.body, /Thomas Leitner/);
    assert.equal((await dpo.get(`/bearbeitung/akten/${fileId}`)).statusCode, 404, 'the log, not the file');
    assert.equal((await worker.get(`/bearbeitung/akten/${fileId}/zugriffe`)).statusCode, 404);
  });
});
