import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../src/core/module.js';
import type { TestRuntime } from '../helpers/runtime.js';
import { Browser, staffSession } from '../catalog/staff.js';
import { Agent } from '../identity/helpers.js';
import { encodeActor, staff, tenantId, useSteeringHistory, type Actor, type History } from './helpers.js';

describe('steering over HTTP', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let tenant: string;
  let history: History;
  let steering: Actor;
  useSteeringHistory((fixture) => {
    ({ app, runtime, tenant, history, steering } = fixture);
  });

  const as = (actor: Actor) => new Agent(app, { 'x-test-actor': encodeActor(actor) });
  const api = (actor: Actor, method: 'GET' | 'PUT', url: string, payload?: object) =>
    app.inject({ method, url, headers: { authorization: `Test ${encodeActor(actor)}` }, ...(payload ? { payload } : {}) });

  it('shows the pages to the steering role, with the link in the header; refuses other staff and sends strangers to sign in', async () => {
    for (const path of ['/steuerung', '/steuerung/reifegrad', '/steuerung/behoerden', '/steuerung/tempo', '/steuerung/nutzung', '/steuerung/reifegrad/bohranzeige']) {
      const page = await as(steering).get(path);
      assert.equal(page.statusCode, 200, path);
    }
    // A signed-in steering member finds the pages in the header; a case worker does not.
    const signedIn = new Browser(app, (await staffSession(runtime, tenant, 'steering', 'Stefan Steuer')).token);
    assert.match((await signedIn.get('/steuerung/tempo')).body, /<a class="kern-link" href="\/steuerung" aria-current="page">Steuerung<\/a>/);
    const workerSession = new Browser(app, (await staffSession(runtime, tenant, 'caseWorker', 'Sabine Geologin', history.authorities.lfulg.id)).token);
    assert.doesNotMatch((await workerSession.get('/bearbeitung')).body, /href="\/steuerung"/);
    assert.equal((await as(staff(tenant, null, 'tenantAdmin')).get('/steuerung/tempo')).statusCode, 200);
    const worker = await as(staff(tenant, history.authorities.lfulg.id, 'caseWorker')).get('/steuerung');
    assert.equal(worker.statusCode, 403);
    const anonymous = await app.inject({ url: '/steuerung/tempo' });
    assert.equal(anonymous.statusCode, 303);
    assert.match(String(anonymous.headers.location), /^\/anmelden\?zurueck=/);
    assert.equal((await as(staff(await tenantId(runtime, 'bw'), null, 'steering')).get('/steuerung')).statusCode, 403, 'another tenant’s steering on this tenant’s host');
  });

  it('draws the speed as SVG with the same figures in a table, German formats and small counts suppressed', async () => {
    const body = (await as(steering).get('/steuerung/tempo')).body;
    assert.match(body, /<svg[^>]*aria-hidden="true"/);
    assert.match(body, /März 2026/);
    assert.match(body, /&lt; 5/);
    assert.match(body, /<table class="kern-table">/);
    assert.doesNotMatch(body, /Antragsteller \d/, 'no applicant reaches the steering pages');
  });

  it('exports each view as CSV for German Excel and as JSON', async () => {
    const csv = await api(steering, 'GET', '/api/v1/steering/speed.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv; charset=utf-8/);
    const lines = csv.body.split('\r\n');
    assert.equal(lines[0]!.charCodeAt(0), 0xfeff);
    assert.equal(
      lines[0]!.slice(1),
      'Verfahren;Behörde;Entschieden;Median (Arbeitstage);90 % entschieden nach (Arbeitstage);Durchschnitt (Arbeitstage);davon Warten auf Antragstellende (Arbeitstage);Frist eingehalten;Offen;Offen seit über 30 Tagen;Ältester offener Vorgang (Tage)',
    );
    const lfulg = lines.find((line) => line.includes(history.authorities.lfulg.name))!;
    assert.match(lfulg, /;5;8;10;8;1;[^;]*;< 5;< 5;$/);
    const oba = lines.find((line) => line.includes(history.authorities.oba.name))!;
    assert.match(oba, /;< 5;;;;;/, 'figures of fewer than 5 decisions are left empty');

    const use = await api(steering, 'GET', '/api/v1/steering/use.csv');
    assert.equal(use.body, '\uFEFFVerfahren;Begonnen;Abgeschickt;Abschlussquote\r\nAnzeige einer geologischen Untersuchung (Bohranzeige);7;6;85,7 %\r\n');
    const trend = await api(steering, 'GET', '/api/v1/steering/trend.csv');
    assert.match(trend.body, /\r\nMärz 2026;18;7;9;10;/);

    const json = await api(steering, 'GET', '/api/v1/steering/speed');
    assert.equal(json.statusCode, 200);
    const figures = json.json() as { rows: { authorityId: string; decided: number | string; open: number | string }[] };
    assert.deepEqual(
      figures.rows.filter((r) => r.authorityId === history.authorities.oba.id).map((r) => [r.decided, r.open]),
      [['< 5', '< 5']],
    );
    const maturity = await api(steering, 'GET', '/api/v1/steering/maturity.csv');
    assert.match(maturity.body, /^\uFEFFLeistung;Themenfeld;Reifegrad aus den Daten;Reifegrad;Begründung\r\n/);
    assert.equal((await api(steering, 'GET', '/api/v1/steering/maturity')).statusCode, 200);
    const byAuthority = await api(steering, 'GET', '/api/v1/steering/maturity-authorities.csv');
    assert.match(byAuthority.body, new RegExp(`\r\n${history.authorities.lfulg.name.replace(/[()]/g, '\\$&')};\\d+;`));
    assert.equal((await api(staff(tenant, history.authorities.lfulg.id, 'caseWorker'), 'GET', '/api/v1/steering/speed.csv')).statusCode, 403);
    assert.equal((await app.inject({ url: '/api/v1/steering/speed' })).statusCode, 401);
  });

  it('lets an API client with the steering.read scope read its own tenant’s exports, and no other', async () => {
    const client = (tenantOf: string, scopes: string[]): Actor => ({ kind: 'apiClient', tenantId: tenantOf, clientId: 'bi', authorityId: history.authorities.lfulg.id, scopes });
    const reader = client(tenant, ['steering.read']);
    for (const url of ['/api/v1/steering/use', '/api/v1/steering/speed.csv', '/api/v1/steering/maturity', '/api/v1/steering/trend.csv']) {
      assert.equal((await api(reader, 'GET', url)).statusCode, 200, url);
    }
    // Tenant-wide: the figures of the other authorities too, not only the client's own.
    const speed = (await api(reader, 'GET', '/api/v1/steering/speed')).json() as { rows: { authorityId: string }[] };
    assert.ok(speed.rows.some((r) => r.authorityId === history.authorities.oba.id));
    assert.equal((await api(client(tenant, ['case.read']), 'GET', '/api/v1/steering/use')).statusCode, 403, 'without the scope');
    assert.equal((await api(client(await tenantId(runtime, 'bw'), ['steering.read']), 'GET', '/api/v1/steering/use')).statusCode, 403, 'another tenant’s client');
    assert.equal((await api(reader, 'PUT', '/api/v1/steering/maturity/bohranzeige', { level: 2, reason: 'x' })).statusCode, 403, 'reading only');
  });

  it('refuses an override without a reason, next to the field and as problem+json, and takes one with a reason', async () => {
    const browser = as(steering);
    const refused = await browser.post('/steuerung/reifegrad/bohranzeige', { level: '2', reason: '' });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /href="#reason"/);
    assert.match(refused.body, /Bitte geben Sie eine Begründung an\./);
    const problem = await api(steering, 'PUT', '/api/v1/steering/maturity/bohranzeige', { level: 2, reason: '' });
    assert.equal(problem.statusCode, 422);
    assert.match(String(problem.headers['content-type']), /^application\/problem\+json/);
    assert.match(problem.body, /"pointer":"\/reason"/);
    const saved = await browser.post('/steuerung/reifegrad/bohranzeige', { level: '2', reason: 'Antrag wird im Bundesportal gestellt' });
    assert.equal(saved.statusCode, 303);
    assert.match((await browser.get('/steuerung/reifegrad')).body, /Antrag wird im Bundesportal gestellt/);
    assert.equal((await api(steering, 'PUT', '/api/v1/steering/maturity/bohranzeige', { level: null, reason: 'wieder aus den Daten' })).statusCode, 204);
  });
});
