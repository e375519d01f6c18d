import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { HttpApp } from '../../../src/core/module.js';
import type { Actor } from '../../../src/modules/access/index.js';
import { createApiClient } from '../../../src/modules/identity/api-clients.js';
import { createWorker } from '../../../src/runtime.js';
import { writeXdomeaMessage } from '../../../src/modules/records/xdomea/index.js';
import { useTestApp, type TestRuntime } from '../../helpers/runtime.js';
import { Browser, staffSession } from '../../catalog/staff.js';
import { authoritiesOf, caseTestModules, citizen, encodeActor, tenantId, type Authorities } from '../../cases/helpers.js';
import { demoUnits, givePlan } from '../files/helpers.js';
import { closedVorgang, useDms } from './helpers.js';

describe('Abgabe over HTTP (/api/v1/records/abgabe, /bearbeitung/abgabe)', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let tenant: string;
  let authorities: Authorities;
  let folder: string;
  let manager: Browser;
  let token: string;
  let noScope: string;
  let sent: { processId: string; fileId: string };
  let failed: { processId: string; fileId: string };

  useTestApp(
    async (opened) => {
      ({ app, runtime } = opened);
      tenant = await tenantId(runtime);
      authorities = await authoritiesOf(runtime, tenant);
      const units = await givePlan(runtime, tenant, authorities.lfulg.id, demoUnits.geology!);
      const where = { tenantId: tenant, authority: authorities.lfulg, unitId: units['52.10.20']!, kennzeichen: '52.10.20' };
      folder = await mkdtemp(join(tmpdir(), 'amtsweg-abgabe-http-'));
      await useDms(runtime, tenant, authorities.lfulg.id, folder);
      sent = await closedVorgang(runtime, where, 'Erdwärmesonde Löbtau');
      await createWorker(runtime).runDue();
      // The target is read when delivering: a folder that does not exist fails; the retry later finds the right one.
      await useDms(runtime, tenant, authorities.lfulg.id, join(folder, 'fehlt'));
      failed = await closedVorgang(runtime, where, 'Brunnen Plauen');
      await createWorker(runtime).runDue();
      await useDms(runtime, tenant, authorities.lfulg.id, folder);
      manager = new Browser(app, (await staffSession(runtime, tenant, 'recordsManager', 'Rita Registratur', authorities.lfulg.id)).token);
      const admin: Actor = {
        kind: 'staff',
        tenantId: tenant,
        accountId: 'admin',
        name: 'Admin',
        trustLevel: 'substanziell',
        memberships: [{ authorityId: null, role: 'tenantAdmin' }],
      };
      ({ token } = await createApiClient(runtime.ctx, admin, tenant, { name: 'eAkte', authorityId: authorities.lfulg.id, scopes: ['records.manage'] }));
      ({ token: noScope } = await createApiClient(runtime.ctx, admin, tenant, { name: 'Suche', authorityId: authorities.lfulg.id, scopes: ['records.read'] }));
    },
    { modules: caseTestModules },
  );
  after(() => rm(folder, { recursive: true, force: true }));

  const base = '/api/v1/records/abgabe';
  const api = (method: 'GET' | 'POST', url: string, payload?: unknown, bearer = token) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, ...(payload ? { payload: payload as object } : {}) });
  const handover = (processId: string) => runtime.ctx.db.selectFrom('record_handovers').selectAll().where('process_id', '=', processId).executeTakeFirstOrThrow();
  const confirmation = async (processId: string, to = authorities.lfulg.key) =>
    writeXdomeaMessage({
      code: '0402',
      header: {
        prozessId: (await handover(processId)).id,
        erstellungszeitpunkt: new Date(),
        absender: { behoerdenschluessel: { code: authorities.lfulg.key } },
        empfaenger: { behoerdenschluessel: { code: to } },
      },
      ergebnisse: [{ id: processId, erfolgreich: true, fehlermeldungen: [] }],
    });
  const upload = (xml: string, csrf: string) => {
    const boundary = 'abgabe-test';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="message"; filename="0402.xml"\r\nContent-Type: application/xml\r\n\r\n${xml}\r\n--${boundary}--\r\n`;
    return manager.postMultipart('/bearbeitung/abgabe/nachrichten', payload, `multipart/form-data; boundary=${boundary}`);
  };

  it('lists, retries and confirms over the API; refuses other callers and bad input with problem+json', async () => {
    assert.equal((await app.inject({ method: 'GET', url: `${base}/handovers`, headers: { authorization: `Test ${encodeActor(citizen(tenant))}` } })).statusCode, 403);
    assert.equal((await api('GET', `${base}/handovers`, undefined, noScope)).statusCode, 403, 'an API client without records.manage');
    const list = (await api('GET', `${base}/handovers`)).json() as { processId: string; state: string; lastError: string | null }[];
    assert.deepEqual(
      list.map((h) => [h.processId, h.state]),
      [
        [sent.processId, 'sent'],
        [failed.processId, 'failed'],
      ],
    );
    assert.match(list[1]!.lastError!, /ENOENT/);
    const notFailed = await api('POST', `${base}/handovers/${(await handover(sent.processId)).id}/retry`);
    assert.equal(notFailed.statusCode, 422);
    assert.equal(notFailed.headers['content-type'], 'application/problem+json; charset=utf-8');
    const invalid = await api('POST', `${base}/messages`, { base64: Buffer.from('<xdomea/>').toString('base64') });
    assert.equal(invalid.statusCode, 422);
    assert.match(invalid.body, /"\/file"/);
    assert.match(invalid.body, /records\.abgabe\.error\.invalidMessage|keine gültige XDOMEA/);
    assert.equal((await api('POST', `${base}/messages`, { base64: 'nicht base64!' })).statusCode, 422);
    const foreign = await api('POST', `${base}/messages`, { base64: Buffer.from(await confirmation(sent.processId, authorities.oba.key)).toString('base64') });
    assert.equal(foreign.statusCode, 422);
    assert.match(foreign.body, /andere Behörde|another authority/);
    const confirmed = await api('POST', `${base}/messages`, { base64: Buffer.from(await confirmation(sent.processId)).toString('base64') });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    assert.deepEqual(confirmed.json(), {
      prozessId: (await handover(sent.processId)).id,
      processId: sent.processId,
      aktenzeichen: (await runtime.ctx.db.selectFrom('record_processes').select('aktenzeichen').where('id', '=', sent.processId).executeTakeFirstOrThrow()).aktenzeichen,
      state: 'confirmed',
    });
    const again = await api('POST', `${base}/messages`, { base64: Buffer.from(await confirmation(sent.processId)).toString('base64') });
    assert.equal(again.statusCode, 422);
    assert.match(again.body, /bereits eingelesen|already imported/);
    const receipt = writeXdomeaMessage({
      code: '0403',
      header: {
        prozessId: (await handover(sent.processId)).id,
        erstellungszeitpunkt: new Date(),
        absender: { behoerdenschluessel: { code: authorities.lfulg.key } },
        empfaenger: { behoerdenschluessel: { code: authorities.lfulg.key } },
      },
    });
    const received = await api('POST', `${base}/messages`, { base64: Buffer.from(receipt).toString('base64') });
    assert.equal(received.statusCode, 200, received.body);
    assert.equal(received.json().state, 'received', 'the 0403 answers with its own state');
    assert.equal((await api('POST', `${base}/messages`, { base64: Buffer.from(receipt).toString('base64') })).statusCode, 422, 'a second 0403 is refused');
  });

  it('shows the records manager failed and waiting hand-overs, retries by form and takes the 0402 by upload', async () => {
    const page = await manager.get('/bearbeitung/abgabe');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1[^>]*>Abgabe an das DMS<\/h1>/);
    assert.match(page.body, /Fehlgeschlagene Abgaben[\s\S]*Brunnen Plauen[\s\S]*ENOENT[\s\S]*Erneut zustellen/);
    const csrf = manager.csrfToken();
    const empty = await upload('', csrf);
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /id="message-error"[\s\S]*Bitte wählen Sie die Datei mit der Importbestätigung/);
    const unknown = await upload(await confirmation(failed.processId), csrf);
    assert.equal(unknown.statusCode, 422);
    assert.match(unknown.body, /noch nicht zugestellt/, 'a failed hand-over has no 0402 yet');
    const retried = await manager.post(`/bearbeitung/abgabe/${(await handover(failed.processId)).id}/wiederholen`, {}, '/bearbeitung/abgabe');
    assert.equal(retried.statusCode, 303);
    assert.match((await manager.get(String(retried.headers.location))).body, /wird erneut zugestellt/);
    const twice = await manager.post(`/bearbeitung/abgabe/${(await handover(failed.processId)).id}/wiederholen`, {}, '/bearbeitung/abgabe');
    assert.equal(twice.statusCode, 422, 'a hand-over being delivered is not retried');
    assert.match(twice.body, /kern-alert--danger[\s\S]*Nur eine fehlgeschlagene Abgabe kann erneut versucht werden/);
    await createWorker(runtime).runDue();
    assert.equal((await handover(failed.processId)).state, 'sent');
    const waiting = await manager.get('/bearbeitung/abgabe');
    assert.match(waiting.body, /Warten auf die Importbestätigung[\s\S]*Brunnen Plauen/);
    const done = await upload(await confirmation(failed.processId), manager.csrfToken());
    assert.equal(done.statusCode, 303, done.body);
    assert.match((await manager.get(String(done.headers.location))).body, /Der Vorgang 52\.10\.20-\d{4}\/2026-1 ist abgegeben/);
    assert.equal((await handover(failed.processId)).state, 'confirmed');
    const akte = await manager.get(`/bearbeitung/akten/${failed.fileId}`);
    assert.equal(akte.statusCode, 200, 'the Vorgang stays readable');
    assert.match(akte.body, /Vorgang Brunnen Plauen[\s\S]*abgegeben an das DMS am 02\.03\.2026; hier nur noch lesbar[\s\S]*vermerk\.txt/);
    assert.equal((await app.inject({ method: 'GET', url: '/bearbeitung/abgabe', headers: { authorization: `Test ${encodeActor(citizen(tenant))}` } })).statusCode, 403);
  });
});
