import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../src/core/errors.js';
import type { Actor, StaffRole } from '../../../src/modules/access/index.js';
import { listAuthoritiesByKind } from '../../../src/modules/catalog/index.js';
import {
  createPlan,
  createUnit,
  exportPlanTree,
  filingUnit,
  getPlan,
  getRecordSettings,
  importPlanCsv,
  importPlanTree,
  listPlans,
  planHistory,
  planTreeToCsv,
  recordSettingsOf,
  retireUnit,
  saveRecordSettings,
  seedDemoRecordPlans,
  updateUnit,
  type UnitFields,
} from '../../../src/modules/records/plan/index.js';
import { createTestRuntime, type TestRuntime } from '../../helpers/runtime.js';
import { after } from 'node:test';

const fields = (kennzeichen: string, more: Partial<UnitFields> = {}): UnitFields => ({
  kennzeichen,
  title: `Einheit ${kennzeichen}`,
  retentionYears: 10,
  disposal: 'B',
  formation: 'case',
  validFrom: null,
  validTo: null,
  ...more,
});

/** The field pointers of a ValidationError, to compare with what the caller should be told. */
async function pointers(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ValidationError) return error.fields.map((f) => `${f.pointer} ${f.code}`);
    throw error;
  }
  assert.fail('expected a ValidationError');
}

