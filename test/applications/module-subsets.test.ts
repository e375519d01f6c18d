import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { AmtswegModule } from '../../src/core/module.js';
import { applicationsModule } from '../../src/modules/applications/index.js';
import { casesModule } from '../../src/modules/cases/index.js';
import { catalogModule } from '../../src/modules/catalog/index.js';
import { formsModule } from '../../src/modules/forms/index.js';
import { identityModule } from '../../src/modules/identity/index.js';
import { proceduresModule } from '../../src/modules/procedures/index.js';
import { recordsModule, recordsPlanModule } from '../../src/modules/records/index.js';
import { submitNotification } from '../cases/helpers.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { citizen, tenantId } from './helpers.js';

/**
 * Modules meet only through the extension points the runtime collects from the modules it is
 * built from: a runtime without a module has none of its contributions (nothing registered at import).
 */
const applying: readonly AmtswegModule[] = [formsModule, catalogModule, identityModule, proceduresModule, applicationsModule];

async function submitted(runtime: TestRuntime) {
  const applicationId = await submitNotification(runtime, citizen(await tenantId(runtime)));
  const cases = await runtime.ctx.db.selectFrom('cases').select('id').where('application_id', '=', applicationId).execute();
  const filingJobs = await runtime.ctx.db.selectFrom('outbox_jobs').select('id').where('type', '=', 'records.fileCase').execute();
  return { cases: cases.length, filingJobs: filingJobs.length };
}

describe('a runtime built from a subset of the modules', () => {
  const runtimes: TestRuntime[] = [];
  const open = async (modules: readonly AmtswegModule[]) => {
    const runtime = await createTestRuntime({ modules });
    runtimes.push(runtime);
    return runtime;
  };
  after(() => Promise.all(runtimes.map((runtime) => runtime.dispose())));

  it('takes a submission without the cases module and opens no case', async () => {
    // The cases tables are there (so the count can be asked), the module's contributions are not.
    const runtime = await open([...applying, { name: 'cases-tables-only', migrations: casesModule.migrations ?? [] }]);
    assert.deepEqual(await submitted(runtime), { cases: 0, filingJobs: 0 });
  });

  it('opens a case per recipient with the cases module, and files them only with the records module', async () => {
    const withCases = await open([...applying, casesModule]);
    assert.deepEqual(await submitted(withCases), { cases: 3, filingJobs: 0 });
    const withRecords = await open([...applying, casesModule, recordsModule, recordsPlanModule]);
    assert.deepEqual(await submitted(withRecords), { cases: 3, filingJobs: 3 });
  });
});
