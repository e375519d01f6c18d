import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../../src/core/module.js';
import { writeXdomeaMessage } from '../../../src/modules/records/xdomea/index.js';
import { useTestApp, type TestRuntime } from '../../helpers/runtime.js';
import { authoritiesOf, caseTestModules, encodeActor, staff, tenantId, type Actor, type Authorities } from '../../cases/helpers.js';
import { demoUnits, givePlan } from '../files/helpers.js';
import { closedAkte } from './helpers.js';

describe('Aussonderung on the page (/bearbeitung/aussonderung): offer, holds and the four-eyes destruction without JavaScript', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let tenant: string;
  let authorities: Authorities;
  let akten: { id: string; aktenzeichen: string }[];
  useTestApp(
    async (opened) => {
      ({ app, runtime } = opened);
      tenant = await tenantId(runtime);
      authorities = await authoritiesOf(runtime, tenant);
      const units = await givePlan(runtime, tenant, authorities.lfulg.id, demoUnits.geology!);
      const where = { tenantId: tenant, authority: authorities.lfulg, unitId: units['52.10.20']!, kennzeichen: '52.10.20' };
      akten = [];
      for (const subject of ['Sonde Löbtau', 'Brunnen Plauen', 'Streitfall Cotta']) {
        const { id } = await closedAkte(runtime, where, subject);
        akten.push({ id, aktenzeichen: (await runtime.ctx.db.selectFrom('record_files').select('aktenzeichen').where('id', '=', id).executeTakeFirstOrThrow()).aktenzeichen });
      }
      runtime.clock.set(new Date('2057-01-02T09:00:00Z'));
    },
    { modules: caseTestModules },
  );

  const headers = (actor: Actor) => ({ authorization: `Test ${encodeActor(actor)}` });
  const page = (actor: Actor, url = '/bearbeitung/aussonderung') => app.inject({ method: 'GET', url, headers: headers(actor) });
  const post = (actor: Actor, url: string, fields: [string, string][] = []) =>
    app.inject({ method: 'POST', url, headers: { ...headers(actor), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
  const dueIds = (html: string) => [...html.matchAll(/name="fileIds" value="([^"]+)"/g)].map((m) => m[1]);

  it('offers chosen Akten, holds and releases one with a reason, and destroys a V Akte only with a second records manager', async () => {
    const rita = staff(tenant, authorities.lfulg.id, 'recordsManager', 'Rita Registratur');
    const rolf = staff(tenant, authorities.lfulg.id, 'recordsManager', 'Rolf Registratur');
    const worker = staff(tenant, authorities.lfulg.id, 'caseWorker');
    const [keep, destroy, held] = akten as [(typeof akten)[number], (typeof akten)[number], (typeof akten)[number]];
    assert.deepEqual(dueIds((await page(rita)).body).sort(), akten.map((a) => a.id).sort());
    assert.equal((await post(worker, '/bearbeitung/aussonderung/angebot', [['fileIds', keep.id]])).statusCode, 403);

    // Nothing chosen: the message at the boxes and in the summary, nothing offered.
    const none = await post(rita, '/bearbeitung/aussonderung/angebot');
    assert.equal(none.statusCode, 422);
    assert.match(none.body, /id="fileIds-error"[\s\S]*Bitte wählen Sie mindestens eine Akte aus/);
    assert.match(none.body, /class="kern-alert kern-alert--danger aw-error-summary"[\s\S]*href="#fileIds"/);

    // A hold needs a known Aktenzeichen and a reason; both refusals at their fields, the input kept.
    const bad = await post(rita, '/bearbeitung/aussonderung/sperren', [
      ['aktenzeichen', '99.99-0001/2026'],
      ['reason', ' '],
    ]);
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="hold-aktenzeichen-error"[\s\S]*keine Akte mit dem Aktenzeichen 99\.99-0001\/2026/);
    assert.match(bad.body, /id="hold-reason-error"[\s\S]*Bitte geben Sie einen Grund/);
    assert.match(bad.body, /value="99\.99-0001\/2026"/);
    const set = await post(rita, '/bearbeitung/aussonderung/sperren', [
      ['aktenzeichen', held.aktenzeichen],
      ['reason', 'Klage vor dem VG Dresden'],
    ]);
    assert.equal(set.statusCode, 303);
    assert.equal(set.headers.location, '/bearbeitung/aussonderung?erledigt=holdSet');
    const withHold = (await page(rita)).body;
    assert.match(withHold, /Klage vor dem VG Dresden \(Rita Registratur/);
    assert.deepEqual(dueIds(withHold).sort(), [keep.id, destroy.id].sort(), 'a held Akte is not due');

    const offered = await post(rita, '/bearbeitung/aussonderung/angebot', [
      ['fileIds', keep.id],
      ['fileIds', destroy.id],
    ]);
    assert.equal(offered.statusCode, 303, offered.body);
    const notDue = await post(rita, '/bearbeitung/aussonderung/angebot', [['fileIds', held.id]]);
    assert.equal(notDue.statusCode, 422);
    assert.match(notDue.body, new RegExp(`nicht zur Aussonderung fällig[^<]*${held.aktenzeichen.replace(/[./]/g, '\\$&')}`));
    assert.equal((await post(rita, `/bearbeitung/aussonderung/sperren/${held.id}/aufheben`)).headers.location, '/bearbeitung/aussonderung?erledigt=holdLift');
    const afterOffer = (await page(rita)).body;
    assert.deepEqual(dueIds(afterOffer), [held.id], 'released, due again; the offered ones are waiting');
    const prozessId = (await runtime.ctx.db.selectFrom('record_disposals').select('id').executeTakeFirstOrThrow()).id;
    assert.match(afterOffer, new RegExp(`href="/api/v1/records/aussonderung/offers/${prozessId}/0501"`));

    // The archive's 0502 (upload form): A and V; it asks for a receipt, so the 0505 is offered in the row.
    const xml = writeXdomeaMessage({
      code: '0502',
      header: {
        prozessId,
        erstellungszeitpunkt: new Date(),
        absender: { behoerdenschluessel: { code: 'SStA' } },
        empfaenger: { behoerdenschluessel: { code: authorities.lfulg.key } },
      },
      bewertungen: [
        { id: keep.id, aussonderungsart: 'A' },
        { id: destroy.id, aussonderungsart: 'V' },
      ],
      empfangsbestaetigung: true,
    });
    const boundary = 'pages-test';
    const upload = await app.inject({
      method: 'POST',
      url: '/bearbeitung/aussonderung/nachrichten',
      headers: { ...headers(rita), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="message"; filename="0502.xml"\r\nContent-Type: application/xml\r\n\r\n${xml}\r\n--${boundary}--\r\n`,
    });
    assert.equal(upload.statusCode, 303, upload.body);
    const appraised = (await page(rita)).body;
    assert.match(appraised, new RegExp(`href="/api/v1/records/aussonderung/offers/${prozessId}/0505"`));
    assert.match(appraised, new RegExp(`action="/bearbeitung/aussonderung/vernichtung/${destroy.id}/beantragen"`));
    assert.doesNotMatch(appraised, new RegExp(`vernichtung/${keep.id}/`), 'an A Akte goes to the archive, not to destruction');

    // Four eyes: Rita asks, Rita may not approve her own request, Rolf approves and the Akte is gone.
    assert.equal((await post(rita, `/bearbeitung/aussonderung/vernichtung/${destroy.id}/beantragen`)).headers.location, '/bearbeitung/aussonderung?erledigt=destroyRequest');
    const requested = (await page(rita)).body;
    assert.match(requested, /Vernichtung beantragt von Rita Registratur/);
    const own = await post(rita, `/bearbeitung/aussonderung/vernichtung/${destroy.id}/freigeben`);
    assert.equal(own.statusCode, 422);
    assert.match(own.body, new RegExp(`id="destroy-${destroy.id}-error"[\\s\\S]*Vier-Augen-Prinzip: Eine andere Registraturkraft muss die Vernichtung freigeben`));
    assert.match(own.body, new RegExp(`href="#destroy-${destroy.id}"`));
    assert.ok(await runtime.ctx.db.selectFrom('record_files').select('id').where('id', '=', destroy.id).executeTakeFirst(), 'still there');
    const approved = await post(rolf, `/bearbeitung/aussonderung/vernichtung/${destroy.id}/freigeben`);
    assert.equal(approved.headers.location, '/bearbeitung/aussonderung?erledigt=destroyApprove');
    assert.equal(await runtime.ctx.db.selectFrom('record_files').select('id').where('id', '=', destroy.id).executeTakeFirst(), undefined);
    const log = (await page(rolf, approved.headers.location as string)).body;
    assert.match(log, /Die Vernichtung wurde freigegeben/);
    assert.match(log, /Brunnen Plauen[\s\S]*Rita Registratur \/ Rolf Registratur[\s\S]*vernichtet/);
  });
});