describe('Aktenplan service', () => {
  let runtime: TestRuntime;
  let sn: string;
  let bw: string;
  let lfulg: string;
  let oba: string;
  const staff = (role: StaffRole, authorityId: string | null, tenantId = sn): Actor => ({
    kind: 'staff',
    tenantId,
    accountId: `acc-${role}-${authorityId}`,
    name: `${role} ${authorityId ?? 'Land'}`,
    trustLevel: 'substanziell',
    memberships: [{ authorityId, role }],
  });

  before(async () => {
    runtime = await createTestRuntime();
    const tenants = await runtime.ctx.db.selectFrom('tenants').select(['id', 'slug']).execute();
    sn = tenants.find((t) => t.slug === 'sn')!.id;
    bw = tenants.find((t) => t.slug === 'bw')!.id;
    lfulg = (await listAuthoritiesByKind(runtime.ctx, sn, 'geology'))[0]!.id;
    oba = (await listAuthoritiesByKind(runtime.ctx, sn, 'mining'))[0]!.id;
  });
  after(() => runtime.dispose());

  it('lets only the records manager and tenant administrator edit, staff of the authority read, nobody else anything', async () => {
    const ctx = runtime.ctx;
    const manager = staff('recordsManager', lfulg);
    await assert.rejects(createPlan(ctx, staff('caseWorker', lfulg), { authorityId: lfulg, title: 'X', validFrom: null }), ForbiddenError);
    await assert.rejects(createPlan(ctx, staff('recordsManager', oba), { authorityId: lfulg, title: 'X', validFrom: null }), ForbiddenError);
    await assert.rejects(
      createPlan(ctx, manager, { authorityId: null, title: 'Gemeinsam', validFrom: null }),
      ForbiddenError,
      'an authority’s records manager cannot edit the shared plan',
    );
    const plan = await createPlan(ctx, manager, { authorityId: lfulg, title: 'Aktenplan LfULG', validFrom: '2026-01-01' });
    const { unit } = await createUnit(ctx, manager, plan.id, { parentId: null, fields: fields('52'), reason: null });

    // Reading: staff of the LfULG, not of the Oberbergamt, not the steering role, not another tenant.
    assert.equal((await getPlan(ctx, staff('caseWorker', lfulg), plan.id)).units.length, 1);
    assert.equal((await getPlan(ctx, staff('caseWorker', lfulg), plan.id)).mayEdit, false);
    for (const outsider of [staff('caseWorker', oba), staff('steering', lfulg), staff('tenantAdmin', null, bw), { kind: 'anonymous', tenantId: sn } as Actor]) {
      await assert.rejects(getPlan(ctx, outsider, plan.id), NotFoundError);
      assert.ok(!(await listPlans(ctx, outsider)).some((p) => p.id === plan.id));
    }
    for (const [who, actor] of [
      ['case worker', staff('caseWorker', lfulg)],
      ['team lead', staff('teamLead', lfulg)],
      ['other records manager', staff('recordsManager', oba)],
    ] as const) {
      await assert.rejects(
        updateUnit(ctx, actor, plan.id, unit.id, { parentId: null, fields: fields('52', { title: 'Gekapert' }), reason: 'x' }),
        who === 'other records manager' ? NotFoundError : ForbiddenError,
        who,
      );
    }
    // The tenant administrator (tenant-wide) edits every plan, including the shared one; staff of any authority read that.
    const admin = staff('tenantAdmin', null);
    await updateUnit(ctx, admin, plan.id, unit.id, { parentId: null, fields: fields('52', { title: 'Geologie' }), reason: 'Titel nach Organisationserlass' });
    const shared = await createPlan(ctx, admin, { authorityId: null, title: 'Einheitsaktenplan', validFrom: null });
    assert.equal((await getPlan(ctx, staff('caseWorker', oba), shared.id)).plan.title, 'Einheitsaktenplan');
    await assert.rejects(createUnit(ctx, staff('recordsManager', oba), shared.id, { parentId: null, fields: fields('01'), reason: null }), ForbiddenError);
    // An API client with the scope, of the plan's authority only.
    const client = (authorityId: string, scopes: string[]): Actor => ({ kind: 'apiClient', tenantId: sn, clientId: 'dms', authorityId, scopes });
    await createUnit(ctx, client(lfulg, ['records.plan.read', 'records.plan.edit']), plan.id, { parentId: null, fields: fields('53'), reason: null });
    await assert.rejects(createUnit(ctx, client(lfulg, ['records.plan.read']), plan.id, { parentId: null, fields: fields('54'), reason: null }), ForbiddenError);
    await assert.rejects(getPlan(ctx, client(oba, ['records.plan.read']), plan.id), NotFoundError);
  });

  it('versions every change with before, after, who and why, and refuses a stale version', async () => {
    const ctx = runtime.ctx;
    const manager = staff('recordsManager', oba);
    const plan = await createPlan(ctx, manager, { authorityId: oba, title: 'Aktenplan OBA', validFrom: null });
    assert.equal(plan.version, 1);
    const top = await createUnit(ctx, manager, plan.id, { parentId: null, fields: fields('31', { retentionYears: null, disposal: 'A' }), reason: null, expectedVersion: 1 });
    assert.equal(top.version, 2);
    const child = await createUnit(ctx, manager, plan.id, { parentId: top.unit.id, fields: fields('31.20'), reason: 'Neue Aufgabe' });
    const leaf = await createUnit(ctx, manager, plan.id, { parentId: child.unit.id, fields: fields('31.20.10', { retentionYears: 30 }), reason: null });
    const updated = await updateUnit(ctx, manager, plan.id, leaf.unit.id, {
      parentId: child.unit.id,
      fields: fields('31.20.10', { retentionYears: 30, title: 'Bohrungen über 100 m' }),
      reason: 'Titel präzisiert',
      expectedVersion: leaf.version,
    });
    assert.equal(updated.version, leaf.version + 1);
    await assert.rejects(
      updateUnit(ctx, manager, plan.id, leaf.unit.id, { parentId: child.unit.id, fields: fields('31.20.10'), reason: 'alt', expectedVersion: leaf.version }),
      ConflictError,
    );
    const retired = await retireUnit(ctx, manager, plan.id, child.unit.id, { reason: 'Aufgabe entfallen' });
    assert.deepEqual(retired.retired, ['31.20', '31.20.10'], 'the subtree is retired with its root');

    const history = await planHistory(ctx, manager, plan.id);
    assert.deepEqual(
      history.map((h) => `${h.planVersion} ${h.change}`),
      ['6 retire', '6 retire', '5 update', '4 create', '3 create', '2 create', '1 create'],
    );
    const update = history.find((h) => h.change === 'update')!;
    assert.equal(update.before?.title, 'Einheit 31.20.10');
    assert.equal(update.after?.title, 'Bohrungen über 100 m');
    assert.equal(update.after?.parent, '31.20');
    assert.equal(update.reason, 'Titel präzisiert');
    assert.equal(update.actorName, `recordsManager ${oba}`);
    const view = await getPlan(ctx, manager, plan.id);
    assert.equal(view.plan.version, 6);
    const leafNow = view.units.find((u) => u.kennzeichen === '31.20.10')!;
    assert.equal(leafNow.retired, true);
    assert.equal(leafNow.validTo, '2026-03-02', 'retired today (the test clock)');
    // Audited in the hash chain.
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('object_id', '=', plan.id).execute();
    assert.deepEqual(audit.map((a) => a.action).sort(), [
      'records.plan.create',
      'records.plan.unit.create',
      'records.plan.unit.create',
      'records.plan.unit.create',
      'records.plan.unit.retire',
      'records.plan.unit.update',
    ]);
    await assert.rejects(retireUnit(ctx, manager, plan.id, child.unit.id, { reason: 'nochmal' }), ConflictError);
    // Nothing goes under a retired unit, and a unit cannot hang below itself.
    assert.deepEqual(await pointers(createUnit(ctx, manager, plan.id, { parentId: child.unit.id, fields: fields('31.20.20'), reason: null })), [
      '/parentId records.plan.error.parentRetired',
    ]);
    const other = await createUnit(ctx, manager, plan.id, { parentId: top.unit.id, fields: fields('31.30'), reason: null });
    const below = await createUnit(ctx, manager, plan.id, { parentId: other.unit.id, fields: fields('31.30.10'), reason: null });
    assert.deepEqual(await pointers(updateUnit(ctx, manager, plan.id, other.unit.id, { parentId: below.unit.id, fields: fields('31.30'), reason: 'x' })), [
      '/parentId records.plan.error.parentCycle',
    ]);
  });

  it('reports every bad field at once, with its pointer, and writes nothing', async () => {
    const ctx = runtime.ctx;
    const manager = staff('recordsManager', lfulg);
    const plan = await createPlan(ctx, manager, { authorityId: lfulg, title: 'Prüfplan', validFrom: null });
    await createUnit(ctx, manager, plan.id, { parentId: null, fields: fields('52'), reason: null });
    const bad = {
      kennzeichen: '52 10',
      title: ' ',
      retentionYears: Number.NaN,
      disposal: 'X',
      formation: 'monthly',
      validFrom: '2026-02-30',
      validTo: null,
    } as unknown as UnitFields;
    assert.deepEqual(await pointers(createUnit(ctx, manager, plan.id, { parentId: 'nope', fields: bad, reason: null })), [
      '/kennzeichen records.plan.error.kennzeichenFormat',
      '/title records.plan.error.titleRequired',
      '/retentionYears records.plan.error.retention',
      '/disposal records.plan.error.disposal',
      '/formation records.plan.error.formation',
      '/validFrom records.plan.error.date',
      '/parentId records.plan.error.parentUnknown',
    ]);
    assert.deepEqual(
      await pointers(createUnit(ctx, manager, plan.id, { parentId: null, fields: fields('52', { validFrom: '2026-05-01', validTo: '2026-04-01' }), reason: null })),
      ['/validTo records.plan.error.validToBeforeFrom', '/kennzeichen records.plan.error.kennzeichenTaken'],
    );
    const unit = (await getPlan(ctx, manager, plan.id)).units[0]!;
    assert.deepEqual(await pointers(updateUnit(ctx, manager, plan.id, unit.id, { parentId: null, fields: fields('52'), reason: '' })), [
      '/reason records.plan.error.reasonRequired',
    ]);
    assert.equal((await getPlan(ctx, manager, plan.id)).plan.version, 2, 'refused changes leave the version alone');
  });

  it('exports CSV and imports it into another plan unchanged; a changed file updates, creates and keeps the rest', async () => {
    const ctx = runtime.ctx;
    const manager = staff('recordsManager', lfulg);
    const source = await createPlan(ctx, manager, { authorityId: lfulg, title: 'Quelle', validFrom: null });
    const top = await createUnit(ctx, manager, source.id, { parentId: null, fields: fields('52', { title: 'Geologie; Boden "und" Wasser' }), reason: null });
    const mid = await createUnit(ctx, manager, source.id, { parentId: top.unit.id, fields: fields('52.10', { retentionYears: null, disposal: 'A' }), reason: null });
    await createUnit(ctx, manager, source.id, { parentId: mid.unit.id, fields: fields('52.10.20', { retentionYears: 30, disposal: 'A', validFrom: '2020-01-01' }), reason: null });
    const old = await createUnit(ctx, manager, source.id, { parentId: mid.unit.id, fields: fields('52.10.90', { formation: 'year' }), reason: null });
    await retireUnit(ctx, manager, source.id, old.unit.id, { reason: 'alt' });
    const tree = await exportPlanTree(ctx, manager, source.id);
    const csv = planTreeToCsv(tree);
    assert.match(csv, /^\uFEFFkennzeichen;uebergeordnet;titel;aufbewahrung_jahre;aussonderungsart;aktenbildung;gueltig_ab;gueltig_bis;stillgelegt\r\n/);
    assert.match(csv, /\r\n52;;"Geologie; Boden ""und"" Wasser";10;B;case;;;nein\r\n/);
    assert.match(csv, /\r\n52\.10;52;Einheit 52\.10;unbefristet;A;case;;;nein\r\n/);

    const target = await createPlan(ctx, manager, { authorityId: lfulg, title: 'Quelle', validFrom: null });
    const imported = await importPlanCsv(ctx, manager, target.id, csv, { reason: 'Übernahme' });
    assert.deepEqual(imported.created, ['52', '52.10', '52.10.20', '52.10.90']);
    assert.deepEqual(await exportPlanTree(ctx, manager, target.id), tree, 'the round trip keeps every field and the tree');
    assert.equal(imported.version, 2, 'one import is one version');
    assert.equal((await planHistory(ctx, manager, target.id)).filter((h) => h.change === 'import').length, 4);

    const again = await importPlanCsv(ctx, manager, target.id, csv, { reason: 'nochmal' });
    assert.deepEqual([again.created, again.updated, again.unchanged], [[], [], 4]);
    const changed = csv.replace('Einheit 52.10.20;30', 'Bohranzeigen;30').replace(/\r\n$/, '\r\n52.20;52;Hydrogeologie;10;V;year;;;nein\r\n');
    const result = await importPlanTree(ctx, manager, target.id, { ...tree, units: [] }, { reason: 'leer' });
    assert.equal(result.unchanged, 0, 'units the tree does not name stay');
    const second = await importPlanCsv(ctx, manager, target.id, changed, { reason: 'Erweiterung' });
    assert.deepEqual([second.created, second.updated], [['52.20'], ['52.10.20']]);
    assert.equal((await getPlan(ctx, manager, target.id)).units.length, 5);
  });

  it('refuses a bad CSV file as a whole, naming each line and column', async () => {
    const ctx = runtime.ctx;
    const manager = staff('recordsManager', lfulg);
    const plan = await createPlan(ctx, manager, { authorityId: lfulg, title: 'Import', validFrom: null });
    const old = await createUnit(ctx, manager, plan.id, { parentId: null, fields: fields('99'), reason: null });
    await retireUnit(ctx, manager, plan.id, old.unit.id, { reason: 'alt' });
    const csv = [
      'kennzeichen;uebergeordnet;titel;aufbewahrung_jahre;aussonderungsart;aktenbildung;gueltig_ab;gueltig_bis;stillgelegt',
      '52;;Geologie;10;A;case;;;nein',
      '52.10;52;;zehn;Z;case;01.01.2026;;vielleicht',
      '52.20;51;"Mehr-',
      'zeilig";5;V;year;;;',
      '52;;Doppelt;5;V;case;;;nein',
      '99;;Wieder offen;5;V;case;;;nein',
    ].join('\n');
    const problems = await pointers(importPlanCsv(ctx, manager, plan.id, csv, { reason: 'Import' }));
    assert.deepEqual(problems, [
      '/lines/3/stillgelegt records.plan.csv.yesNo',
      '/lines/4/uebergeordnet records.plan.csv.parentUnknown',
      '/lines/3/titel records.plan.error.titleRequired',
      '/lines/3/aufbewahrung_jahre records.plan.error.retention',
      '/lines/3/aussonderungsart records.plan.error.disposal',
      '/lines/3/gueltig_ab records.plan.error.date',
      '/lines/6/kennzeichen records.plan.error.kennzeichenTwice',
      '/lines/7/stillgelegt records.plan.error.reopen',
    ]);
    assert.deepEqual(
      (await getPlan(ctx, manager, plan.id)).units.map((u) => u.kennzeichen),
      ['99'],
      'nothing of the file was written',
    );
    assert.deepEqual(await pointers(importPlanCsv(ctx, manager, plan.id, 'kennzeichen;titel\n52;X', { reason: 'Import' })), ['/lines/1 records.plan.csv.columns']);
    assert.deepEqual(await pointers(importPlanCsv(ctx, manager, plan.id, '', { reason: 'Import' })), ['/lines records.plan.csv.empty']);
    await assert.rejects(importPlanCsv(ctx, staff('caseWorker', lfulg), plan.id, csv, { reason: 'x' }), ForbiddenError);
  });

  it('keeps records settings per authority: defaults, validation of the pattern and the hand-over target, and the filing unit', async () => {
    const ctx = runtime.ctx;
    const manager = staff('recordsManager', oba);
    const plan = await createPlan(ctx, manager, { authorityId: oba, title: 'Aktenplan Bergbau', validFrom: null });
    await createUnit(ctx, manager, plan.id, { parentId: null, fields: fields('31.20.10', { retentionYears: 30 }), reason: null });
    const defaults = await recordSettingsOf(ctx, sn, oba);
    assert.deepEqual(
      { ...defaults, planId: typeof defaults.planId },
      { authorityId: oba, planId: 'string', fileNumberPattern: '{kennzeichen}-{seq:4}/{yyyy}', mode: 'internal', handoverTarget: null, saved: false },
    );
    const save = (input: Partial<Parameters<typeof saveRecordSettings>[3]>, actor = manager) =>
      saveRecordSettings(ctx, actor, oba, { planId: plan.id, fileNumberPattern: '{kennzeichen}-{seq:4}/{yyyy}', mode: 'internal', handoverTarget: null, ...input });
    assert.deepEqual(await pointers(save({ fileNumberPattern: '{kennzeichen}-{nr}' })), ['/fileNumberPattern records.settings.error.placeholderUnknown']);
    assert.deepEqual(await pointers(save({ fileNumberPattern: '{yyyy}-{seq:4}' })), ['/fileNumberPattern records.settings.error.patternIncomplete']);
    assert.deepEqual(await pointers(save({ fileNumberPattern: '{kennzeichen}-{seq:4}}' })), ['/fileNumberPattern records.settings.error.braces']);
    assert.deepEqual(await pointers(save({ mode: 'xdomea-abgabe', handoverTarget: 'http://dms.example.org/in' })), ['/handoverTarget records.settings.error.handoverTarget']);
    assert.deepEqual(await pointers(save({ mode: 'xdomea-abgabe', handoverTarget: '/srv/../etc' })), ['/handoverTarget records.settings.error.handoverTarget']);
    const lfulgPlan = (await listPlans(ctx, staff('recordsManager', lfulg)))[0]!;
    assert.deepEqual(await pointers(save({ planId: lfulgPlan.id })), ['/planId records.settings.error.plan']);
    await assert.rejects(save({}, staff('caseWorker', oba)), ForbiddenError);
    const saved = await save({ fileNumberPattern: '{authority}/{kennzeichen}-{seq:5}/{yyyy}', mode: 'xdomea-abgabe', handoverTarget: 'https://eakte.sachsen.example/xdomea' });
    assert.equal(saved.saved, true);
    const read = await getRecordSettings(ctx, staff('caseWorker', oba), oba);
    assert.equal(read.fileNumberPattern, '{authority}/{kennzeichen}-{seq:5}/{yyyy}');
    assert.equal(read.handoverTarget, 'https://eakte.sachsen.example/xdomea');
    assert.equal(read.mayEdit, false);
    await assert.rejects(getRecordSettings(ctx, staff('caseWorker', lfulg), oba), ForbiddenError);
    assert.equal((await filingUnit(ctx, sn, oba, '31.20.10'))?.retentionYears, 30);
    assert.equal(await filingUnit(ctx, sn, oba, '52.10.20'), undefined);
  });

  it('seeds the demo plans of data/records with the units the shipped procedures file under, once', async () => {
    const fresh = await createTestRuntime();
    try {
      await seedDemoRecordPlans(fresh.ctx);
      await seedDemoRecordPlans(fresh.ctx);
      const tenant = (await fresh.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow()).id;
      const idOf = async (key: string) =>
        (await fresh.ctx.db.selectFrom('authorities').select('id').where('tenant_id', '=', tenant).where('key', '=', key).executeTakeFirstOrThrow()).id;
      const contract: [string, string, string, number | null, string][] = [
        ['lfulg', '52.10.20', 'case', 30, 'A'],
        ['lfulg', '52.10.30', 'case', null, 'A'],
        ['oba', '31.20.10', 'case', 30, 'B'],
        ['uwb-14522', '66.30.10', 'year', 10, 'V'],
        ...['bautzen', 'chemnitz', 'dresden', 'leipzig', 'zwickau'].map((s): [string, string, string, number | null, string] => [`lasub-${s}`, '03.10.20', 'applicant', 1, 'V']),
      ];
      for (const [key, kennzeichen, formation, years, disposal] of contract) {
        const authorityId = await idOf(key);
        const unit = await filingUnit(fresh.ctx, tenant, authorityId, kennzeichen);
        assert.deepEqual(unit && [unit.formation, unit.retentionYears, unit.disposal], [formation, years, disposal], `${key} ${kennzeichen}`);
        const settings = await recordSettingsOf(fresh.ctx, tenant, authorityId);
        assert.deepEqual([settings.saved, settings.fileNumberPattern, settings.mode], [true, '{kennzeichen}-{seq:4}/{yyyy}', 'internal']);
      }
      assert.equal(
        (await fresh.ctx.db.selectFrom('record_plans').select('id').where('tenant_id', '=', tenant).execute()).length,
        8,
        'one plan per authority, not again on the second run',
      );
    } finally {
      await fresh.dispose();
    }
  });
});
