import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { HttpApp } from '../../src/core/module.js';
import { register } from '../../src/modules/identity/accounts.js';
import { passwordMinLength, passwordProblem } from '../../src/modules/identity/passwords.js';
import { ValidationError } from '../../src/core/errors.js';
import { translator } from '../../src/core/i18n/index.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { Agent } from './helpers.js';

/** Strings as people (and attackers) type them: empty, long, unicode, control characters, look-alike addresses. */
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.emailAddress(),
  fc.constantFrom('', ' ', 'a@b', 'jana@example.org', 'password1234', 'x'.repeat(6000), '<script>alert(1)</script>', "' OR 1=1 --", '\u0000'),
);

describe('property-based: registration and login inputs', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let tenantId: string;
  useTestApp(async (opened) => {
    ({ app, runtime } = opened);
    tenantId = (await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow()).id;
  });

  const accounts = async () =>
    Number(
      (
        await runtime.ctx.db
          .selectFrom('accounts')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('registration either creates accounts or says what is wrong, and a refusal changes nothing', async () => {
    const info = { tenantId: '', ip: '203.0.113.9', userAgent: 'fc', lang: 'de' as const, t: translator('de'), origin: 'http://localhost' };
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          { kind: fc.oneof(fc.constantFrom('person', 'organisation'), text), givenName: text, familyName: text, organisationName: text, email: text, password: text },
          { requiredKeys: [] },
        ),
        async (input) => {
          const before = await accounts();
          try {
            await register(runtime.ctx, { ...info, tenantId }, input);
          } catch (error) {
            assert.ok(error instanceof ValidationError, `unexpected ${String(error)}`);
            assert.ok(error.fields.length > 0 && error.fields.every((f) => f.pointer.startsWith('/')));
            assert.equal(await accounts(), before);
            return;
          }
          assert.ok((await accounts()) >= before, 'a new registration (or a mail to an existing address)');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('no login input makes the server fail, and random input never signs anyone in', async () => {
    const agent = new Agent(app);
    await agent.get('/anmelden');
    const token = agent.csrfToken();
    await fc.assert(
      fc.asyncProperty(
        fc.record({ email: fc.oneof(text, fc.array(text, { maxLength: 3 })), password: fc.oneof(text, fc.array(text, { maxLength: 3 })) }, { requiredKeys: [] }),
        async (input) => {
          // Spread the attempts out so the throttle never answers instead of the login.
          runtime.clock.advance(16 * 60_000);
          const response = await agent.postRaw('/anmelden', { _csrf: token, ...(input as Record<string, string | string[]>) });
          // 400: a NUL byte, refused at the edge before the login sees it.
          assert.ok([400, 401, 403, 422, 429].includes(response.statusCode), `status ${response.statusCode}`);
          assert.equal(agent.cookie('aw_session'), undefined);
          assert.match(response.headers['content-type'] as string, /text\/html/);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('a password is accepted exactly when it is long enough, not too long, not common and not the address', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 0, maxLength: 220 }), fc.emailAddress(), (password, email) => {
        const problem = passwordProblem(password, email);
        if (password.length < passwordMinLength) assert.equal(problem, 'identity.password.tooShort');
        else if (password.length > 200) assert.equal(problem, 'identity.password.tooLong');
        else if (password.toLowerCase().includes(email.toLowerCase())) assert.ok(problem);
        else assert.ok(problem === null || problem === 'identity.password.common');
      }),
      { numRuns: 500 },
    );
    assert.equal(passwordProblem('qwerty123456'), 'identity.password.common');
    assert.equal(passwordProblem('iloveyou1234'), 'identity.password.common', 'a listed password padded with digits');
    assert.equal(passwordProblem('Passwort2024!'), 'identity.password.common');
    assert.equal(passwordProblem('Drei Birken am Elbufer'), null);
  });
});
