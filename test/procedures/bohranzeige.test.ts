import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { StepUpRequiredError } from '../../src/modules/applications/errors.js';
import { applicationStatus } from '../../src/modules/applications/status.js';
import { followUpReminder, listFollowUps } from '../../src/modules/applications/follow-ups.js';
import { checkMayApply, getApplication, startApplication, submitApplication, updateDraft } from '../../src/modules/applications/service.js';
import { formsModule, parseFormDefinition, regionCheckOf } from '../../src/modules/forms/index.js';
import { composeModules } from '../../src/core/module.js';
import { validateSubmission } from '../../src/modules/forms/validate.js';
import { catalogModule, listAuthoritiesByKind } from '../../src/modules/catalog/index.js';
import { createTestApp, createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { Agent } from '../identity/helpers.js';
import { performAction } from '../../src/modules/cases/service.js';
import { authoritiesOf, caseAt, caseTestModules, citizen, encodeActor, staff, submitNotification, tenantId, type Actor } from '../cases/helpers.js';
import { sampleNotification, shallowNotification } from './bohranzeige-sample.js';

const form = parseFormDefinition(JSON.parse(fs.readFileSync('procedures/bohranzeige/form.json', 'utf8')));
/** 2026-03-01, five weeks before the sample's start on 2026-04-06. */
const now = new Date('2026-03-01T10:00:00Z');
/** Inside the base map `saxony` that the catalogue data of the tenant sn ships. */
const insideRegion = regionCheckOf(composeModules([formsModule, catalogModule]), 'sn');
const validate = (data: Record<string, unknown>, at = now) =>
  validateSubmission(form, { ...data, sitePlan: [{ name: 'lageplan.pdf', type: 'application/pdf', size: 1000 }] }, { now: at, lang: 'de', insideRegion });
const warningIds = (data: Record<string, unknown>, at = now) => validate(data, at).warnings.map((w) => w.params?.reason);

describe('drilling notification pack: the form (§ 2.8)', () => {
  it('accepts the sample and derives the routing facts', () => {
    const { value, errors } = validate(sampleNotification());
    assert.deepEqual(errors, []);
    assert.equal(value.deepDrilling, true);
    assert.equal(value.waterAuthority, true);
    assert.equal(value.probeCount, 2);
  });

  it('asks only what the answers make relevant', () => {
    const natural = validate(sampleNotification({ applicantKind: 'natural' })).value;
    assert.equal(natural.representative, undefined, 'a natural person has no representative');
    const shallow = validate(shallowNotification()).value;
    assert.equal(shallow.probeCount, undefined, 'no heat-probe page without heat probes');
    const dry = validate(
      sampleNotification({
        boreholes: [{ designation: 'B1', purpose: 'foundation', depth: 5, direction: 'vertical', drillingMethod: 'dry', additives: 'Bentonit', groundwater: false }],
      }),
    ).value;
    assert.equal((dry.boreholes as Record<string, unknown>[])[0]!.additives, undefined, 'additives only for flush drilling');
    const missing = validate(sampleNotification({ grout: undefined, probeCount: undefined })).errors.map((e) => e.pointer);
    assert.deepEqual(missing, ['/probeCount', '/grout']);
  });

  it('takes a geophysical survey with its area, methods and measuring points, without boreholes', () => {
    const survey = sampleNotification({
      investigation: { title: 'Geoelektrik Talaue', purpose: 'Erkundung', method: 'geophysics', startDate: '2026-04-06', endDate: '2026-04-20', commercial: true },
      surveyArea: {
        crs: 'EPSG:25833',
        points: [
          [411000, 5655000],
          [412000, 5655000],
          [412000, 5656000],
        ],
      },
      geophysicsMethods: ['geoelectrics', 'seismics'],
      measuringPoints: [{ name: 'P1', position: { crs: 'EPSG:4326', lon: 13.74, lat: 51.05 } }],
      boreholes: undefined,
      probeCount: undefined,
      heatingCapacityKw: undefined,
      probeType: undefined,
      fluidWgk: undefined,
      grout: undefined,
    });
    const { value, errors } = validate(survey);
    assert.deepEqual(errors, []);
    assert.deepEqual(value.geophysicsMethods, ['seismics', 'geoelectrics'], 'code-list order');
    assert.equal((value.surveyArea as { points: unknown[] }).points.length, 4, 'closed ring');
    assert.ok((value.measuringPoints as { position: { easting: number } }[])[0]!.position.easting > 400_000, 'WGS84 converted to UTM');
    assert.equal(value.extent, undefined);
    const outside = validate({ ...survey, measuringPoints: [{ name: 'P1', position: { crs: 'EPSG:4326', lon: 10.0, lat: 50.0 } }] }).errors;
    assert.deepEqual(
      outside.map((e) => e.pointer),
      ['/measuringPoints/0/position'],
    );
  });

  it('warns about the notice periods: GeolDG and BBergG two weeks, water law one month before the start', () => {
    assert.deepEqual(warningIds(sampleNotification()), ['rule.bbergg'], 'five weeks ahead: only the note that the Oberbergamt is involved');
    const threeWeeks = new Date('2026-03-16T10:00:00Z');
    assert.deepEqual(warningIds(sampleNotification(), threeWeeks), ['rule.waterPeriod', 'rule.bbergg']);
    const tenDays = new Date('2026-03-27T10:00:00Z');
    assert.deepEqual(warningIds(sampleNotification(), tenDays), ['rule.notificationPeriod', 'rule.bberggPeriod', 'rule.waterPeriod', 'rule.bbergg']);
    assert.deepEqual(warningIds(shallowNotification(), threeWeeks), [], 'no water authority, no deep drilling');
  });
});

describe('drilling notification pack: who may file', () => {
  it('asks someone acting for an organisation for trust level substanziell, a person for basis', () => {
    const procedure = JSON.parse(fs.readFileSync('procedures/bohranzeige/procedure.json', 'utf8'));
    const person = citizen('t');
    const company = citizen('t', { actingFor: { accountId: 'org', name: 'Wärme & Bohr GmbH' } } as never);
    assert.doesNotThrow(() => checkMayApply(person, procedure));
    assert.throws(
      () => checkMayApply(company, procedure),
      (error: unknown) => error instanceof StepUpRequiredError && error.required === 'substanziell',
    );
    assert.doesNotThrow(() => checkMayApply({ ...company, trustLevel: 'substanziell' } as Actor, procedure));
  });
});

describe('drilling notification pack: routing through the applications service', () => {
  let runtime: TestRuntime;
  let anna: Actor;
  let tenant: string;
  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules });
    tenant = await tenantId(runtime);
    anna = citizen(tenant);
  });
  after(() => runtime.dispose());

  async function routed(data: Record<string, unknown>) {
    const id = await submitNotification(runtime, anna, data);
    const status = await applicationStatus(runtime.ctx, anna, id);
    const cases = await runtime.ctx.db
      .selectFrom('cases')
      .select(['authority_id'])
      .where('tenant_id', '=', tenant)
      .where('application_id', '=', id)
      .where('kind', '=', 'case')
      .execute();
    assert.deepEqual(cases.map((c) => c.authority_id).sort(), status.recipients.map((r) => r.authorityId).sort(), 'each recipient its own case');
    assert.ok(
      status.recipients.every((r) => r.status.length > 0),
      'the applicant sees a status per authority',
    );
    return status.recipients.map((r) => r.name);
  }

  it("sends a deep heat-probe notification in Dresden to the LfULG, the Oberbergamt and the city's water authority", async () => {
    const names = await routed(sampleNotification());
    assert.equal(names.length, 3);
    assert.match(names[0]!, /Landesamt für Umwelt/);
    assert.match(names[1]!, /Oberbergamt/);
    assert.match(names[2]!, /Dresden/);
  });

  it('sends a shallow foundation boring without groundwater only to the LfULG', async () => {
    assert.deepEqual(
      (await routed(shallowNotification())).map((n) => /Landesamt/.test(n)),
      [true],
    );
  });

  it('involves the water authority of the district where the site lies for a well, even without groundwater flagged', async () => {
    const water = await listAuthoritiesByKind(runtime.ctx, tenant, 'water');
    const leipzig = water.find((a) => a.name.includes('Leipzig') && !a.name.includes('Landkreis'));
    assert.ok(leipzig, 'the catalogue has the city of Leipzig');
    const names = await routed(shallowNotification2({ site: { crs: 'EPSG:4326', lon: 12.3731, lat: 51.3397 }, municipality: 'Leipzig' }));
    assert.equal(names.length, 2);
    assert.equal(names[1], leipzig.name);
  });
});

