import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ValidationError } from '../../src/core/errors.js';
import type { HttpApp } from '../../src/core/module.js';
import { createCall, createPosting, listCalls } from '../../src/modules/calls/index.js';
import { loadPack, ProcedurePackError, publishPack } from '../../src/modules/procedures/index.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { caseTestModules, citizen, encodeActor, staff, tenantId, type Actor } from '../cases/helpers.js';
import { openRound } from './helpers.js';

/**
 * The postings of a call carry the fields the procedure pack declares, nothing the calls module
 * knows: a synthetic internship pack (test/fixtures/procedures/praktikum) whose postings have a
 * site (a choice of the form's code list) and a contact person (free text), next to the teacher pack.
 */
const fixture = 'test/fixtures/procedures/praktikum';

describe('posting fields declared by the pack', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let tenant: string;
  let admin: Actor;
  let internships: string;
  useTestApp(
    async (opened) => {
      ({ app, runtime } = opened);
      tenant = await tenantId(runtime);
      admin = staff(tenant, null, 'procedureAdmin', 'Frieda Fachadmin');
      await publishPack(runtime.ctx, loadPack(fixture));
      internships = (await createCall(runtime.ctx, admin, { procedureKey: 'praktikum', title: 'Praktika Sommer 2026', opensOn: '2026-03-01', closesOn: '2026-05-31' })).id;
    },
    { modules: caseTestModules, now: new Date('2026-04-06T08:00:00Z') },
  );

  const as = (actor: Actor) => ({ authorization: `Test ${encodeActor(actor)}` });
  const form = (actor: Actor, fields: [string, string][]) => ({
    headers: { ...as(actor), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });
  const window = { opensOn: '2026-04-01', closesOn: '2026-04-30' };

  it("stores a posting's attributes by the pack's fields and refuses what they do not allow, per field", async () => {
    const posting = await createPosting(runtime.ctx, admin, internships, {
      reference: 'PR-LE-01',
      attributes: { site: 'leipzig-sued', contact: '  Frau Weber, 0341 123  ', school: 'not a field of this pack' },
      ...window,
    });
    assert.deepEqual(posting.attributes, { site: 'leipzig-sued', contact: 'Frau Weber, 0341 123' }, 'trimmed; keys no field declares are left out');
    const stored = (await listCalls(runtime.ctx, admin, 'praktikum'))[0]?.postings[0];
    assert.deepEqual(stored?.attributes, posting.attributes);

    const refusal = (attributes: Record<string, string | string[]>) =>
      createPosting(runtime.ctx, admin, internships, { reference: 'PR-DD-01', attributes, ...window }).then(
        () => assert.fail('accepted'),
        (error: unknown) => {
          assert.ok(error instanceof ValidationError);
          return error.fields.map((f) => [f.pointer, f.code, f.params?.value]);
        },
      );
    assert.deepEqual(await refusal({}), [
      ['/attributes/site', 'calls.attributes.required', undefined],
      ['/attributes/contact', 'calls.text.required', undefined],
    ]);
    assert.deepEqual(await refusal({ site: 'gymnasium', contact: 'x' }), [['/attributes/site', 'calls.attributes.unknownChoice', 'gymnasium']], "a code of another pack's list");
    assert.deepEqual(await refusal({ site: ['dresden-mitte', 'leipzig-sued'], contact: 'x' }), [['/attributes/site', 'calls.attributes.chooseOne', undefined]]);
  });

  it('offers every procedure with calls on the administration page, and each posting form the fields of its own pack', async () => {
    const round = await openRound(runtime, tenant, { title: 'Lehrkräfte 2026' });
    const page = await app.inject({ method: 'GET', url: '/verwaltung/ausschreibungen', headers: as(admin) });
    assert.equal(page.statusCode, 200);
    const newCall = page.body.slice(page.body.indexOf('id="new-call"'));
    assert.match(newCall, /<legend[^>]*>Verfahren[\s\S]*?value="lehrerbewerbung"[\s\S]*?Bewerbung für den sächsischen Schuldienst/);
    assert.match(newCall, /type="radio"[^>]*name="procedureKey"[^>]*value="praktikum"/);
    const postingForm = (callId: string) => {
      const start = page.body.indexOf(`action="/verwaltung/ausschreibungen/${callId}/stellen"`);
      return page.body.slice(start, page.body.indexOf('</form>', start));
    };
    const internship = postingForm(internships);
    assert.match(internship, /<legend[^>]*>Einsatzstelle[\s\S]*?type="radio"[^>]*name="attributes\/site"[^>]*value="dresden-mitte"[\s\S]*?Dresden, Albertplatz/);
    assert.match(internship, /Ansprechperson[\s\S]*?Name und Telefonnummer[\s\S]*?name="attributes\/contact"/);
    assert.doesNotMatch(internship, /Schulart/);
    const teachers = postingForm(round.id);
    assert.match(teachers, /type="checkbox"[^>]*name="attributes\/subjects"[^>]*value="mathematik"/, 'several subjects, from the code list');
    assert.match(teachers, /type="radio"[^>]*name="attributes\/schulart"[^>]*value="gymnasium"/);
    assert.doesNotMatch(teachers, /Einsatzstelle/);

    const bad = await app.inject({
      method: 'POST',
      url: `/verwaltung/ausschreibungen/${round.id}/stellen`,
      ...form(admin, [
        ['reference', 'GY-C-01'],
        ['attributes/school', 'Chemnitz, Gymnasium'],
        ['attributes/schulart', 'gymnasium'],
        ['attributes/subjects', 'physik'],
        ['attributes/subjects', 'alchemie'],
        ['opensOn', '2026-04-01'],
        ['closesOn', '2026-04-30'],
      ]),
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, new RegExp(`href="#${round.id}-attributes-subjects"`), 'the summary links to the first checkbox');
    assert.match(bad.body, /Diese Auswahl gibt es hier nicht: alchemie\./);
    assert.match(bad.body, /type="checkbox"[^>]*value="physik"[^>]*checked/, 'the ticked boxes stay ticked');

    const good = await app.inject({
      method: 'POST',
      url: `/verwaltung/ausschreibungen/${internships}/stellen`,
      ...form(admin, [
        ['reference', 'PR-DD-02'],
        ['attributes/site', 'dresden-mitte'],
        ['attributes/contact', 'Herr Roth'],
        ['opensOn', '2026-04-01'],
        ['closesOn', '2026-04-30'],
      ]),
    });
    assert.equal(good.statusCode, 303);
    const after = await app.inject({ method: 'GET', url: '/verwaltung/ausschreibungen', headers: as(admin) });
    assert.match(after.body, /<th[^>]*>Kennziffer<\/th><th[^>]*>Einsatzstelle<\/th><th[^>]*>Ansprechperson<\/th>/);
    assert.match(after.body, /<td[^>]*>PR-DD-02<\/td><td[^>]*>Dresden, Albertplatz<\/td><td[^>]*>Herr Roth<\/td>/);

    const choice = await app.inject({ method: 'GET', url: '/antrag/praktikum/runde', headers: { ...as(citizen(tenant)), 'accept-language': 'en' } });
    assert.match(choice.body, /Dresden, Albertplatz \(PR-DD-02\)<\/h3>[\s\S]*?Herr Roth · Applications from 01\/04\/2026/, 'the first field names the posting');
  });
});

describe('posting fields: the pack check', () => {
  /** A copy of the internship pack with its posting fields replaced. */
  function packWith(postingFields: unknown[]): string {
    const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-pack-')), 'praktikum');
    fs.cpSync(fixture, folder, { recursive: true });
    const procedure = JSON.parse(fs.readFileSync(path.join(folder, 'procedure.json'), 'utf8'));
    procedure.calls.postingFields = postingFields;
    fs.writeFileSync(path.join(folder, 'procedure.json'), JSON.stringify(procedure));
    return folder;
  }
  const label = { de: 'Feld', en: 'Field' };

  it('refuses an answer that is no choice field, `multiple` without an answer, a key declared twice and an unknown property', () => {
    assert.throws(
      () =>
        loadPack(
          packWith([
            { key: 'name', label, answer: '/applicantName' },
            { key: 'notes', label, multiple: true },
            { key: 'name', label },
          ]),
        ),
      (error: unknown) => {
        assert.ok(error instanceof ProcedurePackError);
        assert.deepEqual(
          error.problems.map((p) => p.path),
          ['/calls/postingFields/0/answer', '/calls/postingFields/1/multiple', '/calls/postingFields/2/key'],
        );
        return true;
      },
    );
    assert.throws(() => loadPack(packWith([{ key: 'site', label, codeList: 'sites' }])), /\/calls\/postingFields\/0: .*codeList/);
  });
});
