import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inTransaction } from '../../src/core/db/index.js';
import { newId } from '../../src/core/ids.js';
import { addTenant } from '../../src/core/tenancy.js';
import { openCase, systemActor } from '../../src/modules/cases/create.js';
import { workflowOf } from '../../src/modules/cases/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { caseTestExtensions, caseTestModules, tenantId } from './helpers.js';

/**
 * A case's processing deadline, timers and reminder count in its own tenant's working days: Saxony
 * (data/tenants/sn/holidays.json), Baden-Württemberg (data/tenants/bw/holidays.json) and a tenant
 * without a holiday file (the federal holidays only).
 */
describe('cases: deadlines follow the tenant’s holidays', () => {
  let runtime: TestRuntime;
  const tenants: Record<'sn' | 'bw' | 'tl', string> = { sn: '', bw: '', tl: '' };
  const workflow = workflowOf(caseTestExtensions, 'bohranzeige')!;
  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules });
    await addTenant(runtime.ctx, { slug: 'tl', name: 'Testland', hosts: ['tl.localhost'] });
    for (const slug of ['sn', 'bw', 'tl'] as const) tenants[slug] = await tenantId(runtime, slug);
  });
  after(() => runtime.dispose());

  /** Opens a case with two working days to decide (the LfULG timer: three) on `day` and returns its deadline and job times. */
  async function openOn(day: string, slug: keyof typeof tenants) {
    runtime.clock.set(new Date(`${day}T09:00:00Z`));
    const spec = {
      tenantId: tenants[slug],
      authorityId: newId(),
      kind: 'case' as const,
      applicationId: newId(),
      recipientId: null,
      parentCaseId: null,
      procedureKey: 'bohranzeige',
      procedureVersion: 1,
      reference: `${slug.toUpperCase()}-${newId().slice(-6)}`,
      answers: {},
      processingDays: 2,
      actor: systemActor,
    };
    const id = await inTransaction(runtime.ctx.db, (trx) => openCase(trx, runtime.ctx, workflow, spec));
    const kase = await runtime.ctx.db.selectFrom('cases').select('processing_deadline').where('id', '=', id).executeTakeFirstOrThrow();
    const jobs = await runtime.ctx.db.selectFrom('outbox_jobs').select(['type', 'run_at', 'payload']).where('tenant_id', '=', tenants[slug]).execute();
    const runAt = (type: string) => jobs.find((job) => job.type === type && JSON.parse(job.payload).caseId === id)?.run_at;
    return { deadline: kase.processing_deadline, timer: runAt('cases.timer'), reminder: runAt('cases.deadlineReminder') };
  }

  it('Heilige Drei Könige (6 January) is a holiday in Baden-Württemberg only', async () => {
    // Tuesday 5 January 2027: two working days to the deadline, its reminder one working day before, three to the LfULG's timer.
    const elsewhere = { deadline: '2027-01-07', reminder: '2027-01-06T06:00:00.000Z', timer: '2027-01-08T06:00:00.000Z' };
    assert.deepEqual(await openOn('2027-01-05', 'sn'), elsewhere);
    assert.deepEqual(await openOn('2027-01-05', 'tl'), elsewhere);
    assert.deepEqual(await openOn('2027-01-05', 'bw'), { deadline: '2027-01-08', reminder: '2027-01-07T06:00:00.000Z', timer: '2027-01-11T06:00:00.000Z' });
  });

  it('Fronleichnam is a holiday in Baden-Württemberg, Buß- und Bettag in Saxony, neither without a holiday file', async () => {
    // Wednesday 3 June 2026, the day before Fronleichnam; Tuesday 17 November 2026, the day before Buß- und Bettag.
    assert.equal((await openOn('2026-06-03', 'sn')).deadline, '2026-06-05');
    assert.equal((await openOn('2026-06-03', 'bw')).deadline, '2026-06-08');
    assert.equal((await openOn('2026-11-17', 'sn')).deadline, '2026-11-20');
    assert.equal((await openOn('2026-11-17', 'bw')).deadline, '2026-11-19');
    assert.equal((await openOn('2026-11-17', 'tl')).deadline, '2026-11-19');
  });
});
