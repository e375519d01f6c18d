import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ForbiddenError } from '../../src/core/errors.js';
import { assignCase, decideApproval, performAction } from '../../src/modules/cases/service.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { authoritiesOf, caseAt, caseTestModules, citizen, staff, submitNotification, tenantId, type Actor, type Authorities, type Staff } from './helpers.js';

/**
 * The four-eyes rule: a Bescheid marked `fourEyes` is issued only when a team lead approves who
 * neither asked for the issue nor wrote the draft. Each case below leaves exactly one of the two
 * conditions in place, so removing either check from `decideApproval` fails a test.
 */
describe('four-eyes approval', () => {
  let runtime: TestRuntime;
  let tenant: string;
  let authorities: Authorities;
  let applicant: Actor;
  let worker: Staff;
  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules });
    tenant = await tenantId(runtime);
    authorities = await authoritiesOf(runtime, tenant);
    applicant = citizen(tenant);
    worker = staff(tenant, authorities.lfulg.id, 'caseWorker', 'Sabine Geologin');
  });
  after(() => runtime.dispose());

  const teamLead = (name: string) => staff(tenant, authorities.lfulg.id, 'teamLead', name);
  const version = async (id: string) => Number((await runtime.ctx.db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
  const act = async (actor: Actor, id: string, action: string, inputs: Record<string, unknown> = {}) =>
    performAction(runtime.ctx, actor, id, { action, version: await version(id), inputs });
  const approve = async (actor: Actor, id: string) => decideApproval(runtime.ctx, actor, id, { version: await version(id), approve: true, comment: 'Passt.' });
  const ownWork = (error: unknown) => error instanceof ForbiddenError && error.code === 'cases.approval.ownWork';

  /** A case at the LfULG whose Bescheid `author` drafted and `requester` asked to issue. */
  async function waitingForApproval(author: Staff, requester: Staff): Promise<string> {
    const applicationId = await submitNotification(runtime, applicant);
    const { id } = await caseAt(runtime, applicationId, authorities.lfulg.id);
    await assignCase(runtime.ctx, worker, id, await version(id), { kind: 'take' });
    await act(worker, id, 'confirmReceipt');
    await act(author, id, 'draftDecision', { outcome: 'acknowledged', reasons: 'Die Bohrung ist anzeigepflichtig.', fee: '0' });
    await act(requester, id, 'issueDecision');
    assert.equal((await caseAt(runtime, applicationId, authorities.lfulg.id)).state, 'decisionDrafted', 'the issue waits for the approval');
    return id;
  }

  it('refuses the team lead who asked for the issue, though someone else wrote the draft', async () => {
    const requester = teamLead('Rita Antrag');
    const id = await waitingForApproval(worker, requester);
    await assert.rejects(approve(requester, id), ownWork);
    const closed = await approve(teamLead('Otto Zweitleser'), id);
    assert.equal(closed.state, 'closed');
  });

  it('refuses the team lead who wrote the draft, though someone else asked for the issue', async () => {
    const author = teamLead('Anton Verfasser');
    const id = await waitingForApproval(author, worker);
    await assert.rejects(approve(author, id), ownWork);
    const closed = await approve(teamLead('Olga Zweitleserin'), id);
    assert.equal(closed.state, 'closed');
  });

  it('refuses a case worker even when the work is not theirs', async () => {
    const id = await waitingForApproval(worker, worker);
    const other = staff(tenant, authorities.lfulg.id, 'caseWorker', 'Karl Kollege');
    await assert.rejects(approve(other, id), ForbiddenError);
    assert.equal((await approve(teamLead('Tina Leitung'), id)).state, 'closed');
  });
});
