import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../../src/core/module.js';
import type { Actor } from '../../../src/modules/access/index.js';
import { listAuthoritiesByKind } from '../../../src/modules/catalog/index.js';
import { createApiClient } from '../../../src/modules/identity/api-clients.js';
import { getPlan } from '../../../src/modules/records/plan/index.js';
import { useTestApp, type TestRuntime } from '../../helpers/runtime.js';
import { Browser, staffSession } from '../../catalog/staff.js';

describe('Aktenplan pages and API', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let sn: string;
  let lfulg: string;
  let oba: string;
  let manager: Browser;
  let managerActor: Actor;
  let caseWorker: Browser;
  let token: string;
  useTestApp(async (opened) => {
    ({ app, runtime } = opened);
    sn = (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow()).id;
    lfulg = (await listAuthoritiesByKind(runtime.ctx, sn, 'geology'))[0]!.id;
    oba = (await listAuthoritiesByKind(runtime.ctx, sn, 'mining'))[0]!.id;
    const session = await staffSession(runtime, sn, 'recordsManager', 'Rita Registratur', lfulg);
    manager = new Browser(app, session.token);
    managerActor = {
      kind: 'staff',
      tenantId: sn,
      accountId: session.accountId,
      name: 'Rita Registratur',
      trustLevel: 'substanziell',
      memberships: [{ authorityId: lfulg, role: 'recordsManager' }],
    };
    caseWorker = new Browser(app, (await staffSession(runtime, sn, 'caseWorker', 'Carl Case', lfulg)).token);
    const admin: Actor = { kind: 'staff', tenantId: sn, accountId: 'admin', name: 'Admin', trustLevel: 'substanziell', memberships: [{ authorityId: null, role: 'tenantAdmin' }] };
    ({ token } = await createApiClient(runtime.ctx, admin, sn, { name: 'DMS', authorityId: lfulg, scopes: ['records.plan.read', 'records.plan.edit'] }));
  });

  const h1 = (html: string) => /<h1[^>]*>(.*?)<\/h1>/s.exec(html)?.[1];
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...headers }, ...(payload === undefined ? {} : { payload: payload as string }) });

  /** A multipart body as a browser sends the import form. */
  const multipart = (fields: Record<string, string>, file: string) => {
    const boundary = `----aw${Math.random().toString(16).slice(2)}`;
    const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="csv"; filename="plan.csv"\r\nContent-Type: text/csv\r\n\r\n${file}\r\n--${boundary}--\r\n`);
    return { body: parts.join(''), type: `multipart/form-data; boundary=${boundary}` };
  };

  let planId = '';

  it('sends visitors to sign in, refuses staff without a records role, links the pages for those with one', async () => {
    const anonymous = await app.inject('/verwaltung/aktenplan');
    assert.equal(anonymous.statusCode, 303);
    const steering = new Browser(app, (await staffSession(runtime, sn, 'steering', 'Stefan Steuer', lfulg)).token);
    assert.equal((await steering.get('/verwaltung/aktenplan')).statusCode, 403);
    assert.doesNotMatch((await steering.get('/konto')).body, /href="\/verwaltung\/aktenplan"/);
    assert.match((await caseWorker.get('/konto')).body, /href="\/verwaltung\/aktenplan">Aktenplan</);
    const list = await caseWorker.get('/verwaltung/aktenplan');
    assert.equal(list.statusCode, 200);
    assert.doesNotMatch(list.body, /Neuen Aktenplan anlegen/, 'a case worker reads but does not create');
  });

  it('creates a plan and units through the forms, with field errors and an error summary', async () => {
    const created = await manager.post('/verwaltung/aktenplan', { authorityId: lfulg, title: 'Aktenplan LfULG', validFrom: '' });
    assert.equal(created.statusCode, 303);
    planId = String(created.headers.location).split('/').pop()!;
    const refused = await manager.post(`/verwaltung/aktenplan/${planId}/einheiten/neu`, {
      version: '1',
      kennzeichen: '52 10',
      title: '',
      parentId: '',
      retentionYears: 'zehn',
      disposal: 'A',
      formation: 'case',
      validFrom: '',
      validTo: '',
      reason: '',
    });
    assert.equal(refused.statusCode, 422);
    assert.match(h1(refused.body)!, /Neue Einheit anlegen/);
    assert.match(refused.body, /<title>Fehler: /);
    assert.match(refused.body, /aw-error-summary[\s\S]*href="#kennzeichen"[\s\S]*href="#title"[\s\S]*href="#retentionYears"/);
    assert.match(refused.body, /id="kennzeichen-error"/);
    assert.match(refused.body, /value="zehn"/, 'what was typed stays');
    const ok = await manager.post(`/verwaltung/aktenplan/${planId}/einheiten/neu`, {
      version: '1',
      kennzeichen: '52',
      title: 'Geologie',
      parentId: '',
      retentionYears: 'unbefristet',
      disposal: 'A',
      formation: 'case',
      validFrom: '',
      validTo: '',
      reason: '',
    });
    assert.equal(ok.statusCode, 303);
    const top = (await getPlan(runtime.ctx, managerActor, planId)).units[0]!;
    await manager.post(`/verwaltung/aktenplan/${planId}/einheiten/neu`, {
      version: '2',
      kennzeichen: '52.10',
      title: 'Bohranzeigen',
      parentId: top.id,
      retentionYears: '30',
      disposal: 'A',
      formation: 'case',
      validFrom: '',
      validTo: '',
      reason: 'Neue Aufgabe',
    });
    const page = await caseWorker.get(`/verwaltung/aktenplan/${planId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<strong>52<\/strong> Geologie[\s\S]*<ul[^>]*>[\s\S]*<strong>52\.10<\/strong> Bohranzeigen/);
    assert.match(page.body, /Aufbewahrung: 30 Jahre · Aussonderung: A – archivwürdig/);
    assert.doesNotMatch(page.body, /Bearbeiten|Datei prüfen und importieren/, 'no editing for a case worker');
    assert.equal((await caseWorker.get(`/verwaltung/aktenplan/${planId}/einheiten/${top.id}`)).statusCode, 403);
  });

  it('edits, refuses a stale form, retires with a reason and shows the history', async () => {
    const child = (await getPlan(runtime.ctx, managerActor, planId)).units.find((u) => u.kennzeichen === '52.10')!;
    const url = `/verwaltung/aktenplan/${planId}/einheiten/${child.id}`;
    const form = await manager.get(url);
    const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
    const values = {
      kennzeichen: '52.10',
      title: 'Anzeigen nach GeolDG',
      parentId: child.parentId!,
      retentionYears: '30',
      disposal: 'A',
      formation: 'case',
      validFrom: '',
      validTo: '',
    };
    assert.equal((await manager.post(url, { version, ...values, reason: '' })).statusCode, 422, 'a change needs a reason');
    assert.equal((await manager.post(url, { version, ...values, reason: 'Begriff nach Gesetz' })).statusCode, 303);
    const stale = await manager.post(url, { version, ...values, title: 'Überschrieben', reason: 'x' }, url);
    assert.equal(stale.statusCode, 409, 'the form was based on an older version');
    assert.match(stale.body, /inzwischen geändert/);
    const retire = await manager.post(`${url}/stilllegen`, { version: String(Number(version) + 1), reason: '' }, url);
    assert.equal(retire.statusCode, 422);
    assert.match(retire.body, /href="#retireReason"/);
    assert.equal((await manager.post(`${url}/stilllegen`, { version: String(Number(version) + 1), reason: 'Aufgabe übertragen' }, url)).statusCode, 303);
    const history = await caseWorker.get(`/verwaltung/aktenplan/${planId}/historie`);
    assert.equal(history.statusCode, 200);
    assert.match(history.body, /Stillgelegt<\/strong> 52\.10[\s\S]*Aufgabe übertragen/);
    assert.match(history.body, /Titel: Bohranzeigen → Anzeigen nach GeolDG/);
    assert.match(history.body, /Rita Registratur/);
  });

  it('exports CSV and imports a file through the form: all or nothing, errors by line', async () => {
    const csv = await manager.get(`/verwaltung/aktenplan/${planId}/aktenplan.csv`);
    assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(csv.body, /52\.10;52;Anzeigen nach GeolDG;30;A;case;;2026-03-02;ja/);
    assert.match((await manager.get(`/verwaltung/aktenplan/${planId}`)).body, /href="[^"]+\/aktenplan\.xml" download>Als XDOMEA 0301 herunterladen</);
    await manager.get(`/verwaltung/aktenplan/${planId}`);
    const csrf = manager.csrfToken();
    const version = String((await getPlan(runtime.ctx, managerActor, planId)).plan.version);
    const send = (file: string, reason: string, withCsrf = true) => {
      const { body, type } = multipart({ ...(withCsrf ? { _csrf: csrf } : {}), version, reason }, file);
      return manager.postMultipart(`/verwaltung/aktenplan/${planId}/import`, body, type);
    };
    const good = `${csv.body}52.20;52;Hydrogeologie;10;V;year;;;nein\r\n`;
    assert.equal((await send(good, 'Ergänzung', false)).statusCode, 403, 'CSRF is checked for the multipart form too');
    const bad = await send(`${csv.body}52.20;53;Hydrogeologie;zehn;V;year;;;nein\r\n`, 'Ergänzung');
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Zeile 4, Spalte uebergeordnet: Die übergeordnete Einheit 53 steht nicht/);
    assert.match(bad.body, /Zeile 4, Spalte aufbewahrung_jahre: Geben Sie die Aufbewahrungsfrist/);
    assert.equal((await getPlan(runtime.ctx, managerActor, planId)).units.length, 2, 'nothing imported');
    const imported = await send(good, 'Ergänzung');
    assert.equal(imported.statusCode, 303);
    assert.match((await manager.get(String(imported.headers.location))).body, /Import abgeschlossen\. Neue Einheiten: 1, geänderte Einheiten: 0\./);
  });

  it('serves the API to a client with the scopes, problem+json with field paths for bad input', async () => {
    const list = await api('GET', '/api/v1/records/plans');
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json().items.map((p: { id: string }) => p.id),
      [planId],
    );
    const plan = await api('GET', `/api/v1/records/plans/${planId}`);
    const top = plan.json().units.find((u: { kennzeichen: string }) => u.kennzeichen === '52');
    const created = await api('POST', `/api/v1/records/plans/${planId}/units`, {
      parentId: top.id,
      kennzeichen: '52.30',
      title: 'Geothermie',
      retentionYears: 15,
      disposal: 'B',
      formation: 'site',
      validFrom: null,
      validTo: null,
    });
    assert.equal(created.statusCode, 201);
    assert.equal(created.json().unit.formation, 'site');
    const schemaError = await api('POST', `/api/v1/records/plans/${planId}/units`, {
      parentId: null,
      kennzeichen: '53',
      title: 'X',
      retentionYears: -1,
      disposal: 'Q',
      formation: 'case',
      validFrom: null,
      validTo: null,
    });
    assert.equal(schemaError.statusCode, 400, 'the schema refuses it before the service');
    assert.equal(schemaError.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.ok(schemaError.json().errors.some((e: { pointer: string }) => e.pointer === '/retentionYears'));
    const serviceError = await api('POST', `/api/v1/records/plans/${planId}/units`, {
      parentId: null,
      kennzeichen: '52',
      title: 'Doppelt',
      retentionYears: 1,
      disposal: 'V',
      formation: 'case',
      validFrom: '2026-13-01',
      validTo: null,
    });
    assert.equal(serviceError.statusCode, 422);
    assert.deepEqual(
      serviceError.json().errors.map((e: { pointer: string }) => e.pointer),
      ['/validFrom', '/kennzeichen'],
    );
    assert.match(serviceError.json().errors[0].detail, /JJJJ-MM-TT/);

    const tree = (await api('GET', `/api/v1/records/plans/${planId}/tree`)).json();
    assert.deepEqual(
      tree.units.map((u: { kennzeichen: string; parent: string | null }) => `${u.parent ?? '-'}>${u.kennzeichen}`),
      ['->52', '52>52.10', '52>52.20', '52>52.30'],
    );
    const rows = [
      ...tree.units,
      { kennzeichen: '52.40', parent: '52.99', title: '', retentionYears: 5, disposal: 'V', formation: 'case', validFrom: null, validTo: null, retired: false },
    ];
    const refused = await api('PUT', `/api/v1/records/plans/${planId}/tree`, { units: rows, reason: 'Abgleich' });
    assert.equal(refused.statusCode, 422);
    assert.deepEqual(
      refused.json().errors.map((e: { pointer: string }) => e.pointer),
      ['/units/4/parent', '/units/4/title'],
    );
    const csvImport = await api(
      'PUT',
      `/api/v1/records/plans/${planId}/csv?reason=Abgleich`,
      'kennzeichen;uebergeordnet;titel;aufbewahrung_jahre;aussonderungsart;aktenbildung;gueltig_ab;gueltig_bis;stillgelegt\n52.50;;X;1;V;case;;;nein\n',
      { 'content-type': 'text/csv' },
    );
    assert.equal(csvImport.statusCode, 200);
    assert.deepEqual(csvImport.json().created, ['52.50']);
    assert.match((await api('GET', `/api/v1/records/plans/${planId}/csv`)).body, /52\.50;;X;1;V;case/);
    const xml = await api('GET', `/api/v1/records/plans/${planId}/xdomea`);
    assert.match(xml.body, /<xdomea:Aktenplan\.Aktenplan\.0301 [\s\S]*<xdomea:Kennzeichen>52\.50<\/xdomea:Kennzeichen>/);
    const again = await api('PUT', `/api/v1/records/plans/${planId}/xdomea?reason=Abgleich`, xml.body, { 'content-type': 'application/xml' });
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json().created, []);
    const foreign = await api('PUT', `/api/v1/records/plans/${planId}/xdomea?reason=Abgleich`, '<nicht', { 'content-type': 'application/xml' });
    assert.equal(foreign.statusCode, 422);
    assert.equal(foreign.json().errors[0].pointer, '/xml');

    const settings = await api('PUT', `/api/v1/records/settings/${lfulg}`, {
      planId,
      fileNumberPattern: '{kennzeichen}-{seq:3}',
      mode: 'xdomea-abgabe',
      handoverTarget: 'ftp://dms',
    });
    assert.equal(settings.statusCode, 422);
    assert.deepEqual(
      settings.json().errors.map((e: { pointer: string }) => e.pointer),
      ['/handoverTarget'],
    );
    assert.equal((await api('PUT', `/api/v1/records/settings/${lfulg}`, { planId, fileNumberPattern: '{kennzeichen}-{seq:3}/{yyyy}', mode: 'internal' })).statusCode, 200);
    assert.equal((await api('GET', `/api/v1/records/settings/${lfulg}`)).json().fileNumberPattern, '{kennzeichen}-{seq:3}/{yyyy}');
    assert.equal((await api('GET', `/api/v1/records/settings/${oba}`)).statusCode, 403, 'another authority’s settings');
  });

  it('edits the records settings of the authority in the form', async () => {
    const url = `/verwaltung/aktenplan/einstellungen/${lfulg}`;
    const refused = await manager.post(url, { planId, fileNumberPattern: '{kennzeichen}-{nr}', mode: 'xdomea-abgabe', handoverTarget: '' });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /href="#fileNumberPattern"[\s\S]*href="#handoverTarget"/);
    assert.match(refused.body, /Den Platzhalter \{nr\} gibt es nicht/);
    const saved = await manager.post(url, { planId, fileNumberPattern: '{kennzeichen}-{seq:4}/{yyyy}', mode: 'xdomea-abgabe', handoverTarget: '/srv/eakte/eingang' });
    assert.equal(saved.statusCode, 303);
    assert.match((await manager.get(String(saved.headers.location))).body, /Die Einstellungen wurden gespeichert/);
    const read = await caseWorker.get(url);
    assert.match(read.body, /\/srv\/eakte\/eingang/);
    assert.doesNotMatch(read.body, /Einstellungen speichern/);
  });
});
