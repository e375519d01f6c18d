import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ForbiddenError, ValidationError } from '../../src/core/errors.js';
import type { HttpApp } from '../../src/core/module.js';
import { kreisFigures } from '../../src/modules/catalog/index.js';
import { comparisonFigures } from '../../src/modules/steering/comparison.js';
import type { TestRuntime } from '../helpers/runtime.js';
import { encodeActor, staff, tenantId, useSteeringHistory, type Actor, type History } from './helpers.js';

/** The Leistungsvergleich over the test history: six Bohranzeigen, each also to the Wasserbehörde of Dresden (never decided there). */
describe('steering: Leistungsvergleich', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let tenant: string;
  let history: History;
  let steering: Actor;
  useSteeringHistory((fixture) => {
    ({ app, runtime, tenant, history, steering } = fixture);
  });

  it('gets the Kreise with outlines and population from the tenant’s catalogue data', async () => {
    const kreise = await kreisFigures(runtime.ctx, tenant);
    assert.equal(kreise.length, 13);
    assert.equal(kreise.find((k) => k.ags === '14612')?.population, 554649);
    assert.ok(kreise.every((k) => k.rings.length > 0 && k.population !== null));
    assert.deepEqual(await kreisFigures(runtime.ctx, await tenantId(runtime, 'bw')), [], 'no Saxon Kreise for Baden-Württemberg');
  });

  it('puts the 13 Wasserbehörden side by side by default: cases per 10,000 inhabitants, backlog', async () => {
    const figures = await comparisonFigures(runtime.ctx, steering, tenant, 'de');
    assert.equal(figures.procedureKey, 'bohranzeige');
    assert.equal(figures.kind, 'water');
    assert.equal(figures.rows.length, 13);
    const dresden = figures.rows.find((row) => row.authorityId === history.authorities.uwb.id)!;
    assert.equal(dresden.population, 554649);
    assert.equal(dresden.cases, 6);
    assert.equal(dresden.perInhabitants, 0.1);
    assert.equal(dresden.open, 6);
    assert.equal(dresden.medianDays, null, 'nothing decided');
    const others = figures.rows.filter((row) => row !== dresden);
    assert.ok(others.every((row) => row.cases === 0 && row.perInhabitants === 0));
    // The map: every Kreis, Dresden's coloured by its figure.
    assert.equal(figures.areas.length, 13);
    assert.equal(figures.areas.find((area) => area.ags === '14612')!.value, 0.1);
    const byOpen = await comparisonFigures(runtime.ctx, steering, tenant, 'de', { figure: 'open' });
    assert.equal(byOpen.areas.find((area) => area.ags === '14612')!.value, 6);
  });

  it('compares other kinds too, refuses unknown choices by field, and only for those who may read the figures', async () => {
    const districts = await comparisonFigures(runtime.ctx, steering, tenant, 'de', { procedure: 'bohranzeige', kind: 'district' });
    assert.ok(districts.rows.length > 1);
    await assert.rejects(comparisonFigures(runtime.ctx, steering, tenant, 'de', { procedure: 'nichts', kind: 'nichts', figure: 'x' }), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.deepEqual(
        error.fields.map((f) => f.pointer),
        ['/procedure', '/kind', '/figure'],
      );
      return true;
    });
    await assert.rejects(comparisonFigures(runtime.ctx, staff(tenant, history.authorities.lfulg.id, 'caseWorker'), tenant, 'de'), ForbiddenError);
  });

  it('draws the map as SVG with a legend and the table, and exports CSV and JSON', async () => {
    const page = await app.inject({ url: '/steuerung/vergleich?figure=open', headers: { 'x-test-actor': encodeActor(steering) } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<svg[^>]*aria-hidden="true"/);
    assert.match(page.body, /data-ags="14612" fill="#08519c"/);
    assert.match(page.body, /<table class="kern-table">/);
    assert.match(page.body, /554\.649/);
    const refused = await app.inject({ url: '/steuerung/vergleich?kind=nichts', headers: { 'x-test-actor': encodeActor(steering) } });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /href="#kind"/);
    const headers = { authorization: `Test ${encodeActor(steering)}` };
    const csv = await app.inject({ url: '/api/v1/steering/comparison.csv?procedure=bohranzeige&kind=water', headers });
    const lines = csv.body.split('\r\n');
    assert.equal(lines[0], '\uFEFFBehörde;Einwohner;Vorgänge;Vorgänge je 10.000 Einwohner;Entschieden;Median (Arbeitstage);Offen;Anteil nach Fristablauf');
    assert.match(lines.find((line) => line.startsWith(history.authorities.uwb.name))!, /;554\.649;6;0,1;0;;6;$/);
    const json = await app.inject({ url: '/api/v1/steering/comparison?figure=median', headers });
    assert.equal(json.statusCode, 200);
    assert.equal((json.json() as { rows: unknown[]; figure: string }).rows.length, 13);
    const problem = await app.inject({ url: '/api/v1/steering/comparison?figure=x', headers });
    assert.equal(problem.statusCode, 422);
    assert.match(problem.body, /"pointer":"\/figure"/);
  });
});
