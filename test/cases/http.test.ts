import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import type { HttpApp } from '../../src/core/module.js';
import { Agent } from '../identity/helpers.js';
import { can } from '../../src/modules/identity/index.js';
import { authoritiesOf, caseAt, caseTestModules, citizen, encodeActor, staff, submitNotification, tenantId, type Actor, type Authorities, type Staff } from './helpers.js';

describe('cases over HTTP', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let tenant: string;
  let authorities: Authorities;
  let worker: Staff;
  let applicationId: string;
  let caseId: string;
  useTestApp(
    async (opened) => {
      ({ app, runtime } = opened);
      tenant = await tenantId(runtime);
      authorities = await authoritiesOf(runtime, tenant);
      worker = staff(tenant, authorities.lfulg.id, 'caseWorker', 'Sabine Geologin');
      applicationId = await submitNotification(runtime, citizen(tenant));
      caseId = (await caseAt(runtime, applicationId, authorities.lfulg.id)).id;
    },
    { modules: caseTestModules },
  );

  const as = (actor: Actor) => new Agent(app, { 'x-test-actor': encodeActor(actor) });
  const api = (actor: Actor, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: { authorization: `Test ${encodeActor(actor)}` }, ...(payload ? { payload: payload as object } : {}) });

  it('shows the inbox of the own authority only, with counts; others see nothing; strangers are sent to sign in', async () => {
    const page = await as(worker).get('/bearbeitung');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Wärme &amp; Bohr GmbH/);
    assert.match(page.body, /Neu und nicht zugewiesen <span class="kern-badge[^"]*">1<\/span>/);
    const other = await as(staff(await tenantId(runtime, 'bw'), authorities.lfulg.id, 'caseWorker')).get('/bearbeitung');
    assert.doesNotMatch(other.body, /Wärme/);
    const anonymous = await app.inject({ url: '/bearbeitung' });
    assert.equal(anonymous.statusCode, 303);
    assert.match(anonymous.headers.location as string, /^\/anmelden\?zurueck=/);
    assert.equal((await as(citizen(tenant)).get('/bearbeitung')).statusCode, 403);
    const bad = await as(worker).get('/bearbeitung?from=gestern');
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Bitte geben Sie ein Datum ein/);
  });

  it('renders the case with labels, files inline and the allowed steps as forms with CSRF', async () => {
    const page = await as(worker).get(`/bearbeitung/vorgaenge/${caseId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Eingang bestätigen und prüfen/);
    assert.match(page.body, /name="_csrf"/);
    assert.doesNotMatch(page.body, /applicantName/, 'labels, not keys');
    const file = page.body.match(/\/bearbeitung\/vorgaenge\/[^/]+\/dateien\/([0-9a-f]{64})/)!;
    const pdf = await as(worker).get(file[0]);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(pdf.headers['content-disposition'] as string, /^inline; filename\*=UTF-8''lageplan\.pdf$/);
    assert.match(pdf.headers['content-security-policy'] as string, /default-src 'none'/);
    assert.equal((await as(staff(tenant, authorities.oba.id, 'caseWorker')).get(file[0])).statusCode, 404);
  });

  it('keeps the input and says "changed meanwhile" when another worker got there first', async () => {
    const applicationId2 = await submitNotification(runtime, citizen(tenant));
    const { id, version } = await caseAt(runtime, applicationId2, authorities.lfulg.id);
    const browser = as(worker);
    await browser.get(`/bearbeitung/vorgaenge/${id}`);
    await browser.postRaw(`/bearbeitung/vorgaenge/${id}/aktion`, { _csrf: browser.csrfToken(), version: String(version), action: 'confirmReceipt' });
    const stale = await browser.postRaw(`/bearbeitung/vorgaenge/${id}/aktion`, {
      _csrf: browser.csrfToken(),
      version: String(version),
      action: 'requestDocuments',
      'input.request': 'Bitte Lageplan im Maßstab 1:1000.',
      'input.replyBy': '2026-03-20',
    });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Der Vorgang wurde inzwischen geändert/);
    assert.match(stale.body, /Bitte Lageplan im Maßstab 1:1000\./);
    const missing = await browser.postRaw(`/bearbeitung/vorgaenge/${id}/aktion`, {
      _csrf: browser.csrfToken(),
      version: String(version + 1),
      action: 'requestDocuments',
      'input.request': '',
      'input.replyBy': '2026-03-20',
    });
    assert.equal(missing.statusCode, 422);
    assert.match(missing.body, /href="#action-requestDocuments-request"/);
    assert.match(missing.body, /value="2026-03-20"/);
    const withoutToken = await browser.postRaw(`/bearbeitung/vorgaenge/${id}/notiz`, { body: 'x' });
    assert.equal(withoutToken.statusCode, 403);
  });

  it('serves the workflow diagram and its text to procedure administrators only', async () => {
    const admin = staff(tenant, null, 'procedureAdmin');
    const svg = await as(admin).get('/verwaltung/verfahren/bohranzeige/workflow.svg');
    assert.equal(svg.statusCode, 200);
    assert.match(svg.headers['content-type'] as string, /^image\/svg\+xml/);
    const page = await as(admin).get('/verwaltung/verfahren/bohranzeige/ablauf');
    assert.match(page.body, /Nachforderung – wartet auf Antwort/);
    assert.match(page.body, /Nach 3 Arbeitstagen in „Eingegangen“: automatisch „Eingang bestätigen und prüfen“/);
    assert.equal((await as(worker).get('/verwaltung/verfahren/bohranzeige/workflow.svg')).statusCode, 403);
    assert.equal((await as(admin).get('/verwaltung/verfahren/unbekannt/ablauf')).statusCode, 404);
  });

  it('offers the same over the API, with problem+json and pointers', async () => {
    const client: Actor = { kind: 'apiClient', tenantId: tenant, clientId: 'fachverfahren', authorityId: authorities.lfulg.id, scopes: ['case.read', 'case.act'] };
    const list = await api(client, 'GET', '/api/v1/cases?tab=new&limit=1');
    assert.equal(list.statusCode, 200, list.body);
    const body = list.json() as { items: { id: string; version: number }[]; next: string | null; counts: Record<string, number> };
    assert.equal(body.items.length, 1);
    assert.ok(body.next);
    const second = (await api(client, 'GET', `/api/v1/cases?tab=new&limit=1&cursor=${body.next}`)).json() as { items: { id: string }[] };
    assert.notEqual(second.items[0]?.id, body.items[0]!.id);
    const one = (await api(client, 'GET', `/api/v1/cases/${caseId}`)).json() as {
      version: number;
      actions: { name: string }[];
      application: { answers: Record<string, unknown>; attachments: { sha256: string; type: string }[] };
    };
    assert.deepEqual(
      one.actions.map((a) => a.name),
      ['confirmReceipt', 'forward'],
    );
    assert.equal(one.application.answers.municipality, 'Dresden');
    const file = await api(client, 'GET', `/api/v1/cases/${caseId}/files/${one.application.attachments[0]!.sha256}`);
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.ok(file.rawPayload.subarray(0, 5).equals(Buffer.from('%PDF-')));
    assert.equal((await api({ ...client, authorityId: authorities.oba.id }, 'GET', `/api/v1/cases/${caseId}/files/${one.application.attachments[0]!.sha256}`)).statusCode, 404);
    const stale = await api(client, 'POST', `/api/v1/cases/${caseId}/actions`, { action: 'confirmReceipt', version: one.version + 7 });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.headers['content-type'] as string, /application\/problem\+json/);
    const done = await api(client, 'POST', `/api/v1/cases/${caseId}/actions`, { action: 'confirmReceipt', version: one.version });
    assert.equal((done.json() as { state: string }).state, 'inReview');
    const invalid = await api(client, 'POST', `/api/v1/cases/${caseId}/actions`, {
      action: 'requestDocuments',
      version: one.version + 1,
      inputs: { request: 'x', replyBy: 'bald' },
    });
    assert.equal(invalid.statusCode, 422);
    assert.match(invalid.body, /\/input\/replyBy/);
    const unscoped = await api({ ...client, scopes: ['case.read'] }, 'POST', `/api/v1/cases/${caseId}/messages`, { subject: 'Hallo', body: 'Test' });
    assert.equal(unscoped.statusCode, 403);
    const message = await api(client, 'POST', `/api/v1/cases/${caseId}/messages`, { subject: 'Rückfrage', body: 'Bitte rufen Sie uns an.' });
    assert.equal(message.statusCode, 201);
  });

  it('answers 401 to anonymous callers and 403 to citizens on every case endpoint, not an empty inbox', async () => {
    const sha = 'a'.repeat(64);
    const endpoints: ['GET' | 'POST', string, unknown?][] = [
      ['GET', '/api/v1/cases'],
      ['GET', `/api/v1/cases/${caseId}`],
      ['GET', `/api/v1/cases/${caseId}/files/${sha}`],
      ['POST', `/api/v1/cases/${caseId}/actions`, { action: 'confirmReceipt', version: 1 }],
      ['POST', `/api/v1/cases/${caseId}/assignment`, { kind: 'take', version: 1 }],
      ['POST', `/api/v1/cases/${caseId}/approval`, { approve: true, version: 1 }],
      ['POST', `/api/v1/cases/${caseId}/messages`, { subject: 'Hallo', body: 'Test' }],
    ];
    for (const [method, url, payload] of endpoints) {
      const anonymous = await app.inject({ method, url, ...(payload ? { payload: payload as object } : {}) });
      assert.equal(anonymous.statusCode, 401, `${method} ${url}`);
      assert.match(String(anonymous.headers['content-type']), /application\/problem\+json/);
      assert.equal((await api(citizen(tenant), method, url, payload)).statusCode, 403, `${method} ${url}`);
    }
  });

  it('authorizes case actions as a matrix: role × action × authority × tenant', () => {
    const bw = 'another-tenant';
    const resource = { tenantId: tenant, authorityId: authorities.lfulg.id };
    const rows: [string, Actor, Record<'case.read' | 'case.act' | 'case.assign' | 'case.approve', boolean>][] = [
      ['caseWorker', staff(tenant, authorities.lfulg.id, 'caseWorker'), { 'case.read': true, 'case.act': true, 'case.assign': false, 'case.approve': false }],
      ['teamLead', staff(tenant, authorities.lfulg.id, 'teamLead'), { 'case.read': true, 'case.act': true, 'case.assign': true, 'case.approve': true }],
      ['recordsManager', staff(tenant, authorities.lfulg.id, 'recordsManager'), { 'case.read': true, 'case.act': false, 'case.assign': false, 'case.approve': false }],
      ['procedureAdmin', staff(tenant, null, 'procedureAdmin'), { 'case.read': false, 'case.act': false, 'case.assign': false, 'case.approve': false }],
      ['caseWorker elsewhere', staff(tenant, authorities.oba.id, 'caseWorker'), { 'case.read': false, 'case.act': false, 'case.assign': false, 'case.approve': false }],
      ['teamLead other tenant', staff(bw, authorities.lfulg.id, 'teamLead'), { 'case.read': false, 'case.act': false, 'case.assign': false, 'case.approve': false }],
      ['citizen', citizen(tenant), { 'case.read': false, 'case.act': false, 'case.assign': false, 'case.approve': false }],
      [
        'api client',
        { kind: 'apiClient', tenantId: tenant, clientId: 'c', authorityId: authorities.lfulg.id, scopes: ['case.read', 'case.act'] },
        { 'case.read': true, 'case.act': true, 'case.assign': false, 'case.approve': false },
      ],
    ];
    for (const [name, actor, expected] of rows) {
      for (const [action, allowed] of Object.entries(expected)) assert.equal(can(actor, action as 'case.read', resource), allowed, `${name} ${action}`);
    }
  });
});
