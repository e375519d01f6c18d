import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../../src/core/module.js';
import { writeXdomeaMessage } from '../../../src/modules/records/xdomea/index.js';
import { readXdomeaMessage, validateXdomea } from '../../../src/modules/records/xdomea/index.js';
import { useTestApp, type TestRuntime } from '../../helpers/runtime.js';
import { authoritiesOf, caseTestModules, encodeActor, staff, tenantId, type Actor, type Authorities } from '../../cases/helpers.js';
import { demoUnits, givePlan } from '../files/helpers.js';
import { closedAkte } from './helpers.js';

describe('Aussonderung over HTTP (/api/v1/records/aussonderung)', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let tenant: string;
  let authorities: Authorities;
  let akte: { id: string; sha256: string };
  useTestApp(
    async (opened) => {
      ({ app, runtime } = opened);
      tenant = await tenantId(runtime);
      authorities = await authoritiesOf(runtime, tenant);
      const units = await givePlan(runtime, tenant, authorities.lfulg.id, demoUnits.geology!);
      akte = await closedAkte(runtime, { tenantId: tenant, authority: authorities.lfulg, unitId: units['52.10.20']!, kennzeichen: '52.10.20' }, 'Erdwärmesonde');
      runtime.clock.set(new Date('2057-01-02T09:00:00Z'));
    },
    { modules: caseTestModules },
  );

  const api = (actor: Actor, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: { authorization: `Test ${encodeActor(actor)}` }, ...(payload ? { payload: payload as object } : {}) });
  const base = '/api/v1/records/aussonderung';

  it('runs an Aussonderung end to end and answers bad input with problem+json', async () => {
    const rita = staff(tenant, authorities.lfulg.id, 'recordsManager', 'Rita Registratur');
    const worker = staff(tenant, authorities.lfulg.id, 'caseWorker');
    assert.equal((await api(worker, 'GET', `${base}/due`)).statusCode, 403);
    assert.deepEqual(
      ((await api(rita, 'GET', `${base}/due`)).json() as { id: string }[]).map((f) => f.id),
      [akte.id],
    );
    const noReason = await api(rita, 'PUT', `${base}/holds/${akte.id}`, { reason: '' });
    assert.equal(noReason.statusCode, 422);
    assert.equal(noReason.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.match(noReason.body, /"\/reason"/);
    const offered = await api(rita, 'POST', `${base}/offers`, { fileIds: [akte.id] });
    assert.equal(offered.statusCode, 201, offered.body);
    const { prozessId } = offered.json() as { prozessId: string };
    const offerXml = await api(rita, 'GET', `${base}/offers/${prozessId}/0501`);
    assert.equal((await readXdomeaMessage(offerXml.body, { accept: ['0501'] })).objekte[0]!.id, akte.id);
    const header = (to: string) => ({
      prozessId,
      erstellungszeitpunkt: new Date(),
      absender: { behoerdenschluessel: { code: 'SStA' } },
      empfaenger: { behoerdenschluessel: { code: to } },
    });
    const send = (xml: string) => api(rita, 'POST', `${base}/messages`, { base64: Buffer.from(xml).toString('base64') });
    const upload = (xml: string) => {
      const boundary = 'aussonderung-test';
      const payload = `--${boundary}\r\nContent-Disposition: form-data; name="message"; filename="0502.xml"\r\nContent-Type: application/xml\r\n\r\n${xml}\r\n--${boundary}--\r\n`;
      return app.inject({
        method: 'POST',
        url: '/bearbeitung/aussonderung/nachrichten',
        headers: { authorization: `Test ${encodeActor(rita)}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
    };
    const empty = await upload('');
    assert.equal(empty.statusCode, 422);
    assert.match(empty.body, /Bitte wählen Sie die Datei/);
    const foreignPage = await upload(
      writeXdomeaMessage({ code: '0502', header: header('anderswo'), bewertungen: [{ id: akte.id, aussonderungsart: 'A' }], empfangsbestaetigung: false }),
    );
    assert.equal(foreignPage.statusCode, 422);
    assert.match(foreignPage.body, /id="message-error"[\s\S]*gehört zu keiner Aussonderung Ihrer Behörde/);
    const foreign = await send(
      writeXdomeaMessage({ code: '0502', header: header('anderswo'), bewertungen: [{ id: akte.id, aussonderungsart: 'A' }], empfangsbestaetigung: false }),
    );
    assert.equal(foreign.statusCode, 422);
    assert.match(foreign.body, /records\.aussonderung\.error\.foreignMessage|keiner Aussonderung/);
    assert.equal((await api(rita, 'GET', `${base}/offers/${prozessId}/0505`)).statusCode, 404, 'no 0505 before the 0502');
    assert.equal(
      (await send(writeXdomeaMessage({ code: '0502', header: header(authorities.lfulg.key), bewertungen: [{ id: akte.id, aussonderungsart: 'A' }], empfangsbestaetigung: true })))
        .statusCode,
      200,
    );
    // The archive asked for a receipt: the 0505 is written, valid against the XSD, and offered for download.
    const receipt = await api(rita, 'GET', `${base}/offers/${prozessId}/0505`);
    assert.equal(receipt.statusCode, 200);
    assert.match(receipt.headers['content-disposition'] as string, new RegExp(`${prozessId}_Aussonderung\\.BewertungEmpfangBestaetigen\\.0505\\.xml`));
    const validation = await validateXdomea(receipt.body);
    assert.equal(validation.valid, true, JSON.stringify(validation));
    const read = await readXdomeaMessage(receipt.body, { accept: ['0505'] });
    assert.equal(read.header.prozessId, prozessId);
    assert.equal(read.header.absender.behoerdenschluessel?.code, authorities.lfulg.key);
    assert.equal(read.header.empfaenger.behoerdenschluessel?.code, 'SStA');
    assert.match((await api(rita, 'GET', '/bearbeitung/aussonderung')).body, new RegExp(`href="${base}/offers/${prozessId}/0505"`));
    const zip = await api(rita, 'GET', `${base}/offers/${prozessId}/0503`);
    assert.equal(zip.statusCode, 200);
    assert.equal(zip.headers['content-type'], 'application/zip');
    assert.equal((await readXdomeaMessage(zip.rawPayload, { accept: ['0503'] })).objekte[0]!.id, akte.id);
    const confirmed = await send(
      writeXdomeaMessage({
        code: '0506',
        header: header(authorities.lfulg.key),
        ergebnisse: [{ id: akte.id, erfolgreich: true, fehlermeldungen: [], archivkennung: 'StA-DD 1/2057' }],
      }),
    );
    assert.deepEqual(confirmed.json(), { code: '0506', prozessId, deleted: 1 });
    const log = (await api(rita, 'GET', `${base}/deletions`)).json() as { object_id: string; archive_id: string }[];
    assert.equal(log.find((l) => l.object_id === akte.id)!.archive_id, 'StA-DD 1/2057');
    assert.equal((await api(rita, 'GET', `/api/v1/records/files/${akte.id}`)).statusCode, 404);
    const page = await api(rita, 'GET', '/bearbeitung/aussonderung');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h2[^>]*>Löschprotokoll<\/h2>/);
    assert.match(page.body, /StA-DD 1\/2057/);
    assert.match(page.body, /Erdwärmesonde/);
    assert.equal((await api(worker, 'GET', '/bearbeitung/aussonderung')).statusCode, 403);
  });
});
