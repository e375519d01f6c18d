import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ForbiddenError, ValidationError } from '../../src/core/errors.js';
import { maturityFigures, rebuildFigures, setMaturityOverride, speedFigures, useFigures } from '../../src/modules/steering/index.js';
import type { AppContext } from '../../src/core/context.js';
import type { RunnableCommand } from '../../src/core/module.js';
import { steeringCommand } from '../../src/modules/steering/rebuild.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { fileHistory, staff, steeringTestModules, tenantId, type Actor, type History } from './helpers.js';

/** Everything the counters hold for a tenant, in a stable order (to compare the listeners' figures with a rebuild's). */
async function counters(runtime: TestRuntime, tenant: string) {
  const db = runtime.ctx.db;
  const sorted = (rows: object[]) => rows.map((row) => JSON.stringify(row, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))).sort();
  return {
    submissions: sorted(await db.selectFrom('steering_submissions').selectAll().where('tenant_id', '=', tenant).execute()),
    monthly: sorted(await db.selectFrom('steering_cases_monthly').selectAll().where('tenant_id', '=', tenant).execute()),
    durations: sorted(await db.selectFrom('steering_durations').selectAll().where('tenant_id', '=', tenant).execute()),
    backlog: sorted(await db.selectFrom('steering_backlog').selectAll().where('tenant_id', '=', tenant).where('cases', '!=', 0).execute()),
  };
}