describe('drilling notification pack: letters of the workflow', () => {
  let runtime: TestRuntime;
  let tenant: string;
  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules });
    tenant = await tenantId(runtime);
  });
  after(() => runtime.dispose());

  it('lets the water authority send a statement and draft the permit with conditions; the LfULG cannot draft a permit', async () => {
    const authorities = await authoritiesOf(runtime, tenant);
    const applicationId = await submitNotification(runtime, citizen(tenant));
    const act = async (authorityId: string, action: string, inputs: Record<string, unknown> = {}) => {
      const kase = await caseAt(runtime, applicationId, authorityId);
      return performAction(runtime.ctx, staff(tenant, authorityId, 'caseWorker'), kase.id, { action, version: Number(kase.version), inputs });
    };
    await act(authorities.uwb.id, 'confirmReceipt');
    await act(authorities.uwb.id, 'sendStatement', { statement: 'Gegen die Bohrung bestehen keine Bedenken.' });
    const uwbCase = await caseAt(runtime, applicationId, authorities.uwb.id);
    const messages = await runtime.ctx.db
      .selectFrom('messages')
      .select(['subject', 'body'])
      .where('tenant_id', '=', tenant)
      .where('application_id', '=', applicationId)
      .where('direction', '=', 'out')
      .execute();
    const statement = messages.find((m) => m.subject.startsWith('Stellungnahme'));
    assert.ok(statement, 'the statement reaches the Postfach');
    assert.match(statement.body, /keine Bedenken/);
    assert.match(statement.body, /§ 9 GeolDG/);

    await act(authorities.uwb.id, 'draftPermit', {
      use: 'Errichtung und Betrieb von zwei Erdwärmesonden',
      validUntil: '2046-12-31',
      conditions: '1. Die Sonden sind frostbeständig zu verpressen.\n2. Der Bohrbeginn ist eine Woche vorher mitzuteilen.',
      fee: '150',
    });
    const permit = await runtime.ctx.db.selectFrom('case_documents').selectAll().where('case_id', '=', uwbCase.id).executeTakeFirstOrThrow();
    assert.match(permit.body, /^# Wasserrechtliche Erlaubnis/);
    assert.match(permit.body, /zwei Erdwärmesonden in Dresden/);
    assert.match(permit.body, /31\.12\.2046/);
    assert.match(permit.body, /frostbeständig zu verpressen/);
    assert.match(permit.body, /150,00 EUR/);

    await act(authorities.lfulg.id, 'confirmReceipt');
    await assert.rejects(act(authorities.lfulg.id, 'draftPermit', { use: 'x', validUntil: '2030-01-01', conditions: 'x' }), /guard|refused|not/i);
  });
});

