import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { generate } from 'otplib';
import Provider from 'oidc-provider';
import type { HttpApp } from '../../src/core/module.js';
import { requireTrustLevel } from '../../src/modules/identity/index.js';
import { readDemoCitizens } from '../../src/modules/identity/demo.js';
import { demoPassword } from '../../src/modules/identity/seed.js';
import { createHttpApp } from '../../src/runtime.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { Agent } from './helpers.js';

/** Who the test identity provider signs in next, and with which eIDAS level. */
let nextLogin = { sub: 'bund-123', acr: 'urn:eidas:loa:substantial', email: 'lena.ident@example.org' };

const people: Record<string, { given_name: string; family_name: string; birthdate: string }> = {
  'bund-123': { given_name: 'Lena', family_name: 'Ident', birthdate: '1990-01-02' },
  'bund-456': { given_name: 'Paul', family_name: 'Hoch', birthdate: '1970-05-06' },
};

/** A real OpenID Provider (oidc-provider) on a random port; its login and consent screens answer at once. */
async function startIdentityProvider(redirectUris: string[]) {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'amtsweg', client_secret: 'test-secret-test-secret', redirect_uris: redirectUris, token_endpoint_auth_method: 'client_secret_post' }],
    acrValues: ['urn:eidas:loa:low', 'urn:eidas:loa:substantial', 'urn:eidas:loa:high'],
    claims: { acr: null, auth_time: null, openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name', 'birthdate'] },
    conformIdTokenClaims: false,
    cookies: { keys: ['test-cookie-key'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      return { accountId: sub, claims: async () => ({ sub, email: nextLogin.email, email_verified: true, ...people[sub] }) };
    },
  });
  const callback = provider.callback();
  server.on('request', async (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return callback(req, res);
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      return provider.interactionFinished(req, res, { login: { accountId: nextLogin.sub, acr: nextLogin.acr } }, { mergeWithLastSubmission: false });
    }
    const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  });
  return { issuer, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Follows the provider's redirects (keeping its cookies) until it sends the browser back to the portal. */
async function throughProvider(start: string, portalOrigin: string): Promise<string> {
  const jar = new Map<string, string>();
  let url = start;
  for (let hop = 0; hop < 12; hop++) {
    if (url.startsWith(portalOrigin)) return url.slice(portalOrigin.length);
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const location = response.headers.get('location');
    if (!location) throw new Error(`the provider stopped at ${url} with ${response.status}: ${await response.text()}`);
    url = new URL(location, url).href;
  }
  throw new Error('too many redirects');
}

describe('OIDC login against a real OpenID Provider', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let idp: Awaited<ReturnType<typeof startIdentityProvider>>;
  const origin = 'http://localhost';

  before(async () => {
    idp = await startIdentityProvider([`${origin}/anmelden/oidc/bundid/rueckkehr`, `${origin}/anmelden/oidc/behoerde/rueckkehr`]);
    const providers = [
      {
        id: 'bundid',
        label: 'BundID (Test)',
        issuer: idp.issuer,
        clientId: 'amtsweg',
        clientSecret: 'test-secret-test-secret',
        scopes: 'openid profile email',
        audience: 'citizen',
        acrLevels: { 'urn:eidas:loa:substantial': 'substanziell', 'urn:eidas:loa:high': 'hoch' },
        claims: { givenName: 'given_name', familyName: 'family_name', birthDate: 'birthdate' },
      },
      // The Land's staff single sign-on (a Keycloak in real life); here the same test provider.
      {
        id: 'behoerde',
        label: 'Behörden-SSO (Test)',
        issuer: idp.issuer,
        clientId: 'amtsweg',
        clientSecret: 'test-secret-test-secret',
        audience: 'staff',
        acrLevels: { 'urn:eidas:loa:substantial': 'substanziell' },
      },
    ];
    runtime = await createTestRuntime({ env: { OIDC_PROVIDERS: JSON.stringify(providers) } });
    app = await createHttpApp(runtime);
    app.get('/probe/hoch', async (request, reply) => {
      if (!requireTrustLevel(request, reply, 'hoch')) return reply;
      return 'welcome at hoch';
    });
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await runtime?.dispose();
    await idp?.close();
  });

  const oidcLogin = async (agent: Agent, returnTo = '/konto', level = '', provider = 'bundid') => {
    const start = await agent.get(`/anmelden/oidc/${provider}?zurueck=${encodeURIComponent(returnTo)}${level ? `&niveau=${level}` : ''}`);
    assert.equal(start.statusCode, 303);
    const authorization = new URL(String(start.headers.location));
    assert.equal(authorization.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(authorization.searchParams.get('state') && authorization.searchParams.get('nonce'));
    const back = await throughProvider(authorization.href, origin);
    return { back, response: await agent.get(back) };
  };

  it('signs in with code flow + PKCE, maps acr to the trust level and claims to the profile', async () => {
    const agent = new Agent(app);
    const { response } = await oidcLogin(agent);
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/konto');
    const account = await agent.get('/konto');
    assert.match(account.body, /Angemeldet als Lena Ident \(lena.ident@example.org\), Vertrauensniveau substanziell/);
    assert.match(account.body, /value="02\.01\.1990"/, 'the birthdate claim (1990-01-02) shown as Germans write it');
    // A second login finds the same account by issuer and subject.
    await oidcLogin(new Agent(app));
    const count = await runtime.ctx.db.selectFrom('accounts').select('id').where('email', '=', 'lena.ident@example.org').execute();
    assert.equal(count.length, 1);
  });

  it('refuses a replayed or tampered answer with a clear page and no session', async () => {
    const agent = new Agent(app);
    const { back } = await oidcLogin(agent);
    const replay = await new Agent(app).get(back);
    assert.equal(replay.statusCode, 400);
    assert.match(replay.body, /Anmeldung nicht möglich/);

    const victim = new Agent(app);
    await victim.get('/anmelden/oidc/bundid');
    const forged = await victim.get(back.replace(/state=[^&]+/, 'state=forged'));
    assert.equal(forged.statusCode, 400);
    assert.equal(victim.cookie('aw_session'), undefined);
  });

  it('steps a password session up to a higher level, keeps the account and returns to the page asked for', async () => {
    const agent = new Agent(app);
    assert.equal((await agent.post('/anmelden', { email: 'erika.mustermann@example.org', password: demoPassword })).statusCode, 303);
    const basisToken = agent.cookie('aw_session');
    const probe = await agent.get('/probe/hoch');
    assert.equal(probe.statusCode, 303);
    const stepUpUrl = String(probe.headers.location);
    assert.equal(stepUpUrl, '/anmelden/vertrauensniveau?niveau=hoch&zurueck=%2Fprobe%2Fhoch');
    const stepUp = await agent.get(stepUpUrl);
    assert.equal(stepUp.statusCode, 200);
    assert.match(stepUp.body, /Vertrauensniveau hoch/);
    assert.match(stepUp.body, /href="\/anmelden\/oidc\/bundid\?zurueck=%2Fprobe%2Fhoch&amp;niveau=hoch"/);

    nextLogin = { sub: 'bund-456', acr: 'urn:eidas:loa:high', email: 'erika.mustermann@example.org' };
    const { response } = await oidcLogin(agent, '/probe/hoch', 'hoch');
    assert.equal(response.headers.location, '/probe/hoch');
    assert.notEqual(agent.cookie('aw_session'), basisToken, 'a new session id at step-up');
    const done = await agent.get('/probe/hoch');
    assert.equal(done.body, 'welcome at hoch');
    const account = await agent.get('/konto');
    assert.match(account.body, /Erika Mustermann \(erika.mustermann@example.org\), Vertrauensniveau hoch/);
  });

  it('signs in with the demo identity provider at substanziell, acting for the demo organisation', async () => {
    const agent = new Agent(app);
    const page = await agent.get('/demo-idp?niveau=substanziell');
    assert.match(page.body, /keine echte Identifizierung/);
    // The personas as the tenant's data file words them.
    assert.match(page.body, /Erika Mustermann \(Privatperson\)[\s\S]*Max Bohrer für die Bohrtechnik Erzgebirge GmbH \(Organisation\)/);
    const response = await agent.post('/demo-idp', { persona: 'organisation', level: 'substanziell' }, '/demo-idp');
    assert.equal(response.statusCode, 303);
    const account = await agent.get('/konto');
    assert.match(account.body, /Max Bohrer \(max.bohrer@example.org\), Vertrauensniveau substanziell/);
    assert.match(account.body, /Max Bohrer \(Bohrtechnik Erzgebirge GmbH\)/, 'the header shows for whom');
    const bad = await agent.post('/demo-idp', { persona: 'admin', level: 'ultra' }, '/demo-idp');
    assert.equal(bad.statusCode, 422);
  });

  it('refuses a demo citizens file with a wrong entry, naming the file and the entry', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'demo-citizens-')), 'demo-citizens.json');
    const shipped = JSON.parse(fs.readFileSync('data/tenants/bw/demo-citizens.json', 'utf8'));
    fs.writeFileSync(file, JSON.stringify({ ...shipped, person: { ...shipped.person, label: { de: 'Erika' } } }));
    assert.throws(() => readDemoCitizens(file, 'data/tenants/x/demo-citizens.json'), /^Error: data\/tenants\/x\/demo-citizens\.json: \/person\/label/);
    fs.writeFileSync(file, JSON.stringify(shipped));
    assert.equal(readDemoCitizens(file, 'x').organisation.profile.organisationName, 'Bohrtechnik Erzgebirge GmbH');
  });

  describe('staff through the staff provider', () => {
    const staffLogin = async (login: typeof nextLogin) => {
      nextLogin = login;
      const agent = new Agent(app);
      return { agent, response: (await oidcLogin(agent, '/bearbeitung', '', 'behoerde')).response };
    };
    const code = (secret: string) => generate({ secret, epoch: Math.floor(runtime.clock.now().getTime() / 1000) });

    it('maps an existing staff account by verified address, then by subject, and still asks for TOTP every time', async () => {
      const first = await staffLogin({ sub: 'kc-oba-7', acr: 'urn:eidas:loa:substantial', email: 'sachbearbeitung.oba@example.org' });
      assert.equal(first.response.statusCode, 303);
      const enrol = String(first.response.headers.location);
      assert.match(enrol, /^\/anmelden\/zweiter-faktor\/einrichten\?zurueck=%2Fbearbeitung/, 'no staff session without a second factor');
      assert.equal((await first.agent.get('/konto')).statusCode, 303, 'not signed in yet');
      const secret = /<code id="totp-secret">([A-Z2-7]+)<\/code>/.exec((await first.agent.get(enrol)).body)?.[1];
      assert.ok(secret);
      assert.equal((await first.agent.post(enrol, { code: await code(secret) }, enrol)).statusCode, 200);
      const account = await first.agent.get('/konto');
      assert.match(account.body, /Angemeldet als Bernd Bergmann \(sachbearbeitung.oba@example.org\), Vertrauensniveau substanziell/);

      // Next time the subject finds the account even when the provider sends another address; TOTP again.
      runtime.clock.advance(60_000);
      const again = await staffLogin({ sub: 'kc-oba-7', acr: 'urn:eidas:loa:substantial', email: 'bernd.privat@example.org' });
      assert.match(String(again.response.headers.location), /^\/anmelden\/zweiter-faktor\?zurueck=/);
      assert.equal((await again.agent.get('/konto')).statusCode, 303);
      const wrong = await again.agent.post('/anmelden/zweiter-faktor', { code: '000000' }, '/anmelden/zweiter-faktor');
      assert.equal(wrong.statusCode, 422);
      const done = await again.agent.post('/anmelden/zweiter-faktor', { code: await code(secret) }, '/anmelden/zweiter-faktor');
      assert.equal(done.statusCode, 303);
      assert.equal((await again.agent.get('/konto')).statusCode, 200);
      const linked = await runtime.ctx.db.selectFrom('identities').select('provider').where('subject', '=', 'kc-oba-7').execute();
      assert.deepEqual(
        linked.map((row) => row.provider),
        ['behoerde'],
      );
      const methods = await runtime.ctx.db.selectFrom('sessions').select('method').where('stage', '=', 'complete').where('method', '=', 'oidc:behoerde').execute();
      assert.equal(methods.length, 2);
    });

    it('refuses unknown staff and citizens, and creates no account', async () => {
      const before = (await runtime.ctx.db.selectFrom('accounts').select('id').execute()).length;
      for (const login of [
        { sub: 'kc-unbekannt', acr: 'urn:eidas:loa:substantial', email: 'unbekannt@lfulg.example.org' },
        { sub: 'kc-erika', acr: 'urn:eidas:loa:substantial', email: 'erika.mustermann@example.org' },
      ]) {
        const { agent, response } = await staffLogin(login);
        assert.equal(response.statusCode, 400, login.email);
        assert.match(response.body, /Anmeldung nicht möglich/);
        assert.equal(agent.cookie('aw_session'), undefined);
      }
      assert.equal((await runtime.ctx.db.selectFrom('accounts').select('id').execute()).length, before);
    });

    it('keeps the audiences apart when one issuer serves both: a citizen subject never signs in as staff, nor a staff subject as citizen', async () => {
      // bund-123 is Lena, linked through the citizen provider in the first test.
      const citizenAtStaff = await staffLogin({ sub: 'bund-123', acr: 'urn:eidas:loa:substantial', email: 'teamleitung.oba@example.org' });
      assert.equal(citizenAtStaff.response.statusCode, 400);
      nextLogin = { sub: 'kc-oba-7', acr: 'urn:eidas:loa:substantial', email: 'sachbearbeitung.oba@example.org' };
      const agent = new Agent(app);
      const staffAtCitizen = (await oidcLogin(agent)).response;
      assert.equal(staffAtCitizen.statusCode, 400);
      assert.equal(agent.cookie('aw_session'), undefined);
    });
  });
});
