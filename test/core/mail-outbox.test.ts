import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inTransaction } from '../../src/core/db/index.js';
import { enqueueMail, listStoredMails } from '../../src/core/mail/index.js';
import { createWorker } from '../../src/runtime.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';

describe('mail through the outbox', () => {
  let runtime: TestRuntime;
  before(async () => {
    runtime = await createTestRuntime({ seed: false, modules: [] });
  });
  after(() => runtime.dispose());

  it('sends a committed mail when the worker runs, and never one whose transaction rolled back', async () => {
    await inTransaction(runtime.ctx.db, (trx) => enqueueMail(trx, runtime.ctx, { to: 'anna@example.org', subject: 'Eingang bestätigt', text: 'Ihr Antrag ist eingegangen.' }));
    await assert.rejects(
      inTransaction(runtime.ctx.db, async (trx) => {
        await enqueueMail(trx, runtime.ctx, { to: 'ghost@example.org', subject: 'nie', text: 'nie' });
        throw new Error('rollback');
      }),
    );
    assert.equal((await listStoredMails(runtime.dataDir)).length, 0, 'nothing is sent before the worker runs');
    assert.equal(await createWorker(runtime).runDue(), 1);
    const mails = await listStoredMails(runtime.dataDir);
    assert.equal(mails.length, 1);
    assert.equal(mails[0]!.to, 'anna@example.org');
    assert.equal(mails[0]!.subject, 'Eingang bestätigt');
  });
});
