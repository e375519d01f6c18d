import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../src/core/module.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { Agent, deliveredMails, lastMailTo, linkIn, registerAndVerify as registerPerson } from './helpers.js';

const password = 'Drei Birken am Elbufer';

describe('local accounts over HTTP', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  useTestApp((opened) => ({ app, runtime } = opened));

  const registerAndVerify = (email: string) => registerPerson(app, runtime, { email, password });

  it('registers, verifies the address once, signs in and out', async () => {
    const { agent, link } = await registerAndVerify('jana@example.org');
    // The link works once.
    assert.equal((await agent.get(link.pathname + link.search)).statusCode, 410);

    const login = await agent.post('/anmelden', { email: 'Jana@Example.org', password });
    assert.equal(login.statusCode, 303);
    assert.equal(login.headers.location, '/anmelden/weiter');
    // An applicant lands on Mein Konto (staff on their inbox: test/cases/navigation.test.ts).
    assert.equal((await agent.get('/anmelden/weiter')).headers.location, '/konto');
    const account = await agent.get('/konto');
    assert.equal(account.statusCode, 200);
    assert.match(account.body, /Angemeldet als Jana Beispiel \(jana@example.org\), Basisregistrierung/);
    assert.match(account.body, /Mein Konto/);

    const logout = await agent.post('/abmelden', {}, '/konto');
    assert.equal(logout.statusCode, 303);
    const afterLogout = await agent.get('/konto');
    assert.equal(afterLogout.statusCode, 303);
    assert.match(String(afterLogout.headers.location), /^\/anmelden\?zurueck=/);
  });

  it('refuses to sign in before the address is verified', async () => {
    const agent = new Agent(app);
    await agent.post('/registrieren', { kind: 'person', givenName: 'Uwe', familyName: 'Unbestätigt', email: 'uwe@example.org', password });
    const login = await agent.post('/anmelden', { email: 'uwe@example.org', password });
    assert.equal(login.statusCode, 403);
    assert.match(login.body, /bestätigen Sie zuerst/);
  });

  it('says the same for an unknown address and a wrong password', async () => {
    const agent = new Agent(app);
    const unknown = await agent.post('/anmelden', { email: 'niemand@example.org', password });
    const wrong = await agent.post('/anmelden', { email: 'jana@example.org', password: 'falsches Passwort!' });
    assert.equal(unknown.statusCode, 401);
    assert.equal(wrong.statusCode, 401);
    const message = (body: string) => /kern-alert__body"><p class="kern-body">([^<]+)/.exec(body)?.[1];
    assert.equal(message(unknown.body), message(wrong.body));
    assert.equal(message(unknown.body), 'E-Mail-Adresse oder Passwort sind nicht richtig.');
  });

  it('does not reveal an existing address at registration, and mails its owner instead', async () => {
    const before = (await deliveredMails(runtime)).length;
    const agent = new Agent(app);
    const again = await agent.post('/registrieren', { kind: 'person', givenName: 'X', familyName: 'Y', email: 'jana@example.org', password: 'ein ganz anderes Passwort' });
    assert.equal(again.statusCode, 200);
    assert.match(again.body, /prüfen Sie Ihr E-Mail-Postfach/);
    const mails = await deliveredMails(runtime);
    assert.equal(mails.length, before + 1);
    assert.match(mails[mails.length - 1]!.subject, /schon ein Konto/);
  });

  it('shows every problem next to its field and changes nothing', async () => {
    const agent = new Agent(app);
    const count = async () =>
      Number(
        (
          await runtime.ctx.db
            .selectFrom('accounts')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const accountsBefore = await count();
    const response = await agent.post('/registrieren', { kind: 'person', givenName: '', familyName: 'x'.repeat(500), email: 'kein-at', password: 'password1234' });
    assert.equal(response.statusCode, 422);
    assert.match(response.body, /href="#givenName"/);
    assert.match(response.body, /höchstens 100 Zeichen/);
    assert.match(response.body, /name@beispiel.de/);
    assert.match(response.body, /sehr verbreitet/);
    assert.equal(await count(), accountsBefore);
  });

  it('rejects a post without CSRF token with a clear page', async () => {
    const agent = new Agent(app);
    const response = await agent.postRaw('/anmelden', { email: 'jana@example.org', password });
    assert.equal(response.statusCode, 403);
    assert.match(response.body, /<h1/);
  });

  it('resets a forgotten password with a single-use link that expires', async () => {
    const agent = new Agent(app);
    const asked = await agent.post('/passwort-vergessen', { email: 'jana@example.org' });
    assert.equal(asked.statusCode, 200);
    const link = linkIn(await lastMailTo(runtime, 'jana@example.org'));
    assert.equal(link.pathname, '/passwort-neu');
    const url = link.pathname + link.search;
    const weak = await agent.post(url, { password: 'kurz' }, url);
    assert.equal(weak.statusCode, 422);
    const done = await agent.post(url, { password: 'Neues langes Passwort 42' }, url);
    assert.equal(done.statusCode, 200);
    assert.equal((await agent.get(url)).statusCode, 410);
    assert.equal((await agent.post('/anmelden', { email: 'jana@example.org', password: 'Neues langes Passwort 42' })).statusCode, 303);

    // A second link, an hour and a bit later, is dead.
    await new Agent(app).post('/passwort-vergessen', { email: 'jana@example.org' });
    const late = linkIn(await lastMailTo(runtime, 'jana@example.org'));
    runtime.clock.advance(61 * 60_000);
    assert.equal((await agent.get(late.pathname + late.search)).statusCode, 410);
  });

  it("answers a reset request with the same work whether or not the address has an account: one job, the rest is the job's", async () => {
    const db = runtime.ctx.db;
    const count = async (table: 'outbox_jobs' | 'one_time_tokens') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    await deliveredMails(runtime); // nothing else waiting
    const writes = [];
    for (const email of ['jana@example.org', 'niemand@example.org']) {
      const before = { jobs: await count('outbox_jobs'), tokens: await count('one_time_tokens') };
      const asked = await new Agent(app).post('/passwort-vergessen', { email });
      assert.equal(asked.statusCode, 200);
      writes.push({ jobs: (await count('outbox_jobs')) - before.jobs, tokens: (await count('one_time_tokens')) - before.tokens });
    }
    assert.deepEqual(
      writes,
      [
        { jobs: 1, tokens: 0 },
        { jobs: 1, tokens: 0 },
      ],
      'the same writes for both addresses',
    );
    const mails = await deliveredMails(runtime);
    assert.ok(
      mails.some((mail) => mail.to.includes('jana@example.org') && /passwort-neu\?token=/.test(mail.text)),
      'the job mails the account',
    );
    assert.ok(!mails.some((mail) => mail.to.includes('niemand@example.org')), 'and nobody else');
  });

  it('keeps the profile, changes the address after confirmation, and deletes the account as explained', async () => {
    const { agent } = await registerAndVerify('paula@example.org');
    await agent.post('/anmelden', { email: 'paula@example.org', password });

    const bad = await agent.post('/konto/profil', { givenName: 'Paula', familyName: 'Profil', birthDate: '2999-01-01', postcode: '1234' }, '/konto');
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /href="#profile-birthDate"/);
    assert.match(bad.body, /Postleitzahl hat 5 Ziffern/);
    const good = await agent.post(
      '/konto/profil',
      { givenName: 'Paula', familyName: 'Profil', birthDate: '14.7.1985', street: 'Elbweg 1', postcode: '01067', city: 'Dresden' },
      '/konto',
    );
    assert.equal(good.statusCode, 303, 'the date of birth as people write it');
    const saved = (await agent.get('/konto?hinweis=profile')).body;
    assert.match(saved, /value="Elbweg 1"/);
    assert.match(saved, /id="profile-birthDate"[^>]*value="14\.07\.1985"|value="14\.07\.1985"[^>]*id="profile-birthDate"/, 'shown as 14.07.1985');
    assert.match(saved, /Im Format TT\.MM\.JJJJ/);
    const stored = await runtime.ctx.db.selectFrom('accounts').select('profile').where('email', '=', 'paula@example.org').executeTakeFirstOrThrow();
    assert.equal(JSON.parse(stored.profile).birthDate, '1985-07-14', 'kept as an ISO date, as identity providers send it');

    assert.equal((await agent.post('/konto/email', { newEmail: 'paula.neu@example.org' }, '/konto')).statusCode, 303);
    const link = linkIn(await lastMailTo(runtime, 'paula.neu@example.org'));
    const confirmUrl = link.pathname + link.search;
    assert.match((await agent.get(confirmUrl)).body, /Neue E-Mail-Adresse bestätigen/);
    assert.equal((await agent.post(confirmUrl, {}, confirmUrl)).statusCode, 200);
    assert.match((await agent.get('/konto')).body, /paula.neu@example.org/);
    assert.match((await lastMailTo(runtime, 'paula@example.org')).subject, /wurde geändert/);

    const explained = await agent.get('/konto/loeschen');
    assert.match(explained.body, /Abgeschickte Anträge bearbeitet die Behörde weiter/);
    const unconfirmed = await agent.post('/konto/loeschen', { password }, '/konto/loeschen');
    assert.equal(unconfirmed.statusCode, 422);
    assert.match(unconfirmed.body, /Bitte bestätigen Sie, dass Sie Ihr Konto löschen möchten/);
    const deleted = await agent.post('/konto/loeschen', { password, confirm: 'yes' }, '/konto/loeschen');
    assert.equal(deleted.statusCode, 200);
    assert.equal((await agent.get('/konto')).statusCode, 303);
    assert.equal((await new Agent(app).post('/anmelden', { email: 'paula.neu@example.org', password })).statusCode, 401);
    const row = await runtime.ctx.db.selectFrom('accounts').selectAll().where('display_name', '=', '–').executeTakeFirstOrThrow();
    assert.equal(row.email, null);
    assert.equal(row.profile, '{}');
  });
});
