import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../src/core/module.js';
import { localPath } from '../../src/web/local-path.js';
import { useTestApp } from '../helpers/runtime.js';
import { Agent } from '../identity/helpers.js';

/** Targets that a browser would follow to another host, each as it arrives in the query string. */
const offSite = [
  '/%09/evil.example',
  '/%0A/evil.example',
  '//evil.example',
  '/\\evil.example',
  '/%5Cevil.example/',
  '/\t\\evil.example',
  'https://evil.example/',
  'javascript:alert(1)',
  'evil.example',
];

describe('redirect targets from the request stay on this site', () => {
  let app: HttpApp;
  useTestApp((opened) => ({ app } = opened));

  it('accepts only paths that the URL parser keeps on our origin, and returns them as the parser wrote them', () => {
    for (const target of offSite) {
      const decoded = decodeURIComponent(target.replace(/%5C/gi, '\\'));
      assert.equal(localPath(decoded), undefined, JSON.stringify(decoded));
    }
    assert.equal(localPath('/konto?tab=1#oben'), '/konto?tab=1');
    assert.equal(localPath('/leistungen/straße?q=€'), '/leistungen/stra%C3%9Fe?q=%E2%82%AC');
    assert.equal(localPath('/a/../b'), '/b');
  });

  it('sends a sign-in through the demo IdP to the landing page instead of another host (the OIDC return path is checked the same way)', async () => {
    for (const target of offSite) {
      const agent = new Agent(app);
      const url = `/demo-idp?zurueck=${target}`;
      const response = await agent.post(url, { persona: 'person', level: 'substanziell' }, url);
      assert.equal(response.statusCode, 303, target);
      assert.equal(response.headers.location, '/anmelden/weiter', target);
    }
  });

  it('answers a target with characters outside Latin-1 with a redirect, not a 500', async () => {
    const agent = new Agent(app);
    const url = `/demo-idp?zurueck=${encodeURIComponent('/konto?name=Łódź€')}`;
    const response = await agent.post(url, { persona: 'person', level: 'substanziell' }, url);
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/konto?name=%C5%81%C3%B3d%C5%BA%E2%82%AC');
    const stepUp = await agent.get(`/anmelden/vertrauensniveau?niveau=basis&zurueck=${encodeURIComponent('/ärger/€')}`);
    assert.equal(stepUp.statusCode, 303);
    assert.equal(stepUp.headers.location, '/%C3%A4rger/%E2%82%AC');
    assert.equal((await agent.get('/anmelden/vertrauensniveau?niveau=basis&zurueck=/%09/evil.example')).headers.location, '/');
  });

  it("keeps the place finder's `weiter` on this site and encodes what it keeps", async () => {
    assert.equal((await app.inject('/ort?ort=01067&weiter=/%09/evil.example')).headers.location, '/?ort=14612000');
    const unicode = await app.inject(`/ort?ort=01067&weiter=${encodeURIComponent('/leistungen/€')}`);
    assert.equal(unicode.statusCode, 303);
    assert.equal(unicode.headers.location, '/leistungen/%E2%82%AC?ort=14612000');
  });
});
