import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listFollowUps } from '../../src/modules/applications/index.js';
import { seedDemoData } from '../../src/modules/demo/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { speedFigures } from '../../src/modules/steering/index.js';
import { caseTestModules, staff, tenantId } from '../cases/helpers.js';

describe('demo data of the procedure packs', () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules, now: new Date('2026-03-02T09:00:00Z') });
  });
  after(() => runtime.dispose());

  const states = (procedureKey: string) =>
    runtime.ctx.db
      .selectFrom('cases')
      .innerJoin('authorities', 'authorities.id', 'cases.authority_id')
      .select(['cases.state', 'cases.applicant_name', 'cases.kind', 'authorities.key'])
      .where('cases.procedure_key', '=', procedureKey)
      .orderBy('cases.applicant_name')
      .orderBy('cases.kind')
      .orderBy('authorities.key')
      .execute();

  it('is not seeded into test runtimes by default', async () => {
    assert.deepEqual(await states('lehrerbewerbung'), []);
    assert.deepEqual(await states('bohranzeige'), []);
  });

  it('seeds an open hiring round with a posting and teacher applications in each state, with the staff council and the disability representative involved, once', async () => {
    await seedDemoData(runtime.ctx);
    await seedDemoData(runtime.ctx);
    assert.deepEqual(
      (await states('lehrerbewerbung')).map((c) => `${c.applicant_name}: ${c.kind} ${c.key} ${c.state}`),
      [
        'Fischer, Anna: case lasub-leipzig received',
        'Krause, Sophie: case lasub-dresden ranked',
        'Lehmann, Clara: case lasub-leipzig offered',
        'Lehmann, Clara: involvement personalrat-lasub-leipzig opinionGiven',
        'Neumann, Paul: case lasub-leipzig ranked',
        'Richter, Lukas: case lasub-bautzen closed',
        'Richter, Lukas: involvement personalrat-lasub-bautzen opinionGiven',
        'Schulz, Marie: case lasub-zwickau participation',
        'Schulz, Marie: involvement personalrat-lasub-zwickau opinionRequested',
        'Schulz, Marie: involvement sbv-lasub-zwickau opinionRequested',
        'Wagner, Jonas: case lasub-chemnitz waitingForDocuments',
      ],
    );
    const calls = await runtime.ctx.db.selectFrom('calls').select('id').execute();
    assert.equal(calls.length, 1);
    assert.equal((await runtime.ctx.db.selectFrom('call_postings').select('reference').execute())[0]?.reference, 'GY-DD-DEMO-01');
  });

  it('seeds drilling notifications received, waiting for documents and decided, the demo person’s with the Fachdaten duty open', async () => {
    // Today's notifications; the history before today is for the steering figures (next test).
    const rows = await runtime.ctx.db
      .selectFrom('cases')
      .select(['state', 'result', 'applicant_name'])
      .where('procedure_key', '=', 'bohranzeige')
      .where('created_at', '>=', '2026-03-02')
      .orderBy('created_at')
      .execute();
    assert.deepEqual(
      rows.map((c) => `${c.state} ${c.result ?? ''}`.trim()),
      ['received', 'waitingForApplicant', 'closed decided', 'closed decided'],
    );
    assert.equal(
      await runtime.ctx.db.selectFrom('calls').select('id').where('procedure_key', '=', 'bohranzeige').executeTakeFirst(),
      undefined,
      'no calls where the pack has none',
    );

    const erika = await runtime.ctx.db.selectFrom('accounts').select(['id', 'tenant_id']).where('email', '=', 'erika.mustermann@example.org').executeTakeFirstOrThrow();
    const own = await runtime.ctx.db
      .selectFrom('applications')
      .innerJoin('cases', 'cases.application_id', 'applications.id')
      .select(['applications.id', 'cases.state'])
      .where('applications.owner_account_id', '=', erika.id)
      .where('applications.procedure_key', '=', 'bohranzeige')
      .orderBy('cases.state')
      .execute();
    assert.deepEqual(
      own.map((a) => a.state),
      ['closed', 'received'],
      'the demo person sees her own notifications',
    );
    const actor = { kind: 'citizen' as const, tenantId: erika.tenant_id, accountId: erika.id, name: 'Erika Mustermann', trustLevel: 'basis' as const, actingFor: null };
    const duties = await listFollowUps(runtime.ctx, actor, own[0]!.id);
    assert.deepEqual(
      duties.map((d) => [d.duty, d.status, d.dueOn]),
      [['fachdaten', 'open', '2026-06-19']],
      'the notified end (19 March, today + 17) and three months',
    );
  });

  it('files the drilling notifications again over the last twelve months, so every month has steering figures', async () => {
    const tenant = await tenantId(runtime);
    const figures = await speedFigures(runtime.ctx, staff(tenant, null, 'steering'), tenant, 'de');
    const received = figures.months.slice(0, -1).map((month) => month.opened);
    assert.ok(
      received.every((count) => count !== 0),
      `cases received per month: ${received.join(', ')}`,
    );
    const lfulg = figures.rows.find((row) => row.procedureKey === 'bohranzeige' && typeof row.decided === 'number' && row.decided >= 5);
    assert.ok(typeof lfulg?.medianDays === 'number', 'a median decision time for the Bohranzeige');
  });
});
