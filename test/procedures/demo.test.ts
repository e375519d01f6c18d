import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedDemoData } from '../../src/modules/calls/demo.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { caseTestModules } from '../cases/helpers.js';

describe('calls demo data', () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules });
  });
  after(() => runtime.dispose());

  const states = () => runtime.ctx.db.selectFrom('cases').select(['state', 'applicant_name']).where('procedure_key', '=', 'lehrerbewerbung').orderBy('applicant_name').execute();

  it('is not seeded into test runtimes by default', async () => {
    assert.deepEqual(await states(), []);
  });

  it('seeds an open hiring round with a posting and teacher applications in several states, once', async () => {
    await seedDemoData(runtime.ctx);
    await seedDemoData(runtime.ctx);
    assert.deepEqual((await states()).map((c) => `${c.applicant_name}: ${c.state}`), [
      'Krause, Sophie: ranked',
      'Lehmann, Clara: offered',
      'Neumann, Paul: ranked',
      'Richter, Lukas: closed',
      'Schulz, Marie: received',
      'Wagner, Jonas: waitingForDocuments',
    ]);
    const calls = await runtime.ctx.db.selectFrom('calls').select('id').execute();
    assert.equal(calls.length, 1);
    assert.equal((await runtime.ctx.db.selectFrom('call_postings').select('reference').execute())[0]?.reference, 'GY-DD-DEMO-01');
  });
});
