import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { auditEntriesAbout } from '../../src/core/audit/index.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../src/core/errors.js';
import type { HttpApp } from '../../src/core/module.js';
import { projectPath } from '../../src/core/paths.js';
import type { Actor } from '../../src/modules/access/index.js';
import { startApplication } from '../../src/modules/applications/index.js';
import { citizen as citizenOf } from '../applications/helpers.js';
import {
  approveVersion,
  currentProcedureVersion,
  importPack,
  listCurrentProcedures,
  listVersions,
  loadPack,
  retireProcedure,
  returnToDraft,
  studioProcedures,
  studioVersion,
  submitForReview,
} from '../../src/modules/procedures/index.js';
import { Browser, staffSession } from '../catalog/staff.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';

/** A copy of the shipped drilling notification with one question's label changed, as a pack folder. */
function changedPack(label: string): string {
  const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'studio-')), 'bohranzeige');
  fs.cpSync(projectPath('procedures', 'bohranzeige'), folder, { recursive: true });
  const form = JSON.parse(fs.readFileSync(path.join(folder, 'form.json'), 'utf8'));
  form.pages[0].fields[0].label.de = label;
  fs.writeFileSync(path.join(folder, 'form.json'), JSON.stringify(form));
  return folder;
}

async function tenantIdOf(runtime: TestRuntime, slug: string): Promise<string> {
  return (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

const procedureAdmin = (tenantId: string, accountId: string, name: string): Extract<Actor, { kind: 'staff' }> => ({
  kind: 'staff',
  tenantId,
  accountId,
  name,
  trustLevel: 'substanziell',
  memberships: [{ authorityId: null, role: 'procedureAdmin' }],
});

describe('procedure studio: states, four eyes, retiring (service)', () => {
  let runtime: TestRuntime;
  let tenantId: string;
  useTestApp(async (opened) => {
    runtime = opened.runtime;
    tenantId = (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow()).id;
  });

  it('takes a draft through review to published by a second administrator; new applications then use it, started drafts keep theirs', async () => {
    const paula = procedureAdmin(tenantId, 'paula', 'Paula Pflege');
    const viktor = procedureAdmin(tenantId, 'viktor', 'Viktor Vieraugen');
    const published = (await currentProcedureVersion(runtime.ctx, 'bohranzeige'))!.version;
    const citizen = citizenOf(tenantId);
    const before = await startApplication(runtime.ctx, citizen, 'bohranzeige');
    assert.equal(before.procedureVersion, published);

    const draft = await importPack(runtime.ctx, loadPack(changedPack('Neue Frage')));
    assert.equal(draft.state, 'draft');
    assert.equal((await currentProcedureVersion(runtime.ctx, 'bohranzeige'))!.version, published, 'a draft takes no applications');

    const page = await studioVersion(runtime.ctx, paula, 'bohranzeige', draft.version);
    assert.equal(page.comparedWith, published);
    assert.equal(page.differences.length, 1);

    await assert.rejects(approveVersion(runtime.ctx, viktor, 'bohranzeige', draft.version), ConflictError, 'a draft is not approved before review');
    await submitForReview(runtime.ctx, paula, 'bohranzeige', draft.version);
    await assert.rejects(submitForReview(runtime.ctx, paula, 'bohranzeige', draft.version), ConflictError, 'submitted once');
    await assert.rejects(approveVersion(runtime.ctx, paula, 'bohranzeige', draft.version), (error: unknown) => {
      assert.ok(error instanceof ForbiddenError);
      assert.equal(error.code, 'procedures.studio.ownApproval');
      return true;
    });
    await approveVersion(runtime.ctx, viktor, 'bohranzeige', draft.version);

    const summary = (await listVersions(runtime.ctx, 'bohranzeige')).find((v) => v.version === draft.version)!;
    assert.equal(summary.state, 'published');
    assert.equal(summary.submittedByName, 'Paula Pflege');
    assert.equal(summary.approvedByName, 'Viktor Vieraugen');
    assert.equal((await currentProcedureVersion(runtime.ctx, 'bohranzeige'))!.version, draft.version);
    assert.equal((await startApplication(runtime.ctx, citizen, 'bohranzeige')).procedureVersion, draft.version);
    assert.equal((await runtime.ctx.db.selectFrom('applications').select('procedure_version').where('id', '=', before.id).executeTakeFirstOrThrow()).procedure_version, published);

    const audit = await auditEntriesAbout(runtime.ctx.db, tenantId, { objectTypes: ['procedure_version'], objectIds: [`bohranzeige@${draft.version}`] });
    assert.deepEqual(
      audit.map((entry) => entry.action),
      ['procedure.version.submit', 'procedure.version.approve'],
    );
  });

  it('returns a version in review to draft, and refuses everyone but procedure administrators', async () => {
    const paula = procedureAdmin(tenantId, 'paula', 'Paula Pflege');
    const draft = await importPack(runtime.ctx, loadPack(changedPack('Zurückgegeben')));
    await submitForReview(runtime.ctx, paula, 'bohranzeige', draft.version);
    await returnToDraft(runtime.ctx, paula, 'bohranzeige', draft.version);
    assert.equal((await listVersions(runtime.ctx, 'bohranzeige')).find((v) => v.version === draft.version)!.state, 'draft');

    const caseWorker: Actor = { ...paula, memberships: [{ authorityId: null, role: 'caseWorker' }] };
    const tenantAdmin: Actor = { ...paula, memberships: [{ authorityId: null, role: 'tenantAdmin' }] };
    await assert.rejects(studioProcedures(runtime.ctx, caseWorker), ForbiddenError);
    await assert.rejects(submitForReview(runtime.ctx, tenantAdmin, 'bohranzeige', draft.version), ForbiddenError, 'tenant admins see, procedure admins act');
    // In review and submitted by someone else, so that only the permission (not the state, not the
    // four-eyes rule) stands between a tenant admin and each change.
    await submitForReview(runtime.ctx, paula, 'bohranzeige', draft.version);
    const tina: Actor = { ...procedureAdmin(tenantId, 'tina', 'Tina Technik'), memberships: [{ authorityId: null, role: 'tenantAdmin' }] };
    await assert.rejects(approveVersion(runtime.ctx, tina, 'bohranzeige', draft.version), ForbiddenError);
    await assert.rejects(returnToDraft(runtime.ctx, tina, 'bohranzeige', draft.version), ForbiddenError);
    await assert.rejects(retireProcedure(runtime.ctx, tina, 'bohranzeige'), ForbiddenError);
    assert.equal((await listVersions(runtime.ctx, 'bohranzeige')).find((v) => v.version === draft.version)!.state, 'inReview');
    await returnToDraft(runtime.ctx, paula, 'bohranzeige', draft.version);
    assert.ok((await studioProcedures(runtime.ctx, tenantAdmin)).some((p) => p.key === 'bohranzeige'));
    await assert.rejects(studioVersion(runtime.ctx, paula, 'bohranzeige', 999), NotFoundError);
  });

  it('retires a procedure: no new applications (a friendly refusal), running ones keep their version', async () => {
    const paula = procedureAdmin(tenantId, 'paula', 'Paula Pflege');
    const citizen = citizenOf(tenantId);
    const running = await startApplication(runtime.ctx, citizen, 'bohrergebnisse');
    await retireProcedure(runtime.ctx, paula, 'bohrergebnisse');
    assert.equal(await currentProcedureVersion(runtime.ctx, 'bohrergebnisse'), undefined);
    assert.ok(!(await listCurrentProcedures(runtime.ctx)).some((v) => v.procedure.key === 'bohrergebnisse'));
    await assert.rejects(startApplication(runtime.ctx, citizen, 'bohrergebnisse'), (error: unknown) => error instanceof NotFoundError && error.code === 'procedures.retired');
    await assert.rejects(retireProcedure(runtime.ctx, paula, 'bohrergebnisse'), ConflictError, 'nothing left to retire');
    assert.equal((await listVersions(runtime.ctx, 'bohrergebnisse')).at(-1)!.state, 'retired');
    assert.ok(running.id, 'the application started before keeps existing under its version');
  });

  it("lets only the administrators of the maintaining tenant change a procedure; another tenant's and an operator-only pack are refused", async () => {
    const bw = await tenantIdOf(runtime, 'bw');
    const paula = procedureAdmin(tenantId, 'paula', 'Paula Pflege');
    const berta = procedureAdmin(bw, 'berta', 'Berta Baden');
    const published = (await currentProcedureVersion(runtime.ctx, 'bohranzeige'))!.version;
    const draft = await importPack(runtime.ctx, loadPack(changedPack('Aus Baden geändert?')));
    const seenFromBw = await studioVersion(runtime.ctx, berta, 'bohranzeige', draft.version);
    assert.equal(seenFromBw.provider, 'sn');
    assert.equal(seenFromBw.maintainedHere, false);
    assert.equal((await studioVersion(runtime.ctx, paula, 'bohranzeige', draft.version)).maintainedHere, true);

    const otherProvider = (error: unknown) => error instanceof ForbiddenError && error.code === 'procedures.studio.otherProvider' && error.params.provider === 'sn';
    await assert.rejects(submitForReview(runtime.ctx, berta, 'bohranzeige', draft.version), otherProvider);
    await submitForReview(runtime.ctx, paula, 'bohranzeige', draft.version);
    await assert.rejects(approveVersion(runtime.ctx, berta, 'bohranzeige', draft.version), otherProvider);
    await assert.rejects(returnToDraft(runtime.ctx, berta, 'bohranzeige', draft.version), otherProvider);
    await assert.rejects(retireProcedure(runtime.ctx, berta, 'bohranzeige'), otherProvider);
    assert.equal((await listVersions(runtime.ctx, 'bohranzeige')).find((v) => v.version === draft.version)!.state, 'inReview', 'nothing changed');
    assert.equal((await currentProcedureVersion(runtime.ctx, 'bohranzeige'))!.version, published);

    const folder = changedPack('Ohne Anbieter');
    const procedure = JSON.parse(fs.readFileSync(path.join(folder, 'procedure.json'), 'utf8'));
    delete procedure.provider;
    fs.writeFileSync(path.join(folder, 'procedure.json'), JSON.stringify(procedure));
    const operatorOnly = await importPack(runtime.ctx, loadPack(folder));
    assert.equal((await studioVersion(runtime.ctx, paula, 'bohranzeige', operatorOnly.version)).provider, null);
    await assert.rejects(
      submitForReview(runtime.ctx, paula, 'bohranzeige', operatorOnly.version),
      (error: unknown) => error instanceof ForbiddenError && error.code === 'procedures.studio.operatorMaintains',
    );
  });
});

describe('procedure studio pages (HTTP)', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let tenantId: string;
  useTestApp(async (opened) => {
    ({ app, runtime } = opened);
    tenantId = (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow()).id;
  });

  it('lists the versions, shows a draft with its differences, and takes it to published with two administrators', async () => {
    const draft = await importPack(runtime.ctx, loadPack(changedPack('Über die Seite geändert')));
    const first = new Browser(app, (await staffSession(runtime, tenantId, 'procedureAdmin', 'Paula Pflege')).token);
    const second = new Browser(app, (await staffSession(runtime, tenantId, 'procedureAdmin', 'Viktor Vieraugen')).token);

    const list = await first.get('/verwaltung/verfahren');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Anzeige einer geologischen Untersuchung/);
    assert.match(list.body, /Entwurf/);
    assert.match(list.body, /href="\/verwaltung\/verfahren"[^>]*>Verfahren</, 'the way in from the navigation');

    const path = `/verwaltung/verfahren/bohranzeige/${draft.version}`;
    const page = await first.get(path);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Änderungen gegenüber Version 1/);
    assert.match(page.body, /Über die Seite geändert/);

    assert.equal((await first.post(`${path}/pruefen`, {}, path, { withCsrf: false })).statusCode, 403, 'no CSRF token, no change');
    const submitted = await first.post(`${path}/pruefen`, {}, path);
    assert.equal(submitted.statusCode, 303);
    assert.equal(submitted.headers.location, `${path}?hinweis=submitted`);
    const own = await first.get(path);
    assert.match(own.body, /Freigeben muss sie eine zweite Person/);
    assert.doesNotMatch(own.body, /Freigeben und veröffentlichen/);

    // Approving one's own submission anyway (a form kept open in another tab) gets the clear four-eyes message.
    const refused = await first.post(`${path}/freigeben`, {}, path);
    assert.equal(refused.statusCode, 403);
    assert.match(refused.body, /Vier-Augen-Prinzip/);

    const approved = await second.post(`${path}/freigeben`, {}, path);
    assert.equal(approved.statusCode, 303);
    const after = await second.get(`${path}?hinweis=approved`);
    assert.match(after.body, /Die Version ist freigegeben und veröffentlicht/);
    assert.match(after.body, /Viktor Vieraugen/);
    assert.equal((await currentProcedureVersion(runtime.ctx, 'bohranzeige'))!.version, draft.version);
  });

  it('retires a procedure from the current version page; the portal then says so', async () => {
    const admin = new Browser(app, (await staffSession(runtime, tenantId, 'procedureAdmin', 'Paula Pflege')).token);
    const current = (await currentProcedureVersion(runtime.ctx, 'bohrergebnisse'))!.version;
    const retired = await admin.post('/verwaltung/verfahren/bohrergebnisse/einstellen', {}, `/verwaltung/verfahren/bohrergebnisse/${current}`);
    assert.equal(retired.statusCode, 303);
    assert.equal(retired.headers.location, '/verwaltung/verfahren?hinweis=retired');
    const start = await app.inject({ method: 'GET', url: '/antrag/bohrergebnisse' });
    assert.equal(start.statusCode, 404);
    assert.match(start.body, /wird nicht mehr online angeboten/);
  });

  it('sends anonymous visitors to sign in and refuses case workers', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/verwaltung/verfahren' });
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/anmelden/);
    const worker = new Browser(app, (await staffSession(runtime, tenantId, 'caseWorker', 'Sabine Sach')).token);
    assert.equal((await worker.get('/verwaltung/verfahren')).statusCode, 403);
    assert.equal((await worker.get('/verwaltung/verfahren/bohranzeige/1')).statusCode, 403);
    const admin = new Browser(app, (await staffSession(runtime, tenantId, 'procedureAdmin', 'Paula Pflege')).token);
    assert.equal((await admin.get('/verwaltung/verfahren/bohranzeige/999')).statusCode, 404);
    assert.equal((await admin.get('/verwaltung/verfahren/bohranzeige/abc')).statusCode, 404);
  });
  it("shows another tenant's procedure administrator the version without its buttons, and says who maintains it", async () => {
    const bw = await tenantIdOf(runtime, 'bw');
    const berta = new Browser(app, (await staffSession(runtime, bw, 'procedureAdmin', 'Berta Baden')).token, 'bw.localhost');
    const current = (await currentProcedureVersion(runtime.ctx, 'bohranzeige'))!.version;
    const page = await berta.get(`/verwaltung/verfahren/bohranzeige/${current}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Dieses Verfahren pflegt der Mandant „sn“/);
    assert.doesNotMatch(page.body, /Verfahren einstellen/);
    const refused = await berta.post('/verwaltung/verfahren/bohranzeige/einstellen', {}, `/verwaltung/verfahren/bohranzeige/${current}`);
    assert.equal(refused.statusCode, 403);
    assert.equal((await currentProcedureVersion(runtime.ctx, 'bohranzeige'))!.version, current);
  });
});
