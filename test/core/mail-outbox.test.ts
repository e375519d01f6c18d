import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { inTransaction } from '../../src/core/db/index.js';
import { enqueueMail, listStoredMails, mailDirectory, sendMailJob } from '../../src/core/mail/index.js';
import { addTenant } from '../../src/core/tenancy.js';
import { createWorker, startWorker } from '../../src/runtime.js';
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
  it("sends a tenant's mails under the tenant's own sender, and under MAIL_FROM for a tenant without one", async () => {
    const sachsen = await addTenant(runtime.ctx, {
      slug: 'mail-sn',
      name: 'Amt24 Sachsen',
      hosts: ['mail-sn.localhost'],
      mailFrom: 'Amt24 Sachsen <noreply@amt24.sachsen.example>',
    });
    const plain = await addTenant(runtime.ctx, { slug: 'mail-plain', name: 'Ohne Absender', hosts: ['mail-plain.localhost'] });
    await inTransaction(runtime.ctx.db, async (trx) => {
      await enqueueMail(trx, runtime.ctx, { to: 'carla@example.org', subject: 'Absender Sachsen', text: '.' }, sachsen.id);
      await enqueueMail(trx, runtime.ctx, { to: 'carla@example.org', subject: 'Absender Vorgabe', text: '.' }, plain.id);
    });
    assert.equal(await createWorker(runtime).runDue(), 2);
    const mails = await listStoredMails(runtime.dataDir);
    const fromOf = (subject: string) => mails.find((mail) => mail.subject === subject)?.from;
    assert.equal(fromOf('Absender Sachsen'), 'Amt24 Sachsen <noreply@amt24.sachsen.example>');
    assert.equal(fromOf('Absender Vorgabe'), runtime.ctx.config.mail.from);
  });

  it('refuses a tenant whose sender is not a mail address', async () => {
    await assert.rejects(addTenant(runtime.ctx, { slug: 'mail-bad', name: 'Kaputt', hosts: ['mail-bad.localhost'], mailFrom: 'Amt24 Sachsen' }), /mailFrom must be an address/);
  });

  const mailFiles = () => fs.readdirSync(mailDirectory(runtime.dataDir)).sort();

  it('sends a mail once although the worker crashed between sending it and recording the job as done', async () => {
    const id = (await inTransaction(runtime.ctx.db, (trx) => enqueueMail(trx, runtime.ctx, { to: 'bernd@example.org', subject: 'Nur einmal', text: 'Einmal.' })))!;
    // A worker claims the job, sends the mail, and dies before it can record that.
    const lease = new Date(runtime.clock.now().getTime() + 30_000).toISOString();
    const claimed = await runtime.ctx.db
      .updateTable('outbox_jobs')
      .set({ status: 'running', attempts: 1, locked_until: lease, lease_token: 'dead-worker' })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await sendMailJob(runtime.ctx, JSON.parse(claimed.payload), { id, type: claimed.type, tenantId: null, attempts: 1, createdAt: claimed.created_at, fence: async () => {} });
    const afterCrash = mailFiles();
    const written = afterCrash.map((name) => fs.readFileSync(path.join(mailDirectory(runtime.dataDir), name)));
    runtime.clock.advance(31_000); // the dead worker's lease runs out: the job is due again
    assert.equal(await createWorker(runtime).runDue(), 1);
    assert.equal((await runtime.ctx.db.selectFrom('outbox_jobs').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'done');
    assert.deepEqual(mailFiles(), afterCrash, 'no second file');
    // Not even written again (its Date would be 31 s later): a pickup agent may have taken the first already.
    assert.deepEqual(
      afterCrash.map((name) => fs.readFileSync(path.join(mailDirectory(runtime.dataDir), name))),
      written,
    );
    const sent = (await listStoredMails(runtime.dataDir)).filter((mail) => mail.subject === 'Nur einmal');
    assert.equal(sent.length, 1);
  });

  it('removes the half-written mails of a crashed worker when a worker starts, and keeps the finished ones', async () => {
    const dir = mailDirectory(runtime.dataDir);
    fs.mkdirSync(dir, { recursive: true });
    const unfinished = path.join(dir, '20260302T090000.000Z-0190aaaa-0000-7000-8000-000000000000.eml.part');
    fs.writeFileSync(unfinished, 'From: half');
    const finished = mailFiles().filter((name) => name.endsWith('.eml'));
    assert.ok(finished.length > 0);
    const worker = await startWorker(runtime);
    await worker.stop();
    assert.equal(fs.existsSync(unfinished), false);
    assert.deepEqual(mailFiles(), finished);
  });
});
