import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listAuthoritiesByKind, type Authority } from '../../../src/modules/catalog/index.js';
import { fileCaseJobType, filingJobs } from '../../../src/modules/records/files/filing.js';
import { applyInCall, openRound } from '../../calls/helpers.js';
import { caseTestModules, citizen, tenantId } from '../../cases/helpers.js';
import { createTestRuntime, type TestRuntime } from '../../helpers/runtime.js';
import { givePlan } from './helpers.js';

describe('E-Akte: two cases of one group opening their first Akte at the same moment', () => {
  let runtime: TestRuntime;
  let tenant: string;
  let leipzig: Authority;
  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules, now: new Date('2026-04-06T08:00:00Z') });
    tenant = await tenantId(runtime);
    leipzig = (await listAuthoritiesByKind(runtime.ctx, tenant, 'school')).find((a) => a.key === 'lasub-leipzig')!;
    await givePlan(runtime, tenant, leipzig.id, [{ kennzeichen: '03.10.20', title: 'Bewerbungen Lehrkräfte', retentionYears: 1, disposal: 'V', formation: 'applicant' }]);
  });
  after(() => runtime.dispose());

  it('get one Akte with both Vorgänge, however the two filing jobs interleave (insert-or-get on the group’s unique key)', async () => {
    const clara = citizen(tenant, { trustLevel: 'substanziell', name: 'Clara Lehmann' });
    const applications = [
      await applyInCall(runtime, clara, (await openRound(runtime, tenant)).id),
      await applyInCall(runtime, clara, (await openRound(runtime, tenant, { title: 'Einstellung zum 01.02.2027', startDate: '2027-02-01' })).id),
      await applyInCall(runtime, clara, (await openRound(runtime, tenant, { title: 'Einstellung zum 01.09.2026', startDate: '2026-09-01' })).id),
    ];
    const cases = await runtime.ctx.db.selectFrom('cases').select('id').where('application_id', 'in', applications).where('kind', '=', 'case').execute();
    assert.equal(cases.length, 3);
    const fileCase = filingJobs[fileCaseJobType]!;
    const job = { id: 'race', type: fileCaseJobType, tenantId: tenant, attempts: 1, createdAt: new Date().toISOString(), fence: async () => {} };
    // All at once: on PostgreSQL each job runs on its own connection, so their transactions overlap.
    await Promise.all(cases.map((c) => fileCase(runtime.ctx, { tenantId: tenant, caseId: c.id }, job)));
    const processes = await runtime.ctx.db
      .selectFrom('record_processes')
      .select(['file_id', 'number'])
      .where(
        'case_id',
        'in',
        cases.map((c) => c.id),
      )
      .orderBy('number')
      .execute();
    assert.equal(processes.length, 3);
    assert.equal(new Set(processes.map((p) => p.file_id)).size, 1, 'one Akte for the applicant');
    assert.deepEqual(
      processes.map((p) => Number(p.number)),
      [1, 2, 3],
    );
    const files = await runtime.ctx.db.selectFrom('record_files').select(['aktenzeichen']).where('tenant_id', '=', tenant).where('authority_id', '=', leipzig.id).execute();
    assert.deepEqual(
      files.map((f) => f.aktenzeichen),
      [`03.10.20-0001/2026`],
      'a rolled-back attempt gives its number back',
    );
  });
});