/** A 40 m well without groundwater flagged (the purpose alone makes the water authority competent). */
function shallowNotification2(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    ...shallowNotification(),
    boreholes: [{ designation: 'BR1', purpose: 'well', depth: 40, direction: 'vertical', drillingMethod: 'flush', groundwater: false }],
    ...overrides,
  };
}

describe('drilling notification pack: the map of the places', () => {
  it("draws Saxony's Kreise with the boreholes and names the Kreis for confirmation (SVG, no style attributes)", async () => {
    const { render } = await import('preact-render-to-string');
    const { h } = await import('preact');
    const { MapPreview } = await import('../../src/modules/forms/index.js');
    // The catalogue contributes the base map `saxony` of the tenant sn (its data) to a runtime that has both modules.
    const extensions = composeModules([formsModule, catalogModule]);
    const view = { lang: 'de', tenant: { slug: 'sn' }, t: (key: string, params: Record<string, unknown> = {}) => `${key} ${JSON.stringify(params)}`, extensions } as never;
    const { value } = validate(sampleNotification());
    const svg = render(h(MapPreview, { view, form, value }));
    assert.match(svg, /<svg[^>]+role="img"/);
    assert.equal((svg.match(/<circle /g) ?? []).length, 3, 'two boreholes and the site');
    assert.ok(svg.includes('>B1</text>') && svg.includes('>B2</text>'));
    assert.equal((svg.match(/fill="#cfe3f7"/g) ?? []).length, 1, 'one Kreis highlighted');
    assert.ok(svg.includes(`districts&quot;:&quot;Kreisfreie Stadt Dresden&quot;`), 'the Kreis named in the text alternative');
    assert.ok(!svg.includes('style='), 'CSP: presentation attributes only');
    const nothing = render(h(MapPreview, { view, form, value: { ...value, site: undefined, boreholes: [] } }));
    assert.equal(nothing, '');
  });

  it('shows the map on the check page and on the case page', async () => {
    const { app, runtime } = await createTestApp({ modules: caseTestModules });
    try {
      const tenant = await tenantId(runtime);
      const { lfulg } = await authoritiesOf(runtime, tenant);
      const applicant = citizen(tenant);
      const applicationId = await submitNotification(runtime, applicant);
      const kase = await caseAt(runtime, applicationId, lfulg.id);
      const casePage = await new Agent(app, { 'x-test-actor': encodeActor(staff(tenant, lfulg.id, 'caseWorker')) }).get(`/bearbeitung/vorgaenge/${kase.id}`);
      assert.equal(casePage.statusCode, 200);
      assert.match(casePage.body, /<figure class="aw-map"><svg [^>]*role="img" aria-labelledby="answers-map-title answers-map-desc"/);
      assert.match(casePage.body, /Die Lage ergibt: Kreisfreie Stadt Dresden/);
    } finally {
      await app.close();
      await runtime.dispose();
    }
  });
});

