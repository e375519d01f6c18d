import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { projectPath } from '../src/core/paths.js';
import { sessionCookie } from '../src/modules/identity/sessions.js';
import { currentProcedureVersion, importPack, loadPack } from '../src/modules/procedures/index.js';
import { staffSession } from '../test/catalog/staff.js';
import { expectNoAxeViolations, startBrowserHarness, type BrowserHarness } from './helpers/browser.js';

/**
 * The procedure studio in Chromium: a procedure administrator finds a new draft of the drilling
 * notification in the list, reads its differences, submits it for review, and a second
 * administrator approves it, after a look at the draft's preview, and opens its working copy;
 * every page axe-clean, without any script of ours.
 */
describe('procedure studio in Chromium', () => {
  let harness: BrowserHarness;
  before(async () => {
    harness = await startBrowserHarness();
  });
  after(async () => {
    await harness?.close();
  });

  async function signedIn(name: string) {
    const tenant = await harness.runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow();
    const { token } = await staffSession(harness.runtime, tenant.id, 'procedureAdmin', name);
    const context = await harness.newContext();
    await context.addCookies([{ name: sessionCookie, value: token, url: harness.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
    return context.newPage();
  }

  it('list → version with its differences → submit → a second administrator approves → the working copy', async () => {
    const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'studio-e2e-')), 'bohranzeige');
    fs.cpSync(projectPath('procedures', 'bohranzeige'), folder, { recursive: true });
    const form = JSON.parse(fs.readFileSync(path.join(folder, 'form.json'), 'utf8'));
    form.pages[0].fields[0].label.de = 'Frage mit neuem Wortlaut';
    fs.writeFileSync(path.join(folder, 'form.json'), JSON.stringify(form));
    const draft = await importPack(harness.runtime.ctx, loadPack(folder));

    const paula = await signedIn('Paula Pflege');
    await paula.goto('/konto');
    await paula.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Verfahren' }).click();
    await paula.waitForURL(/\/verwaltung\/verfahren$/);
    await expectNoAxeViolations(paula);
    await paula
      .getByRole('link', { name: `Version ${draft.version} ansehen` })
      .first()
      .click();
    await paula.waitForURL(new RegExp(`/verwaltung/verfahren/bohranzeige/${draft.version}$`));
    assert.ok(await paula.getByRole('heading', { name: 'Änderungen gegenüber Version 1' }).isVisible());
    assert.ok(await paula.getByRole('cell', { name: `/${form.pages[0].fields[0].key} (Frage mit neuem Wortlaut)`, exact: true }).isVisible());
    await expectNoAxeViolations(paula);

    // The preview: the draft's first page as applicants see it, and its messages after an empty "Weiter".
    await paula.getByRole('link', { name: /^Vorschau:/ }).click();
    await paula.waitForURL(new RegExp(`/bohranzeige/${draft.version}/vorschau/seite/`));
    assert.ok(await paula.getByText('Vorschau – nichts wird eingereicht').isVisible());
    assert.ok(await paula.getByText('Frage mit neuem Wortlaut').first().isVisible());
    await paula.getByRole('button', { name: 'Weiter' }).click();
    assert.ok(await paula.getByRole('heading', { name: 'Es gibt ein Problem' }).isVisible());
    await expectNoAxeViolations(paula);
    await paula.goto(`/verwaltung/verfahren/bohranzeige/${draft.version}`);

    await paula.getByRole('button', { name: 'Zur Prüfung geben' }).click();
    await paula.waitForURL(/\?hinweis=submitted$/);
    assert.ok(await paula.getByText('Freigeben muss sie eine zweite Person').isVisible());
    assert.equal(await paula.getByRole('button', { name: 'Freigeben und veröffentlichen' }).count(), 0, 'no approval of one’s own submission');
    await expectNoAxeViolations(paula);

    const viktor = await signedIn('Viktor Vieraugen');
    await viktor.goto(`/verwaltung/verfahren/bohranzeige/${draft.version}`);
    await viktor.getByRole('button', { name: 'Freigeben und veröffentlichen' }).click();
    await viktor.waitForURL(/\?hinweis=approved$/);
    assert.ok(await viktor.getByText('Die Version ist freigegeben und veröffentlicht.').isVisible());
    await expectNoAxeViolations(viktor);
    assert.equal((await currentProcedureVersion(harness.runtime.ctx, 'bohranzeige'))!.version, draft.version);

    // The working copy: copied from the published version, listed page by page, saved unchanged.
    await viktor.getByRole('button', { name: `Version ${draft.version} bearbeiten` }).click();
    await viktor.waitForURL(/\/bohranzeige\/arbeitsstand\?hinweis=started$/);
    assert.ok(await viktor.getByText('Frage mit neuem Wortlaut').first().isVisible());
    await expectNoAxeViolations(viktor);
    await viktor.getByRole('button', { name: 'Als Entwurf speichern' }).click();
    await viktor.waitForURL(new RegExp(`/bohranzeige/${draft.version}\\?hinweis=unchanged$`));
    assert.ok(await viktor.getByText('Es wurde keine neue Version gespeichert.', { exact: false }).isVisible());
  });
});
