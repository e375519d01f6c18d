import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../src/core/module.js';
import { useTestApp } from '../helpers/runtime.js';
import { Agent } from '../identity/helpers.js';

describe('CSRF: only a request that its Authorization header authenticates skips the token', () => {
  let app: HttpApp;
  useTestApp((opened) => ({ app } = opened));

  async function signedIn(): Promise<Agent> {
    const agent = new Agent(app);
    const login = await agent.post('/demo-idp', { persona: 'person', level: 'substanziell' }, '/demo-idp');
    assert.equal(login.statusCode, 303);
    assert.equal((await agent.get('/konto')).statusCode, 200);
    return agent;
  }

  it('checks the token when a session cookie authenticates, whatever Authorization header comes along', async () => {
    for (const authorization of [`Draft ${'x'.repeat(32)}`, 'Basic Zm9vOmJhcg==', 'Bearer']) {
      const agent = await signedIn();
      const forged = await app.inject({
        method: 'POST',
        url: '/abmelden',
        headers: { authorization, cookie: `aw_session=${agent.cookie('aw_session')}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: '',
      });
      assert.equal(forged.statusCode, 403, authorization);
      assert.match(forged.body, /Das Formular ist abgelaufen/);
      assert.equal((await agent.get('/konto')).statusCode, 200, 'still signed in');
    }
  });

  it("lets a request without a session cookie through on its header (the API's tokens)", async () => {
    const answer = await app.inject({ method: 'POST', url: '/api/v1/applications', headers: { authorization: `Draft ${'x'.repeat(32)}` }, payload: { procedure: 'bohranzeige' } });
    assert.doesNotMatch(answer.body, /error\.csrf/, 'refused, if at all, for what it asks, not for a missing token');
  });
});
