import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createWorker } from '../../src/runtime.js';
import { performAction } from '../../src/modules/cases/service.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { authoritiesOf, caseAt, caseTestModules, citizen, staff, submitNotification, tenantId, type Actor } from './helpers.js';

describe('involvements of a closing case', () => {
  let runtime: TestRuntime;
  useTestApp((opened) => ({ runtime } = opened), { modules: caseTestModules });

  const version = async (id: string) => Number((await runtime.ctx.db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
  const act = async (actor: Actor, id: string, action: string, inputs: Record<string, unknown> = {}) =>
    performAction(runtime.ctx, actor, id, { action, version: await version(id), inputs });
  const involvementAt = (parentId: string, authorityId: string) =>
    runtime.ctx.db
      .selectFrom('cases')
      .selectAll()
      .where('parent_case_id', '=', parentId)
      .where('authority_id', '=', authorityId)
      .where('kind', '=', 'involvement')
      .executeTakeFirstOrThrow();

  it('withdraws the involvements still waiting for an opinion when their case closes, and leaves answered ones as they are', async () => {
    const tenant = await tenantId(runtime);
    const authorities = await authoritiesOf(runtime, tenant);
    const worker = staff(tenant, authorities.lfulg.id, 'caseWorker');
    const applicationId = await submitNotification(runtime, citizen(tenant));
    const { id } = await caseAt(runtime, applicationId, authorities.lfulg.id);
    await act(worker, id, 'confirmReceipt');
    await act(worker, id, 'involveAuthority', { authority: authorities.oba.id, question: 'Bestehen bergrechtliche Bedenken?' });
    await act(worker, id, 'involveAuthority', { authority: authorities.uwb.id, question: 'Liegt die Bohrung in einem Wasserschutzgebiet?' });
    const answered = await involvementAt(id, authorities.uwb.id);
    await act(staff(tenant, authorities.uwb.id, 'caseWorker'), answered.id, 'giveOpinion', { opinion: 'Kein Wasserschutzgebiet.' });

    await act(staff(tenant, authorities.lfulg.id, 'teamLead'), id, 'closeWithoutDecision', { reason: 'withdrawn' });
    const waitingBefore = await involvementAt(id, authorities.oba.id);
    assert.equal(waitingBefore.state, 'opinionRequested', 'withdrawn after the closing transaction, by the outbox');
    await createWorker(runtime).runDue();

    const withdrawn = await involvementAt(id, authorities.oba.id);
    assert.equal(withdrawn.state, 'opinionWithdrawn');
    assert.equal(withdrawn.open, 0);
    const events = await runtime.ctx.db.selectFrom('case_events').select(['kind', 'action']).where('case_id', '=', withdrawn.id).execute();
    assert.ok(
      events.some((e) => e.kind === 'state' && e.action === 'withdrawInvolvement'),
      'the involved authority sees in the timeline why it closed',
    );
    const untouched = await involvementAt(id, authorities.uwb.id);
    assert.equal(untouched.state, 'opinionGiven');
    assert.equal(Number(untouched.version), Number(answered.version) + 1, 'only its own answer changed it');
  });
});
