import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AppContext } from '../../src/core/context.js';
import { sendToApplicant } from '../../src/modules/applications/index.js';
import { markMessagesRead, replyToAuthority } from '../../src/modules/applications/postfach.js';
import { listInboxMessages, unreadMessageCount } from '../../src/modules/applications/postfach-inbox.js';
import { useTestApp } from '../helpers/runtime.js';
import { authoritiesOf, caseTestModules, citizen, staff, submitNotification, tenantId, type Actor } from '../cases/helpers.js';

/** The applicant's Postfach across applications and the header's unread count: only their own, only the authorities' messages, only unread ones counted. */
describe('Postfach across applications', () => {
  let ctx: AppContext;
  let anna: Actor;
  let ben: Actor;
  let first: string;
  let second: string;
  let bens: string;
  useTestApp(
    async ({ runtime }) => {
      ctx = runtime.ctx;
      const tenant = await tenantId(runtime);
      const { lfulg } = await authoritiesOf(runtime, tenant);
      const worker = staff(tenant, lfulg.id, 'caseWorker');
      anna = citizen(tenant);
      ben = citizen(tenant, { name: 'Ben Berger' });
      first = await submitNotification(runtime, anna);
      second = await submitNotification(runtime, anna);
      bens = await submitNotification(runtime, ben);
      await sendToApplicant(ctx, worker, first, lfulg.id, { subject: 'Erste Rückfrage', body: 'Bitte ergänzen.' });
      await sendToApplicant(ctx, worker, second, lfulg.id, { subject: 'Zweite Rückfrage', body: 'Bitte ergänzen.' });
      await sendToApplicant(ctx, worker, bens, lfulg.id, { subject: 'Für Ben', body: 'Nur für Ben.' });
      await replyToAuthority(ctx, anna, first, { body: 'Meine Antwort.', files: [] });
    },
    { modules: caseTestModules },
  );

  it('counts the authorities’ unread messages on the person’s own applications', async () => {
    assert.equal(await unreadMessageCount(ctx.db, anna), 2, 'her own reply does not count');
    assert.equal(await unreadMessageCount(ctx.db, ben), 1);
    assert.equal(await unreadMessageCount(ctx.db, citizen(anna.tenantId)), 0, 'a person without applications');
  });

  it('lists them newest first with the application’s reference, and marks what was read', async () => {
    const before = await listInboxMessages(ctx, anna);
    assert.deepEqual(
      before.map((m) => [m.subject, m.unread]),
      [
        ['Zweite Rückfrage', true],
        ['Erste Rückfrage', true],
      ],
    );
    assert.ok(before.every((m) => /^SN-\d{4}-/.test(m.reference ?? '')));
    await markMessagesRead(ctx, anna, first);
    assert.equal(await unreadMessageCount(ctx.db, anna), 1);
    assert.deepEqual(
      (await listInboxMessages(ctx, anna)).map((m) => [m.subject, m.unread]),
      [
        ['Zweite Rückfrage', true],
        ['Erste Rückfrage', false],
      ],
    );
    assert.deepEqual(
      (await listInboxMessages(ctx, ben)).map((m) => m.subject),
      ['Für Ben'],
    );
  });
});
