import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { tinyPdf } from '../test/applications/helpers.js';
import { expectNoAxeViolations } from './helpers/browser.js';
import { fillDate, heading, newCaseWorker, press, staffSignIn, useBrowserHarness } from './helpers/journeys.js';

/**
 * The teacher application end to end, on the test clock's 2 March 2026: the tenant administrator
 * opens a hiring round; an applicant signs in with the demo identity service, finds the service
 * in the portal, fills the form (one error on the way), submits and gets the receipt; a LaSuB case
 * worker checks and ranks (the ranking list shows the form's labels), involves the Personalrat,
 * whose member answers in the Personalrat's own inbox; the worker makes an offer, the applicant
 * accepts it from the application's page, the hiring is completed. A second application in the
 * same round is refused with the explanation. Every page is checked with axe.
 */
describe('teacher application journey in Chromium', () => {
  const harness = useBrowserHarness();
  const round = 'Einstellung zum 01.08.2026';

  /** Visits a page and checks it with axe. */
  async function visit(page: Page, path: string): Promise<void> {
    await page.goto(path);
    await expectNoAxeViolations(page);
  }

  /**
   * Every page of the form after the choice of the round, up to the check page; the first time
   * with a missing name on the way and axe on each page (the second time the pages are the same).
   */
  async function fillTeacherForm(page: Page, { first }: { first: boolean }): Promise<void> {
    const next = async (expected: string) => {
      await press(page, 'Weiter');
      assert.equal(await heading(page), expected);
      if (first) await expectNoAxeViolations(page);
    };
    assert.equal(await heading(page), 'Angaben zu Ihrer Person');
    if (first) await expectNoAxeViolations(page);
    await page.getByLabel('Name', { exact: true }).fill(first ? '' : 'Mustermann');
    await page.getByLabel('Vorname').fill('Erika');
    await fillDate(page, 'f-birthDate', ['14', '5', '1990']);
    await page.getByLabel('Staatsangehörigkeit').fill('deutsch');
    await page.locator('#f-address-street').fill('Heidestraße');
    await page.locator('#f-address-houseNumber').fill('17');
    await page.locator('#f-address-postalCode').fill('01097');
    await page.locator('#f-address-city').fill('Dresden');
    await page.locator('#f-bundesland').selectOption('SN');
    await page.locator('#f-email').fill('erika.mustermann@example.org');
    if (first) {
      await press(page, 'Weiter');
      assert.ok(await page.locator('.aw-error-summary').isVisible(), 'the missing name is reported');
      assert.match((await page.title()) ?? '', /^Fehler:/);
      await expectNoAxeViolations(page);
      await page.getByLabel('Name', { exact: true }).fill('Mustermann');
    }
    await next('Wofür bewerben Sie sich?');

    await page.getByLabel('Lehrkraft oder Seiteneinstieg').check();
    await page.getByRole('group', { name: 'Gewünschte Schulart' }).getByLabel('Oberschule', { exact: true }).check();
    await next('Wo möchten Sie unterrichten?');

    await page.locator('#f-regions-first').selectOption('lasub-leipzig');
    await next('Ihre Ausbildung');

    await page.getByLabel(/^Erste und Zweite Staatsprüfung/).check();
    // The questions that depend on the kind of degree appear once it is sent.
    await next('Ihre Ausbildung');
    await page.getByLabel('Lehramt an Oberschulen (Mittelschulen)').check();
    await page.locator('#f-qualification-gradeFirst').fill('1,9');
    await page.locator('#f-qualification-gradeSecond').fill('1,7');
    await page.locator('#f-qualification-examYear').fill('2025');
    await page.locator('#f-qualification-examLand').selectOption('SN');
    await next('Ihre Unterrichtsfächer');

    await page.locator('#f-subjects-first').selectOption('mathematik');
    await page.locator('#f-subjects-second').selectOption('physik');
    await page.locator('#f-sorbian-1').check();
    await next('Schwerbehinderung und Dienstverhältnis');

    await page.locator('#f-disability-1').check();
    await page.locator('#f-civilServant-1').check();
    await next('Nachweise');

    const file = `${harness().runtime.dataDir}/zeugnis.pdf`;
    fs.writeFileSync(file, tinyPdf);
    await page.locator('#f-certificates').setInputFiles(file);
    await next('Angaben prüfen');
    await page.getByLabel(/Ich versichere/).check();
  }

  it('runs from the hiring round to the completed hiring, and refuses a second application in the round', async () => {
    // The tenant administrator opens the hiring round.
    const admin = await staffSignIn(harness(), 'admin@example.org');
    await visit(admin, '/verwaltung/ausschreibungen');
    await admin.getByLabel('Bezeichnung der Runde').fill(round);
    await admin.getByLabel(/^Einstellungstermin/).fill('2026-08-01');
    await admin.getByLabel('Bewerbung ab').last().fill('2026-03-01');
    await admin.getByLabel('Bewerbung bis').last().fill('2026-04-30');
    await admin.getByLabel(/^Bewerbergruppen/).fill('A1, A2, B1');
    await press(admin, 'Neue Ausschreibungsrunde anlegen');
    assert.ok(await admin.getByRole('heading', { name: round }).isVisible());
    await expectNoAxeViolations(admin);

    // The applicant finds the service and signs in with the demo identity service (trust level substanziell).
    const applicant = await (await harness().newContext()).newPage();
    await visit(applicant, '/');
    await applicant.getByLabel('Suchbegriff').fill('Lehrer bewerben');
    await press(applicant, 'Suchen');
    await expectNoAxeViolations(applicant);
    await applicant.getByRole('main').getByRole('link', { name: 'Als Lehrerin oder Lehrer im sächsischen Schuldienst bewerben' }).first().click();
    await applicant.waitForURL(/\/leistungen\/bewerbung-schuldienst/);
    await expectNoAxeViolations(applicant);
    await applicant.getByRole('link', { name: 'Online beantragen' }).click();
    assert.equal(await heading(applicant), 'Bewerbung für den sächsischen Schuldienst');
    await expectNoAxeViolations(applicant);
    await applicant.getByRole('link', { name: 'Anmelden und Antrag beginnen' }).click();
    await expectNoAxeViolations(applicant);
    await applicant.getByRole('link', { name: /Demo-Identitätsdienst/ }).click();
    await expectNoAxeViolations(applicant);
    await applicant.getByLabel('Vertrauensniveau substanziell').check();
    await press(applicant, 'Als Demo-Person anmelden');
    await press(applicant, 'Antrag beginnen');
    assert.equal(await heading(applicant), 'Wofür möchten Sie sich bewerben?');
    await expectNoAxeViolations(applicant);
    await press(applicant, `Für „${round}“ bewerben`);

    await fillTeacherForm(applicant, { first: true });
    await press(applicant, 'Verbindlich absenden');
    assert.equal(await heading(applicant), 'Antrag eingegangen');
    await expectNoAxeViolations(applicant);
    const reference = (await applicant.locator('.aw-reference').textContent())!;
    assert.match(reference, /^SN-2026-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
    assert.ok(await applicant.getByText('Landesamt für Schule und Bildung, Standort Leipzig').first().isVisible(), 'routed to the Standort of the first wish');
    const receipt = await applicant.request.get(new URL(applicant.url()).pathname.replace(/\/bestaetigung$/, '/eingangsbestaetigung.pdf'));
    assert.equal(receipt.status(), 200);
    assert.equal(receipt.headers()['content-type'], 'application/pdf');
    const applicationPath = new URL(applicant.url()).pathname.replace(/\/bestaetigung$/, '');

    // The LaSuB case worker checks and ranks; the ranking list names Schulart and subject as the form does.
    const worker = await newCaseWorker(harness(), 'lasub-leipzig', { email: 'personal.lasub-leipzig@example.org', name: 'Petra Personal' });
    await visit(worker, '/bearbeitung');
    await worker.getByRole('link', { name: reference }).click();
    assert.equal(await heading(worker), `Vorgang ${reference}`);
    await expectNoAxeViolations(worker);
    await press(worker, 'Eingang bestätigen und prüfen');
    await worker.getByLabel('A1 – grundständig ausgebildete Lehrkraft').check();
    await press(worker, 'Bewerbergruppe bestätigen und in die Rangliste aufnehmen');
    assert.ok(await worker.getByText('In der Rangliste').first().isVisible());
    await expectNoAxeViolations(worker);

    await visit(admin, '/verwaltung/ausschreibungen');
    await admin
      .getByRole('link', { name: /Rangliste/ })
      .first()
      .click();
    await expectNoAxeViolations(admin);
    assert.ok(await admin.getByText('Landesamt für Schule und Bildung, Standort Leipzig · Schulart: Oberschule · Fach: Mathematik').isVisible());
    assert.ok(await admin.getByRole('cell', { name: reference }).first().isVisible());

    // The Personalrat is involved; its member answers in the Personalrat's own inbox.
    await worker.getByLabel('Personalrat', { exact: true }).selectOption({ label: 'Personalrat der Lehrkräfte beim Landesamt für Schule und Bildung, Standort Leipzig' });
    await worker.getByLabel(/^Vorgesehene Einstellung/).fill('Einstellung an der 102. Oberschule Leipzig zum 01.08.2026 mit Mathematik und Physik');
    await press(worker, 'Personalrat beteiligen');
    assert.ok(
      await worker
        .getByText(/wartet auf Stellungnahme/)
        .first()
        .isVisible(),
    );
    await expectNoAxeViolations(worker);

    const council = await newCaseWorker(harness(), 'personalrat-lasub-leipzig', { email: 'personalrat.lasub-leipzig@example.org', name: 'Rita Rat' });
    await visit(council, '/bearbeitung');
    await council.getByRole('link', { name: reference }).click();
    assert.equal(await heading(council), `Vorgang ${reference} – Beteiligung`);
    assert.ok(await council.getByText('Einstellung an der 102. Oberschule Leipzig zum 01.08.2026 mit Mathematik und Physik').first().isVisible(), 'the question');
    await expectNoAxeViolations(council);
    await council.getByLabel('Stellungnahme', { exact: true }).fill('Der Personalrat stimmt der Einstellung zu.');
    await press(council, 'Stellungnahme abgeben');
    assert.ok(await council.getByText('Stellungnahme abgegeben').first().isVisible());
    await expectNoAxeViolations(council);

    // Back at the LaSuB: the answer is in the case; consent recorded, offer made.
    await worker.reload();
    assert.ok(await worker.getByText('Der Personalrat stimmt der Einstellung zu.').first().isVisible());
    await worker.getByLabel('Zugestimmt', { exact: true }).check();
    await press(worker, 'Beteiligung abgeschlossen: Zustimmung');
    await worker.getByLabel('Schule', { exact: true }).fill('102. Oberschule Leipzig');
    await worker.getByLabel('Einstellungstermin').fill('2026-08-01');
    await press(worker, 'Stellenangebot unterbreiten');
    assert.ok(await worker.getByText('Angebot unterbreitet – wartet auf Antwort').first().isVisible());
    await expectNoAxeViolations(worker);

    // The applicant answers from the application's page.
    await visit(applicant, applicationPath);
    assert.ok(await applicant.getByRole('heading', { name: /Stellenangebot zu Ihrer Bewerbung/ }).isVisible(), 'the offer in the Postfach');
    await applicant.getByRole('link', { name: 'Jetzt antworten' }).click();
    assert.equal(await heading(applicant), 'Ihre Antwort an die Behörde');
    await expectNoAxeViolations(applicant);
    assert.ok(await applicant.getByText('Einstellungstermin').first().isVisible(), 'the offer before the buttons');
    await press(applicant, 'Angebot annehmen');
    assert.equal(new URL(applicant.url()).pathname, `${applicationPath}/antworten`);
    assert.ok(await applicant.getByText('Sie haben das Angebot angenommen.', { exact: false }).first().isVisible(), 'the acceptance is confirmed');
    await expectNoAxeViolations(applicant);

    // The worker completes the hiring: the case is closed, the applicant sees the decision.
    await worker.reload();
    assert.ok(await worker.getByText('Angebot angenommen').first().isVisible());
    await press(worker, 'Einstellung abschließen');
    assert.ok(await worker.getByText('Abgeschlossen').first().isVisible());
    await expectNoAxeViolations(worker);
    const kase = await harness()
      .runtime.ctx.db.selectFrom('cases')
      .select(['state', 'result'])
      .where('reference', '=', reference)
      .where('kind', '=', 'case')
      .executeTakeFirstOrThrow();
    assert.deepEqual(kase, { state: 'closed', result: 'hired' });
    await visit(applicant, applicationPath);
    assert.ok(await applicant.getByText('Entschieden').first().isVisible());

    // A second application in the same round is refused, naming the first.
    await visit(applicant, '/antrag/lehrerbewerbung/runde');
    assert.ok(await applicant.getByText(`Sie haben sich in dieser Runde bereits beworben (${reference}).`, { exact: false }).first().isVisible(), 'told before the first page');
    await expectNoAxeViolations(applicant);
    await press(applicant, `Für „${round}“ bewerben`);
    await fillTeacherForm(applicant, { first: false });
    await press(applicant, 'Verbindlich absenden');
    assert.ok(await applicant.getByText(`Sie haben sich für „${round}“ bereits beworben (${reference}).`).first().isVisible());
    await expectNoAxeViolations(applicant);
    const submitted = await harness()
      .runtime.ctx.db.selectFrom('applications')
      .select('id')
      .where('procedure_key', '=', 'lehrerbewerbung')
      .where('status', '=', 'submitted')
      .execute();
    assert.equal(submitted.length, 1, 'nothing of the second one was submitted');
  });
});