describe('steering figures', () => {
  let runtime: TestRuntime;
  let tenant: string;
  let history: History;
  let steering: Actor;
  before(async () => {
    runtime = await createTestRuntime({ modules: steeringTestModules });
    tenant = await tenantId(runtime);
    history = await fileHistory(runtime, tenant);
    steering = staff(tenant, null, 'steering');
    runtime.clock.set(new Date('2026-04-20T10:00:00Z'));
  });
  after(() => runtime.dispose());

  it('counts submissions, openings, decisions and the clock that stood still as they happen', async () => {
    const submitted = await runtime.ctx.db.selectFrom('steering_submissions').selectAll().where('tenant_id', '=', tenant).orderBy('day').execute();
    assert.deepEqual(
      submitted.map((row) => [row.procedure_key, row.day, Number(row.started), Number(row.submitted)]),
      [...['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'].map((day) => ['bohranzeige', day, 1, 1]), ['bohranzeige', '2026-03-09', 2, 1]],
    );
    const lfulg = await runtime.ctx.db
      .selectFrom('steering_cases_monthly')
      .selectAll()
      .where('tenant_id', '=', tenant)
      .where('authority_id', '=', history.authorities.lfulg.id)
      .executeTakeFirstOrThrow();
    assert.equal(lfulg.month, '2026-03');
    assert.equal(Number(lfulg.opened), 6);
    assert.equal(Number(lfulg.decided), 5);
    // Filed on 2–6 March, decided on 16 March: 10, 9, 8, 7 and 6 working days.
    assert.equal(Number(lfulg.working_days), 10 + 9 + 8 + 7 + 6);
    // Waiting from 9 March to 16 March: five working days.
    assert.equal(Number(lfulg.waiting_days), 5);
  });

  it('reads speed per procedure and authority from the counters, with counts below 5 suppressed', async () => {
    const figures = await speedFigures(runtime.ctx, steering, tenant, 'de');
    assert.equal(figures.fromMonth, '2025-05');
    assert.equal(figures.toMonth, '2026-04');
    const row = (authorityId: string) => figures.rows.find((r) => r.authorityId === authorityId)!;
    const lfulg = row(history.authorities.lfulg.id);
    assert.equal(lfulg.procedureTitle, 'Anzeige einer geologischen Untersuchung (Bohranzeige)');
    assert.equal(lfulg.decided, 5);
    assert.equal(lfulg.medianDays, 8);
    assert.equal(lfulg.p90Days, 10);
    assert.equal(lfulg.averageDays, 8);
    assert.equal(lfulg.averageWaitingDays, 1);
    assert.equal(lfulg.open, '< 5');
    assert.equal(lfulg.oldestOpenDays, null, 'the age of fewer than 5 open cases is not shown');
    const oba = row(history.authorities.oba.id);
    assert.equal(oba.decided, '< 5');
    assert.equal(oba.medianDays, null);
    assert.equal(oba.averageDays, null);
    assert.equal(oba.open, '< 5');
    const water = row(history.authorities.uwb.id);
    assert.equal(water.decided, 0);
    assert.equal(water.open, 6);
    assert.equal(water.openOver30Days, 6);
    assert.equal(water.oldestOpenDays, 49); // 2 March to 20 April
    const march = figures.months.find((m) => m.month === '2026-03')!;
    assert.deepEqual({ opened: march.opened, decided: march.decided, median: march.medianDays }, { opened: 18, decided: 7, median: 9 }); // 6, 7, 8, 9, 9, 10, 10
    assert.equal(figures.months.find((m) => m.month === '2026-04')!.decided, 0);
  });

  it('reads the use: started and submitted per procedure and month, and the completion rate', async () => {
    const figures = await useFigures(runtime.ctx, steering, tenant, 'de');
    assert.deepEqual(
      figures.procedures.map((p) => [p.procedureKey, p.started, p.submitted, Math.round((p.completion ?? 0) * 1000)]),
      [['bohranzeige', 7, 6, 857]],
    );
    const march = figures.months.find((m) => m.month === '2026-03')!;
    assert.deepEqual([march.started, march.submitted], [7, 6]);
    assert.equal(figures.months.find((m) => m.month === '2026-02')!.completion, null, 'no rate without 5 started drafts');
  });

  it('rebuilds the same counters from the applications and cases', async () => {
    const before = await counters(runtime, tenant);
    assert.deepEqual(await rebuildFigures(runtime.ctx, tenant), { submissions: 6, cases: 18 });
    assert.deepEqual(await counters(runtime, tenant), before);
    // The same through `amtsweg steering rebuild`; an unknown tenant is refused with exit code 1.
    const rebuild = steeringCommand.subcommands.rebuild as RunnableCommand<AppContext>;
    assert.equal(await rebuild.run(runtime.ctx, { args: [], options: { tenant: 'sn' } }), 0);
    assert.deepEqual(await counters(runtime, tenant), before);
    assert.equal(await rebuild.run(runtime.ctx, { args: [], options: { tenant: 'nirgendwo' } }), 1);
  });

  it('lets only the steering role, the tenant administrators and API clients with the scope, of the same tenant, read the figures', async () => {
    const bw = await tenantId(runtime, 'bw');
    await speedFigures(runtime.ctx, staff(tenant, null, 'tenantAdmin'), tenant, 'de');
    const refused: Actor[] = [
      staff(tenant, history.authorities.lfulg.id, 'caseWorker'),
      staff(tenant, null, 'procedureAdmin'),
      staff(bw, null, 'steering'),
      { kind: 'citizen', tenantId: tenant, accountId: 'x', name: 'Anna', trustLevel: 'basis', actingFor: null },
      { kind: 'apiClient', tenantId: tenant, clientId: 'c', authorityId: history.authorities.lfulg.id, scopes: ['case.read'] },
      { kind: 'apiClient', tenantId: bw, clientId: 'c', authorityId: history.authorities.lfulg.id, scopes: ['steering.read'] },
    ];
    // An API client with the scope reads the tenant-wide figures (not set a Reifegrad).
    const client: Actor = { kind: 'apiClient', tenantId: tenant, clientId: 'c', authorityId: history.authorities.lfulg.id, scopes: ['steering.read'] };
    await speedFigures(runtime.ctx, client, tenant, 'de');
    await assert.rejects(setMaturityOverride(runtime.ctx, client, tenant, 'bohranzeige', { level: '3', reason: 'x' }), ForbiddenError);
    for (const actor of refused) {
      await assert.rejects(speedFigures(runtime.ctx, actor, tenant, 'de'), ForbiddenError);
      await assert.rejects(maturityFigures(runtime.ctx, actor, tenant, 'de'), ForbiddenError);
      await assert.rejects(useFigures(runtime.ctx, actor, tenant, 'de'), ForbiddenError);
      await assert.rejects(setMaturityOverride(runtime.ctx, actor, tenant, 'bohranzeige', { level: '3', reason: 'x' }), ForbiddenError);
    }
  });

  it('derives the OZG maturity and counts the services at the target', async () => {
    const figures = await maturityFigures(runtime.ctx, steering, tenant, 'de');
    const bohranzeige = figures.services.find((s) => s.serviceKey === 'bohranzeige');
    assert.equal(bohranzeige?.derived, 4, 'an online procedure whose Bescheid goes to the Postfach');
    assert.equal(figures.total.services, figures.services.length);
    assert.equal(
      figures.total.byLevel.reduce((sum, n) => sum + n, 0),
      figures.services.length,
    );
    assert.equal(figures.total.atTarget, figures.services.filter((s) => s.level >= 3).length);
    assert.equal(figures.total.missing, figures.total.services - figures.total.atTarget);
    assert.ok(figures.byLebenslage.length > 0 && figures.byAuthority.length > 0);
  });

  it('refuses an override without a reason or with a wrong level, and audits one that is set', async () => {
    const figures = await maturityFigures(runtime.ctx, steering, tenant, 'de');
    const service = figures.services.find((s) => s.derived < 3)!;
    await assert.rejects(setMaturityOverride(runtime.ctx, steering, tenant, service.serviceKey, { level: '3', reason: '  ' }), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.deepEqual(error.fields, [{ pointer: '/reason', code: 'steering.maturity.reasonRequired' }]);
      return true;
    });
    await assert.rejects(setMaturityOverride(runtime.ctx, steering, tenant, service.serviceKey, { level: '7', reason: 'Online im Landkreis' }), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.deepEqual(
        error.fields.map((f) => f.pointer),
        ['/level'],
      );
      return true;
    });
    await setMaturityOverride(runtime.ctx, steering, tenant, service.serviceKey, { level: '3', reason: 'Online-Antrag im Portal des Landkreises' });
    const after = await maturityFigures(runtime.ctx, steering, tenant, 'de');
    const changed = after.services.find((s) => s.serviceId === service.serviceId)!;
    assert.equal(changed.level, 3);
    assert.equal(changed.override?.reason, 'Online-Antrag im Portal des Landkreises');
    assert.equal(after.total.atTarget, figures.total.atTarget + 1);
    const audit = await runtime.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'steering.maturity.override').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.object_id, service.serviceId);
    await setMaturityOverride(runtime.ctx, steering, tenant, service.serviceKey, { level: '', reason: 'Angebot eingestellt' });
    assert.equal((await maturityFigures(runtime.ctx, steering, tenant, 'de')).services.find((s) => s.serviceId === service.serviceId)!.level, service.derived);
  });
});
