import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ValidationError } from '../../src/core/errors.js';
import { inboxAssignees, listInbox } from '../../src/modules/cases/inbox.js';
import { assignCase, performAction } from '../../src/modules/cases/service.js';
import { sampleNotification } from '../procedures/bohranzeige-sample.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { authoritiesOf, caseAt, caseTestModules, citizen, staff, submitNotification, tenantId, type Authorities, type Staff } from './helpers.js';

describe('inbox', () => {
  let runtime: TestRuntime;
  let tenant: string;
  let authorities: Authorities;
  let worker: Staff;
  let lead: Staff;
  const ids: string[] = [];
  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules });
    tenant = await tenantId(runtime);
    authorities = await authoritiesOf(runtime, tenant);
    worker = staff(tenant, authorities.lfulg.id, 'caseWorker', 'Sabine Geologin');
    lead = staff(tenant, authorities.lfulg.id, 'teamLead', 'Thomas Leitner');
    const applicants = ['Müller Bohr GmbH', 'Erika Mustermann', 'Geo Süd 100% AG', 'Jörg Weiß', 'Anna Schmidt'];
    for (const [index, name] of applicants.entries()) {
      runtime.clock.set(new Date(Date.UTC(2026, 2, 2 + index, 9)));
      const applicationId = await submitNotification(runtime, citizen(tenant), sampleNotification({ applicantName: name, municipality: index % 2 ? 'Freiberg' : 'Dresden' }));
      ids.push((await caseAt(runtime, applicationId, authorities.lfulg.id)).id);
    }
    const version = async (id: string) => Number((await runtime.ctx.db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
    await assignCase(runtime.ctx, worker, ids[0]!, await version(ids[0]!), { kind: 'take' });
    await assignCase(runtime.ctx, lead, ids[1]!, await version(ids[1]!), { kind: 'take' });
    await performAction(runtime.ctx, lead, ids[4]!, { action: 'closeWithoutDecision', version: await version(ids[4]!), inputs: { reason: 'withdrawn' } });
  });
  after(() => runtime.dispose());

  it('splits into tabs with counts, sorted by due date, overdue flagged', async () => {
    runtime.clock.set(new Date('2026-03-06T09:00:00Z'));
    const fresh = await listInbox(runtime.ctx, worker, { tab: 'new' });
    assert.deepEqual(fresh.counts, { new: 2, mine: 1, team: 2, due: 4, closed: 1 });
    assert.deepEqual(
      fresh.rows.map((r) => r.applicantName),
      ['Geo Süd 100% AG', 'Jörg Weiß'],
    );
    assert.deepEqual(
      (await listInbox(runtime.ctx, worker, { tab: 'mine' })).rows.map((r) => r.applicantName),
      ['Müller Bohr GmbH'],
    );
    const due = await listInbox(runtime.ctx, worker, { tab: 'due' });
    assert.deepEqual(
      due.rows.map((r) => [r.applicantName, r.dueDate, r.overdue]),
      [
        ['Müller Bohr GmbH', '2026-03-05', true],
        ['Erika Mustermann', '2026-03-06', false],
        ['Geo Süd 100% AG', '2026-03-09', false],
        ['Jörg Weiß', '2026-03-10', false],
      ],
    );
    assert.deepEqual(
      (await listInbox(runtime.ctx, worker, { tab: 'closed' })).rows.map((r) => r.result),
      ['withdrawn'],
    );
  });

  it('filters, searches by name (umlauts folded) and reference, and pages by keyset', async () => {
    assert.deepEqual(
      (await listInbox(runtime.ctx, worker, { tab: 'team', gemeinde: 'Freiberg' })).rows.map((r) => r.applicantName),
      ['Erika Mustermann'],
    );
    assert.deepEqual(
      (await listInbox(runtime.ctx, worker, { tab: 'due', q: 'joerg' })).rows.map((r) => r.applicantName),
      ['Jörg Weiß'],
    );
    assert.deepEqual(
      (await listInbox(runtime.ctx, worker, { tab: 'due', q: 'süd' })).rows.map((r) => r.applicantName),
      ['Geo Süd 100% AG'],
    );
    assert.deepEqual(
      (await listInbox(runtime.ctx, worker, { tab: 'due', q: '100%' })).rows.map((r) => r.applicantName),
      ['Geo Süd 100% AG'],
      'a typed % is matched literally',
    );
    for (const wildcard of ['1_0', 'M\\', '%%']) {
      assert.deepEqual((await listInbox(runtime.ctx, worker, { tab: 'due', q: wildcard })).rows, [], `${wildcard} is matched literally`);
    }
    const reference = (await listInbox(runtime.ctx, worker, { tab: 'mine' })).rows[0]!.reference;
    assert.equal((await listInbox(runtime.ctx, worker, { tab: 'mine', q: reference.toLowerCase() })).rows.length, 1);
    assert.equal((await listInbox(runtime.ctx, worker, { tab: 'due', from: '2026-03-04', to: '2026-03-05' })).rows.length, 2);
    assert.deepEqual(
      (await listInbox(runtime.ctx, worker, { tab: 'team', assignee: lead.accountId })).rows.map((r) => r.applicantName),
      ['Erika Mustermann'],
    );
    assert.deepEqual(
      (await inboxAssignees(runtime.ctx, worker)).map((a) => a.name),
      ['Sabine Geologin', 'Thomas Leitner'],
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listInbox(runtime.ctx, worker, { tab: 'due', limit: 1, ...(cursor ? { cursor } : {}) });
      seen.push(...page.rows.map((r) => r.applicantName));
      cursor = page.next ?? undefined;
    } while (cursor);
    assert.deepEqual(seen, ['Müller Bohr GmbH', 'Erika Mustermann', 'Geo Süd 100% AG', 'Jörg Weiß']);
    await assert.rejects(listInbox(runtime.ctx, worker, { tab: 'due', cursor: 'garbage' }), ValidationError);
    await assert.rejects(listInbox(runtime.ctx, worker, { tab: 'due', from: '06.03.2026' }), ValidationError);
  });

  it('shows nothing to people without a reading role at the authority, or of another tenant', async () => {
    for (const actor of [staff(tenant, authorities.lfulg.id, 'procedureAdmin'), staff(await tenantId(runtime, 'bw'), authorities.lfulg.id, 'caseWorker'), citizen(tenant)]) {
      const page = await listInbox(runtime.ctx, actor, { tab: 'due' });
      assert.equal(page.rows.length, 0);
      assert.deepEqual(Object.values(page.counts), [0, 0, 0, 0, 0]);
    }
    assert.equal((await listInbox(runtime.ctx, worker, { tab: 'due', authority: authorities.oba.id })).rows.length, 0, 'asking for another authority gives nothing');
    assert.equal((await listInbox(runtime.ctx, staff(tenant, authorities.oba.id, 'caseWorker'), { tab: 'new' })).counts.new, 5, 'the Oberbergamt has its own five cases');
  });
});
