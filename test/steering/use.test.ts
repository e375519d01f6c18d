import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newId } from '../../src/core/ids.js';
import type { HttpApp } from '../../src/core/module.js';
import { startApplication, updateDraft } from '../../src/modules/applications/service.js';
import { rebuildFigures, useFigures } from '../../src/modules/steering/index.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { submitNotification } from '../cases/helpers.js';
import { sampleNotification } from '../procedures/bohranzeige-sample.js';
import { citizen, encodeActor, staff, steeringTestModules, tenantId, type Actor } from './helpers.js';

/** Everything the use counters hold for a tenant, in a stable order (zero rows left out: a rebuild writes none). */
async function useCounters(runtime: TestRuntime, tenant: string) {
  const db = runtime.ctx.db;
  const sorted = (rows: object[]) => rows.map((row) => JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))).sort();
  return {
    submissions: sorted(await db.selectFrom('steering_submissions').selectAll().where('tenant_id', '=', tenant).execute()),
    positions: sorted(await db.selectFrom('steering_draft_positions').selectAll().where('tenant_id', '=', tenant).where('drafts', '!=', 0).execute()),
    submitters: sorted(await db.selectFrom('steering_submitters').selectAll().where('tenant_id', '=', tenant).execute()),
  };
}

/**
 * Where drafts give up, the trust levels and businesses vs persons: five Bohranzeigen filed by
 * persons (basis) and one for a company (substanziell) on 2 March 2026; on 3 March six drafts
 * started, five of them saved on to the page "location" and left there, one left on the first
 * page; on 15 April one more started (too recent to count as abandoned on 20 April).
 */
describe('steering use: abandoned drafts, trust levels, businesses vs persons', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let tenant: string;
  let steering: Actor;
  useTestApp(
    async (opened) => {
      ({ app, runtime } = opened);
      tenant = await tenantId(runtime);
      steering = staff(tenant, null, 'steering');
      runtime.clock.set(new Date('2026-03-02T09:00:00Z'));
      for (let index = 0; index < 5; index++) await submitNotification(runtime, citizen(tenant), sampleNotification({ applicantName: `Antragsteller ${index}` }));
      const company = citizen(tenant, { trustLevel: 'substanziell', actingFor: { accountId: newId(), name: 'Bohr GmbH' } });
      await submitNotification(runtime, company, sampleNotification());
      runtime.clock.set(new Date('2026-03-03T09:00:00Z'));
      for (let index = 0; index < 6; index++) {
        const applicant = citizen(tenant);
        const draft = await startApplication(runtime.ctx, applicant, 'bohranzeige');
        if (index < 5) await updateDraft(runtime.ctx, applicant, draft.id, { data: {}, currentPage: 'location', strict: false });
      }
      runtime.clock.set(new Date('2026-04-15T09:00:00Z'));
      await startApplication(runtime.ctx, citizen(tenant), 'bohranzeige');
      runtime.clock.set(new Date('2026-04-20T10:00:00Z'));
    },
    { modules: steeringTestModules },
  );

  it('counts where drafts stand as they move, and takes submitted ones out', async () => {
    const rows = await runtime.ctx.db
      .selectFrom('steering_draft_positions')
      .select(['page', 'day', 'drafts'])
      .where('tenant_id', '=', tenant)
      .where('drafts', '!=', 0)
      .orderBy('day')
      .orderBy('page')
      .execute();
    assert.deepEqual(
      rows.map((row) => [row.page, row.day, Number(row.drafts)]),
      [
        ['applicant', '2026-03-03', 1],
        ['location', '2026-03-03', 5],
        ['applicant', '2026-04-15', 1],
      ],
    );
  });

  it('shows where abandoned drafts gave up, with small counts suppressed', async () => {
    const figures = await useFigures(runtime.ctx, steering, tenant, 'de');
    assert.equal(figures.abandonedAfterDays, 30);
    assert.deepEqual(
      figures.abandoned.map((row) => [row.page, row.pageTitle.length > 0, row.abandoned, row.share]),
      [
        ['applicant', true, '< 5', null],
        ['location', true, 5, 5 / 6],
      ],
    );
  });

  it('counts the trust levels and businesses vs persons of the submissions', async () => {
    const figures = await useFigures(runtime.ctx, steering, tenant, 'de');
    const { procedureKey, basis, substanziell, hoch, none, persons, organisations, organisationShare } = figures.submitters[0]!;
    assert.deepEqual(
      { procedureKey, basis, substanziell, hoch, none, persons, organisations, organisationShare },
      {
        procedureKey: 'bohranzeige',
        basis: 5,
        substanziell: '< 5',
        hoch: 0,
        none: 0,
        persons: 5,
        organisations: '< 5',
        organisationShare: null,
      },
    );
    assert.deepEqual(
      figures.submittersByMonth.map((row) => [row.month, row.persons]),
      [['2026-03', 5]],
    );
    const stored = await runtime.ctx.db
      .selectFrom('steering_submitters')
      .select(['trust_level', 'applicant_kind', 'submitted'])
      .where('tenant_id', '=', tenant)
      .orderBy('trust_level')
      .execute();
    assert.deepEqual(
      stored.map((row) => [row.trust_level, row.applicant_kind, Number(row.submitted)]),
      [
        ['basis', 'person', 5],
        ['substanziell', 'organisation', 1],
      ],
    );
    const columns = Object.keys((await runtime.ctx.db.selectFrom('steering_draft_positions').selectAll().executeTakeFirstOrThrow()) as object);
    assert.deepEqual(columns.sort(), ['day', 'drafts', 'page', 'procedure_key', 'tenant_id'], 'no person, no application id');
  });

  it('rebuilds the same counters from the applications', async () => {
    const before = await useCounters(runtime, tenant);
    await rebuildFigures(runtime.ctx, tenant);
    assert.deepEqual(await useCounters(runtime, tenant), before);
  });

  it('shows both on the use page and exports them as CSV and JSON', async () => {
    const headers = { authorization: `Test ${encodeActor(steering)}` };
    const page = await app.inject({ url: '/steuerung/nutzung', headers: { 'x-test-actor': encodeActor(steering) } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Wo abgebrochen wird/);
    assert.match(page.body, /Wer einreicht/);
    assert.match(page.body, /83,3 %/);
    const abandoned = await app.inject({ url: '/api/v1/steering/use-abandoned.csv', headers });
    assert.equal(abandoned.statusCode, 200);
    const lines = abandoned.body.split('\r\n');
    assert.equal(lines[0], '\uFEFFVerfahren;Letzte erreichte Seite;Abgebrochen;Anteil der Abbrüche im Verfahren');
    assert.match(lines[1]!, /;< 5;$/);
    assert.match(lines[2]!, /;5;83,3 %$/);
    const submitters = await app.inject({ url: '/api/v1/steering/use-submitters.csv', headers });
    assert.equal(
      submitters.body,
      '\uFEFFVerfahren;Monat;Vertrauensniveau basis;Vertrauensniveau substanziell;Vertrauensniveau hoch;Ohne Anmeldung;Personen;Organisationen;Anteil Organisationen\r\n' +
        'Anzeige einer geologischen Untersuchung (Bohranzeige);März 2026;5;< 5;0;0;5;< 5;\r\n',
    );
    const json = (await app.inject({ url: '/api/v1/steering/use-submitters', headers })).json() as { procedures: unknown[]; months: unknown[] };
    assert.equal(json.procedures.length, 1);
    assert.equal(json.months.length, 1);
    assert.equal((await app.inject({ url: '/api/v1/steering/use-abandoned', headers })).json().abandonedAfterDays, 30);
  });
});
