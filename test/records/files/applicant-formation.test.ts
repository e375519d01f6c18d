import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createWorker } from '../../../src/runtime.js';
import { listAuthoritiesByKind, type Authority } from '../../../src/modules/catalog/index.js';
import { performAction } from '../../../src/modules/cases/service.js';
import { getFile, processOfCase } from '../../../src/modules/records/files/service.js';
import { applyInCall, openRound } from '../../calls/helpers.js';
import { caseTestModules, citizen, staff, tenantId, type Actor, type Staff } from '../../cases/helpers.js';
import { createTestRuntime, type TestRuntime } from '../../helpers/runtime.js';
import { teacherA1 } from '../../procedures/lehrerbewerbung-sample.js';
import { givePlan } from './helpers.js';

describe('E-Akte: one Akte per applicant (Lehrerbewerbung at the LaSuB, 03.10.20)', () => {
  let runtime: TestRuntime;
  let tenant: string;
  let leipzig: Authority;
  let council: Authority;
  let worker: Staff;
  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules, now: new Date('2026-04-06T08:00:00Z') });
    tenant = await tenantId(runtime);
    leipzig = (await listAuthoritiesByKind(runtime.ctx, tenant, 'school')).find((a) => a.key === 'lasub-leipzig')!;
    council = (await listAuthoritiesByKind(runtime.ctx, tenant, 'staffCouncil')).find((a) => a.key === 'personalrat-lasub-leipzig')!;
    worker = staff(tenant, leipzig.id, 'caseWorker', 'Petra Personal');
    await givePlan(runtime, tenant, leipzig.id, [{ kennzeichen: '03.10.20', title: 'Bewerbungen Lehrkräfte', retentionYears: 1, disposal: 'V', formation: 'applicant' }]);
  });
  after(() => runtime.dispose());

  const caseOf = (applicationId: string) =>
    runtime.ctx.db.selectFrom('cases').selectAll().where('application_id', '=', applicationId).where('kind', '=', 'case').executeTakeFirstOrThrow();
  async function act(actor: Actor, applicationId: string, action: string, inputs: Record<string, unknown> = {}) {
    const kase = await caseOf(applicationId);
    return performAction(runtime.ctx, actor, kase.id, { action, version: Number(kase.version), inputs });
  }

  it('files two applications of one person as two Vorgänge of one Akte, another person’s in their own, and the staff council’s involvement in the Vorgang', async () => {
    const clara = citizen(tenant, { trustLevel: 'substanziell', name: 'Clara Lehmann' });
    const first = await applyInCall(runtime, clara, (await openRound(runtime, tenant)).id, teacherA1());
    const second = await applyInCall(runtime, clara, (await openRound(runtime, tenant, { title: 'Einstellung zum 01.02.2027', startDate: '2027-02-01' })).id, teacherA1());
    const other = await applyInCall(
      runtime,
      citizen(tenant, { trustLevel: 'substanziell', name: 'Otto Anders' }),
      (await openRound(runtime, tenant, { title: 'Einstellung zum 01.09.2026', startDate: '2026-09-01' })).id,
      teacherA1(),
    );
    await act(worker, first, 'confirmReceipt');
    await act(worker, first, 'rank', { group: 'a1' });
    await act(worker, first, 'involveStaffCouncil', { authority: council.id, question: 'Einstellung an der Oberschule Leipzig-Grünau zum 01.08.2026' });
    await createWorker(runtime).runDue();

    const registratur = staff(tenant, leipzig.id, 'recordsManager');
    const processFor = async (applicationId: string) => {
      const process = await processOfCase(runtime.ctx, registratur, (await caseOf(applicationId)).id);
      assert.ok(process, 'filed');
      return process;
    };
    const [a, b, c] = [await processFor(first), await processFor(second), await processFor(other)];
    assert.equal(a.fileId, b.fileId, 'one Akte per applicant');
    assert.notEqual(a.fileId, c.fileId);
    const view = await getFile(runtime.ctx, registratur, a.fileId);
    assert.match(view.file.subject, /^Bewerbungen Lehrkräfte: Lehmann, Clara$/);
    assert.deepEqual(
      view.processes.map((p) => p.aktenzeichen),
      [`${view.file.aktenzeichen}-1`, `${view.file.aktenzeichen}-2`],
    );
    const question = view.processes.find((p) => p.id === a.id)!.documents.find((d) => d.kind === 'beteiligung')!;
    assert.equal(question.direction, 'out');
    assert.match(question.contentText, /Leipzig-Grünau/);
    assert.equal(question.recipient, council.name);
  });
});