describe('drilling notification pack: follow-up duties and the linked results procedure', () => {
  let runtime: TestRuntime;
  let tenant: string;
  let anna: Actor;
  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules });
    tenant = await tenantId(runtime);
    anna = citizen(tenant);
  });
  after(() => runtime.dispose());

  const results = (reference: string, overrides: Record<string, unknown> = {}) => ({
    notification: reference,
    kind: 'results',
    duty: 'fachdaten',
    applicantName: 'Wärme & Bohr GmbH',
    email: 'info@waerme-bohr.example',
    borehole: 'B1',
    layerEntry: 'table',
    layers: [
      { depthFrom: 0, depthTo: 2.5, rock: 'Auelehm', colour: 'braun' },
      { depthFrom: 2.5, depthTo: 120.5, rock: 'Granodiorit', notes: 'ab 40 m geklüftet' },
    ],
    completion: 'Doppel-U-Sonde DN 32',
    backfill: 'ThermoCem Plus',
    pumpingTest: false,
    ...overrides,
  });

  async function submitResults(actor: Actor, data: Record<string, unknown>) {
    const draft = await startApplication(runtime.ctx, actor, 'bohrergebnisse');
    await updateDraft(runtime.ctx, actor, draft.id, { data, strict: true });
    return submitApplication(runtime.ctx, actor, draft.id);
  }

  it('creates the § 9 duty three months after the notified end, with reminders before and after, closed by the results', async () => {
    const id = await submitNotification(runtime, anna);
    const duties = await listFollowUps(runtime.ctx, anna, id);
    assert.deepEqual(
      duties.map((d) => [d.duty, d.dueOn, d.status, d.procedureKey]),
      [['fachdaten', '2026-07-10', 'open', 'bohrergebnisse']],
      'end 10.04.2026 + 3 months; no § 10 duty without exploration',
    );
    const jobs = await runtime.ctx.db.selectFrom('outbox_jobs').select(['run_at', 'payload']).where('type', '=', 'applications.followUpReminder').execute();
    assert.deepEqual(jobs.map((j) => j.run_at.slice(0, 10)).sort(), ['2026-06-26', '2026-07-11', '2026-07-24']);

    const reminder = JSON.parse(jobs[0]!.payload) as { tenantId: string; followUpId: string; offset: number };
    const mails = () => runtime.ctx.db.selectFrom('outbox_jobs').select('payload').where('type', '=', 'mail.send').execute();
    const before = (await mails()).length;
    await followUpReminder(runtime.ctx, reminder, { id: 'j', type: 'applications.followUpReminder', tenantId: tenant, attempts: 1, createdAt: '', fence: async () => {} });
    const sent = (await mails()).slice(before).map((m) => JSON.parse(m.payload) as { to: string; subject: string });
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.to, 'info@waerme-bohr.example');
    assert.match(sent[0]!.subject, /Fachdaten übermitteln .* 10\.07\.2026/);

    const reference = (await getApplication(runtime.ctx, anna, id)).reference!;
    const stranger = citizen(tenant);
    await submitResults(stranger, results(reference));
    assert.equal((await listFollowUps(runtime.ctx, anna, id))[0]!.status, 'open', 'another person cannot close the duty');
    await submitResults(
      anna,
      results(reference, {
        kind: 'extension',
        duty: undefined,
        layers: undefined,
        layerEntry: undefined,
        borehole: undefined,
        completion: undefined,
        backfill: undefined,
        pumpingTest: undefined,
        requestedDate: '2026-09-30',
        extensionReason: 'Labor überlastet',
      }),
    );
    assert.equal((await listFollowUps(runtime.ctx, anna, id))[0]!.status, 'open', 'an extension request does not fulfil the duty');
    const { application } = await submitResults(anna, results(reference));
    const [done] = await listFollowUps(runtime.ctx, anna, id);
    assert.deepEqual([done!.status, done!.fulfilledBy], ['fulfilled', application.id]);
    assert.equal((await applicationStatus(runtime.ctx, anna, id)).followUps[0]!.status, 'fulfilled', 'the status page shows it');

    const afterFulfilled = (await mails()).length;
    await followUpReminder(runtime.ctx, reminder, { id: 'j', type: 'applications.followUpReminder', tenantId: tenant, attempts: 1, createdAt: '', fence: async () => {} });
    assert.equal((await mails()).length, afterFulfilled, 'no reminder once fulfilled');
  });

  it('adds the § 10 duty (six months) for mineral exploration and checks the layer table', async () => {
    const exploration = sampleNotification({
      boreholes: [{ designation: 'E1', purpose: 'exploration', depth: 60, direction: 'vertical', drillingMethod: 'core', groundwater: false }],
      probeCount: undefined,
      heatingCapacityKw: undefined,
      probeType: undefined,
      fluidWgk: undefined,
      grout: undefined,
    });
    const id = await submitNotification(runtime, anna, exploration);
    assert.deepEqual(
      (await listFollowUps(runtime.ctx, anna, id)).map((d) => [d.duty, d.dueOn]),
      [
        ['fachdaten', '2026-07-10'],
        ['laborergebnisse', '2026-10-12'],
      ],
      '10.10.2026 is a Saturday',
    );
    const draft = await startApplication(runtime.ctx, anna, 'bohrergebnisse');
    const saved = await updateDraft(runtime.ctx, anna, draft.id, { data: results('SN-2026-AAAA-AA', { layers: [{ depthFrom: 5, depthTo: 2, rock: 'Sand' }] }), strict: true });
    assert.ok(saved.validation.errors.some((e) => e.pointer === '/layers' && e.params?.reason === 'rule.layerDepths'));
  });
});
