import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { JobWorker, type JobHandler } from '../../src/core/jobs/index.js';
import { mailJobType, sendMailJob } from '../../src/core/mail/outbox.js';
import { jobTypes } from '../../src/modules/cases/jobs-schedule.js';
import { setResubmission } from '../../src/modules/cases/service.js';
import { jobHandlers } from '../../src/runtime.js';
import { deliverOutbox } from '../identity/helpers.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { authoritiesOf, caseAt, caseTestModules, citizen, staff, submitNotification, tenantId, type Authorities } from './helpers.js';

/**
 * The cases module's jobs record nothing once their worker lost the job's lease: a worker that
 * stalled (a long pause, a frozen VM) while another took the job over must not write its result
 * as well. Each test lets the job's lease go to another worker after the handler started, then
 * hands the job back and runs it normally as the positive control.
 */
describe('cases jobs fenced by their lease', () => {
  let runtime: TestRuntime;
  let tenant: string;
  let authorities: Authorities;
  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules });
    tenant = await tenantId(runtime);
    authorities = await authoritiesOf(runtime, tenant);
  });
  after(() => runtime.dispose());

  const handlers = (): Record<string, JobHandler> => ({ ...jobHandlers(runtime.modules), [mailJobType]: sendMailJob });

  /** Runs what is due; jobs of `type` lose their lease to another worker as soon as their handler starts. Returns those jobs' ids. */
  async function runLosingLease(type: string): Promise<string[]> {
    const all = handlers();
    const lost: string[] = [];
    await new JobWorker(runtime.ctx, {
      ...all,
      [type]: async (ctx, payload, job) => {
        await runtime.ctx.db.updateTable('outbox_jobs').set({ lease_token: 'successor' }).where('id', '=', job.id).execute();
        lost.push(job.id);
        await all[type]!(ctx, payload, job);
      },
    }).runDue();
    return lost;
  }

  /** The jobs the successor "took over" are due again for the control run. */
  async function handBack(ids: string[]): Promise<void> {
    await runtime.ctx.db.updateTable('outbox_jobs').set({ status: 'pending', lease_token: null, locked_until: null }).where('id', 'in', ids).execute();
  }

  const jobsOf = (ids: string[]) => runtime.ctx.db.selectFrom('outbox_jobs').select(['status', 'lease_token']).where('id', 'in', ids).execute();

  it('a workflow timer changes no state after its lease was lost', async () => {
    runtime.clock.set(new Date('2026-03-02T09:00:00Z'));
    const applicationId = await submitNotification(runtime, citizen(tenant));
    await deliverOutbox(runtime);
    const kase = await caseAt(runtime, applicationId, authorities.lfulg.id);
    // Three working days later the LfULG's timer confirms the receipt by itself.
    runtime.clock.set(new Date('2026-03-05T07:00:00Z'));
    const lost = await runLosingLease(jobTypes.timer);
    assert.ok(lost.length > 0, 'the timer ran');
    assert.equal((await caseAt(runtime, applicationId, authorities.lfulg.id)).state, 'received');
    assert.equal((await caseAt(runtime, applicationId, authorities.lfulg.id)).version, kase.version);
    assert.ok(
      (await jobsOf(lost)).every((job) => job.status === 'running' && job.lease_token === 'successor'),
      'the outcome is left to the successor',
    );

    await handBack(lost);
    await deliverOutbox(runtime);
    assert.equal((await caseAt(runtime, applicationId, authorities.lfulg.id)).state, 'inReview', 'the same job, run by the lease holder, does it');
  });

  it('a deadline reminder writes no timeline entry and queues no mail after its lease was lost', async () => {
    runtime.clock.set(new Date('2026-03-02T09:00:00Z'));
    const applicationId = await submitNotification(runtime, citizen(tenant));
    const kase = await caseAt(runtime, applicationId, authorities.oba.id);
    await setResubmission(runtime.ctx, staff(tenant, authorities.oba.id, 'caseWorker'), kase.id, Number(kase.version), '2026-03-10');
    await deliverOutbox(runtime);
    const reminders = async () =>
      (await runtime.ctx.db.selectFrom('case_events').select('details').where('case_id', '=', kase.id).where('kind', '=', 'reminder').execute()).filter(
        (event) => JSON.parse(event.details).kind === 'resubmission',
      ).length;
    const mailJobs = async () =>
      (await runtime.ctx.db.selectFrom('outbox_jobs').select('payload').where('type', '=', mailJobType).execute()).filter(
        (job) => job.payload.includes(kase.reference) && job.payload.includes('10.03.2026'),
      ).length;

    runtime.clock.set(new Date('2026-03-09T10:00:00Z'));
    const lost = await runLosingLease(jobTypes.reminder);
    assert.ok(lost.length > 0, 'the reminder ran');
    assert.equal(await reminders(), 0);
    assert.equal(await mailJobs(), 0);

    await handBack(lost);
    await deliverOutbox(runtime);
    assert.equal(await reminders(), 1, 'the same job, run by the lease holder, reminds once');
    assert.equal(await mailJobs(), 1);
  });
});
