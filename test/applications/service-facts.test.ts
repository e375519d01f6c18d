import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpApp } from '../../src/core/module.js';
import { useTestApp } from '../helpers/runtime.js';

/** The Leistung page names the sign-in level of its online procedure (a fact the applications module contributes). */
describe('the sign-in level on a Leistung page', () => {
  let app: HttpApp;
  useTestApp((opened) => {
    ({ app } = opened);
  });

  const factOf = (html: string, name: string) => {
    const match = new RegExp(`<dt[^>]*>${name}</dt>\\s*<dd[^>]*>([^<]*)</dd>`).exec(html);
    return match?.[1];
  };

  it('names the level for persons and the higher one for companies, in the reader’s language', async () => {
    const german = await app.inject('/leistungen/bohranzeige');
    assert.equal(german.statusCode, 200);
    assert.equal(
      factOf(german.body, 'Anmeldung für den Online-Antrag'),
      'Als Privatperson: Basisregistrierung (Benutzername und Passwort). Für ein Unternehmen: substanziell (z. B. ELSTER-Zertifikat).',
    );
    const english = await app.inject('/leistungen/bohranzeige?lang=en');
    assert.equal(
      factOf(english.body, 'Sign-in for the online application'),
      'As a private person: basic registration (user name and password). For a company: substantial (e.g. ELSTER certificate).',
    );
  });

  it('says nothing of a sign-in where there is no online procedure', async () => {
    const page = await app.inject('/leistungen/personalausweis');
    assert.equal(page.statusCode, 200);
    assert.equal(factOf(page.body, 'Anmeldung für den Online-Antrag'), undefined);
  });
});
