import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ForbiddenError, ValidationError } from '../../src/core/errors.js';
import { getApplication, startApplication } from '../../src/modules/applications/service.js';
import { createPosting, entryOf, listCalls, openChoices, rankingList, startInCall } from '../../src/modules/calls/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { teacherA1 } from '../procedures/lehrerbewerbung-sample.js';
import { caseTestModules, citizen, staff, tenantId, type Actor } from '../cases/helpers.js';
import { applyInCall, fillAndSubmit, openRound } from './helpers.js';

describe('calls: application windows, postings and one application per person', () => {
  let runtime: TestRuntime;
  let tenant: string;
  let roundId: string;
  let admin: Actor;
  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules, now: new Date('2026-04-06T08:00:00Z') });
    tenant = await tenantId(runtime);
    admin = staff(tenant, null, 'procedureAdmin', 'Frieda Fachadmin');
    roundId = (await openRound(runtime, tenant)).id;
  });
  after(() => runtime.dispose());

  const teacher = () => citizen(tenant, { trustLevel: 'substanziell', name: 'Clara Lehmann' });
  const statusOf = async (actor: Actor, id: string) => (await getApplication(runtime.ctx, actor, id)).status;

  it('lets only procedure administrators configure calls, and checks their input per field', async () => {
    await assert.rejects(startInCall(runtime.ctx, teacher(), 'bohranzeige', { callId: roundId }), { code: 'calls.procedure.noCalls' });
    const { createCall } = await import('../../src/modules/calls/index.js');
    await assert.rejects(
      createCall(runtime.ctx, staff(tenant, null, 'caseWorker'), { procedureKey: 'lehrerbewerbung', title: 'x', opensOn: '2026-01-01', closesOn: '2026-01-31' }),
      ForbiddenError,
    );
    await assert.rejects(createCall(runtime.ctx, admin, { procedureKey: 'bohranzeige', title: ' ', opensOn: '2026-02-30', closesOn: '2026-01-31' }), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.deepEqual(
        error.fields.map((f) => [f.pointer, f.code]),
        [
          ['/title', 'calls.text.required'],
          ['/opensOn', 'calls.date.invalid'],
          ['/procedureKey', 'calls.procedure.noCalls'],
        ],
      );
      return true;
    });
    await assert.rejects(
      createCall(runtime.ctx, admin, { procedureKey: 'lehrerbewerbung', title: 'Runde', opensOn: '2026-05-01', closesOn: '2026-04-01' }),
      (error: unknown) => error instanceof ValidationError && error.fields[0]!.pointer === '/closesOn',
    );
  });

  it('refuses a second application of the same kind in a round — at submission, inside its transaction — but allows one as pädagogische Fachkraft', async () => {
    const clara = teacher();
    const first = await applyInCall(runtime, clara, roundId);
    assert.equal((await entryOf(runtime.ctx.db, tenant, first))?.submitted, 1);

    const second = await startInCall(runtime.ctx, clara, 'lehrerbewerbung', { callId: roundId });
    await assert.rejects(fillAndSubmit(runtime, clara, second.id, teacherA1({ regions: { first: 'lasub-dresden' } })), (error: unknown) => {
      assert.equal((error as { code?: string }).code, 'calls.alreadyApplied');
      assert.match(String((error as { params: Record<string, string> }).params.reference), /^SN-/);
      return true;
    });
    assert.equal(await statusOf(clara, second.id), 'draft', 'nothing of the refused submission is kept');
    assert.equal((await runtime.ctx.db.selectFrom('cases').select('id').where('application_id', '=', second.id).execute()).length, 0);

    await fillAndSubmit(runtime, clara, second.id, teacherA1({ applicationKind: 'paedagogischeFachkraft', schulart: 'foerderschule', foerderschwerpunkt: 'lernen' }));
    assert.equal(await statusOf(clara, second.id), 'submitted');
    await assert.rejects(startInCall(runtime.ctx, clara, 'lehrerbewerbung', { callId: roundId }), { code: 'calls.alreadyApplied' });

    const other = await openRound(runtime, tenant, { title: 'Einstellung zum 01.11.2026 (Seiteneinstieg)', startDate: '2026-11-01' });
    await applyInCall(runtime, clara, other.id);
  });

  it('refuses applications without a call, and outside the window at start and at submission', async () => {
    const jonas = teacher();
    const loose = await startApplication(runtime.ctx, jonas, 'lehrerbewerbung');
    await assert.rejects(fillAndSubmit(runtime, jonas, loose.id), { code: 'calls.required' });

    const later = await openRound(runtime, tenant, { title: 'Einstellung zum 01.02.2027', opensOn: '2026-10-01', closesOn: '2026-11-01' });
    await assert.rejects(startInCall(runtime.ctx, jonas, 'lehrerbewerbung', { callId: later.id }), {
      code: 'calls.window.closed',
      params: { title: 'Einstellung zum 01.02.2027', opensOn: '2026-10-01', closesOn: '2026-11-01' },
    });

    const closingToday = await openRound(runtime, tenant, { title: 'Kurze Runde', opensOn: '2026-04-01', closesOn: '2026-04-06' });
    const draft = await startInCall(runtime.ctx, jonas, 'lehrerbewerbung', { callId: closingToday.id });
    runtime.clock.set(new Date('2026-04-06T22:30:00Z')); // already 7 April in Berlin
    try {
      await assert.rejects(fillAndSubmit(runtime, jonas, draft.id), { code: 'calls.window.closed' });
    } finally {
      runtime.clock.set(new Date('2026-04-06T08:00:00Z'));
    }
  });

  it("takes Gymnasium applications only through a posting, with the posting's own window", async () => {
    const anna = teacher();
    const gymnasium = teacherA1({ schulart: 'gymnasium', posting: 'GY-L-2026-014' });
    const listDraft = await startInCall(runtime.ctx, anna, 'lehrerbewerbung', { callId: roundId });
    await assert.rejects(fillAndSubmit(runtime, anna, listDraft.id, gymnasium), { code: 'calls.postingOnly' });

    const posting = await createPosting(runtime.ctx, admin, roundId, {
      reference: 'GY-L-2026-014',
      attributes: { school: 'Humboldtschule Leipzig (Gymnasium)', schulart: 'gymnasium', subjects: ['mathematik', 'physik', 'mathematik'] },
      opensOn: '2026-04-01',
      closesOn: '2026-04-30',
    });
    await assert.rejects(
      createPosting(runtime.ctx, admin, roundId, {
        reference: 'GY-L-2026-015',
        attributes: { school: ' ', schulart: ['gymnasium', 'oberschule'], subjects: [] },
        opensOn: '2026-04-01',
        closesOn: '2026-04-30',
      }),
      (error: unknown) => {
        assert.ok(error instanceof ValidationError);
        assert.deepEqual(
          error.fields.map((f) => [f.pointer, f.code]),
          [
            ['/attributes/school', 'calls.text.required'],
            ['/attributes/schulart', 'calls.attributes.chooseOne'],
            ['/attributes/subjects', 'calls.attributes.requiredMultiple'],
          ],
        );
        return true;
      },
    );
    await assert.rejects(
      createPosting(runtime.ctx, admin, roundId, {
        reference: 'GY-L-2026-015',
        attributes: { school: 'x', schulart: 'gymnasium', subjects: ['mathematik', 'alchemie'] },
        opensOn: '2026-04-01',
        closesOn: '2026-04-30',
      }),
      { fields: [{ pointer: '/attributes/subjects', code: 'calls.attributes.unknownChoice', params: { value: 'alchemie' } }] },
    );
    await assert.rejects(
      createPosting(runtime.ctx, admin, roundId, { reference: 'GY-L-2026-014', attributes: posting.attributes, opensOn: '2026-04-01', closesOn: '2026-04-30' }),
      { fields: [{ pointer: '/reference', code: 'calls.reference.taken' }] },
    );
    assert.deepEqual(posting.attributes, { school: 'Humboldtschule Leipzig (Gymnasium)', schulart: 'gymnasium', subjects: ['mathematik', 'physik'] }, 'a choice once');
    const choices = await openChoices(runtime.ctx, tenant, 'lehrerbewerbung');
    assert.ok(choices.calls.some((c) => c.id === roundId));
    assert.deepEqual(choices.postings.find((p) => p.reference === 'GY-L-2026-014')?.attributes, posting.attributes, 'as stored');
    assert.ok(!choices.calls.some((c) => c.title === 'Einstellung zum 01.02.2027'), 'a call opening later is not offered');

    const postingDraft = await startInCall(runtime.ctx, anna, 'lehrerbewerbung', { postingId: posting.id });
    await fillAndSubmit(runtime, anna, postingDraft.id, gymnasium);
    assert.equal((await entryOf(runtime.ctx.db, tenant, postingDraft.id))?.posting_id, posting.id);
    assert.equal((await listCalls(runtime.ctx, admin, 'lehrerbewerbung')).find((c) => c.id === roundId)?.postings.length, 1);
  });

  it('shows the call list only to procedure administrators and the ranking list also to team leads, in the service itself', async () => {
    for (const outsider of [teacher(), staff(tenant, null, 'caseWorker'), staff(tenant, null, 'recordsManager')]) {
      await assert.rejects(listCalls(runtime.ctx, outsider, 'lehrerbewerbung'), ForbiddenError);
      await assert.rejects(rankingList(runtime.ctx, outsider, roundId), ForbiddenError);
    }
    await assert.rejects(listCalls(runtime.ctx, staff(tenant, null, 'teamLead'), 'lehrerbewerbung'), ForbiddenError);
    assert.equal((await rankingList(runtime.ctx, staff(tenant, null, 'teamLead'), roundId)).call.id, roundId);
    const otherTenantAdmin = staff('another-tenant', null, 'procedureAdmin');
    await assert.rejects(rankingList(runtime.ctx, otherTenantAdmin, roundId), { code: 'calls.notFound' }, "another tenant's administrator does not find the call");
    const { call } = await rankingList(runtime.ctx, admin, roundId);
    assert.equal(call.id, roundId);
  });
});
