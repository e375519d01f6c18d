import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../../src/core/module.js';
import { createWorker } from '../../../src/runtime.js';
import { useTestApp, type TestRuntime } from '../../helpers/runtime.js';
import { authoritiesOf, caseAt, caseTestModules, citizen, encodeActor, staff, submitNotification, tenantId, type Actor, type Authorities } from '../../cases/helpers.js';
import { demoUnits, givePlan } from './helpers.js';

describe('E-Akte over HTTP (/api/v1/records)', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let tenant: string;
  let authorities: Authorities;
  let processId: string;
  let fileId: string;
  useTestApp(async (opened) => {
    ({ app, runtime } = opened);
    tenant = await tenantId(runtime);
    authorities = await authoritiesOf(runtime, tenant);
    await givePlan(runtime, tenant, authorities.lfulg.id, demoUnits.geology!);
    const caseId = (await caseAt(runtime, await submitNotification(runtime, citizen(tenant)), authorities.lfulg.id)).id;
    await createWorker(runtime).runDue();
    const process = await runtime.ctx.db.selectFrom('record_processes').select(['id', 'file_id']).where('case_id', '=', caseId).executeTakeFirstOrThrow();
    processId = process.id;
    fileId = process.file_id;
  }, { modules: caseTestModules });

  const api = (actor: Actor, method: 'GET' | 'POST', url: string, payload?: unknown) => app.inject({ method, url, headers: { authorization: `Test ${encodeActor(actor)}` }, ...(payload ? { payload: payload as object } : {}) });

  it('reads an Akte, files a document and a Vermerk, downloads a version; every read is in the access log', async () => {
    const client: Actor = { kind: 'apiClient', tenantId: tenant, clientId: 'dms', authorityId: authorities.lfulg.id, scopes: ['records.read', 'records.file'] };
    const file = await api(client, 'GET', `/api/v1/records/files/${fileId}?purpose=Abgleich`);
    assert.equal(file.statusCode, 200, file.body);
    assert.match((file.json() as { file: { aktenzeichen: string } }).file.aktenzeichen, /^52\.10\.20-\d{4}\/2026$/);
    const filed = await api(client, 'POST', `/api/v1/records/processes/${processId}/documents`, { title: 'Stellungnahme Gemeinde', direction: 'in', file: { name: 'stellungnahme.txt', type: 'text/plain', base64: Buffer.from('Keine Bedenken.').toString('base64') } });
    assert.equal(filed.statusCode, 201, filed.body);
    const document = filed.json() as { id: string; contentText: string };
    assert.equal(document.contentText, 'Keine Bedenken.');
    const content = await api(client, 'GET', `/api/v1/records/documents/${document.id}/versions/1/content`);
    assert.equal(content.body, 'Keine Bedenken.');
    assert.equal(content.headers['content-type'], 'text/plain');
    assert.equal((await api(client, 'POST', `/api/v1/records/processes/${processId}/notes`, { title: 'Vermerk', body: 'Rücksprache gehalten.' })).statusCode, 201);
    const registratur = staff(tenant, authorities.lfulg.id, 'recordsManager');
    const log = (await api(registratur, 'GET', `/api/v1/records/access?authorityId=${authorities.lfulg.id}&fileId=${fileId}`)).json() as { entries: { objectType: string; purpose: string | null; actorName: string }[] };
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
});
