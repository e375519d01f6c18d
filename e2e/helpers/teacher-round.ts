import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { tinyPdf } from '../../test/applications/helpers.js';
import { expectNoAxeViolations } from './browser.js';
import { addStaff } from '../../src/modules/identity/staff.js';
import { fillDate, heading, newCaseWorker, press, staffSignIn, useBrowserHarness } from './journeys.js';
import { newVariantPage, pick, say, type Variant, variantOptions } from './variants.js';

/**
 * The teacher application end to end, on the test clock's 2 March 2026: the tenant administrator
 * opens a hiring round; an applicant signs in with the demo identity service, finds the service
 * in the portal, fills the form (one error on the way), submits and gets the receipt; a LaSuB case
 * worker checks and ranks (the ranking list shows the form's labels), involves the Personalrat,
 * whose member answers in the Personalrat's own inbox; the worker makes an offer, the applicant
 * accepts it from the application's page, the hiring is completed. A second application in the
 * same round is refused with the explanation. Every page is checked with axe. It runs in both
 * variants (without JavaScript in German, with JavaScript in English), each in a test file of its
 * own: one journey takes up to 7 minutes on a loaded machine, and the runner's limit (10 minutes)
 * holds for a whole file. Each variant has its own round and its own staff (a first sign-in sets
 * up the second factor).
 */
export function teacherRoundJourney(variant: Variant): void {
  describe(`teacher application journey in Chromium (${variant.name})`, () => {
    const harness = useBrowserHarness();

    /** Visits a page and checks it with axe. */
    async function visit(page: Page, path: string): Promise<void> {
      await page.goto(path);
      await expectNoAxeViolations(page);
    }

    /**
     * Every page of the form after the choice of the round, up to the check page; the first time
     * with a missing name on the way and axe on each page (the second time the pages are the same).
     */
    async function fillTeacherForm(page: Page, variant: Variant, { first }: { first: boolean }): Promise<void> {
      const next = async (expected: Record<'de' | 'en', string>) => {
        await press(page, say(variant, 'forms.continue'));
        assert.equal(await heading(page), pick(variant, expected));
        if (first) await expectNoAxeViolations(page);
      };
      const familyName = page.getByLabel(pick(variant, { de: 'Name', en: 'Family name' }), { exact: true });
      assert.equal(await heading(page), pick(variant, { de: 'Angaben zu Ihrer Person', en: 'About you' }));
      if (first) await expectNoAxeViolations(page);
      await familyName.fill(first ? '' : 'Mustermann');
      await page.getByLabel(pick(variant, { de: 'Vorname', en: 'Given names' })).fill('Erika');
      await fillDate(page, 'f-birthDate', ['14', '5', '1990']);
      await page.getByLabel(pick(variant, { de: 'Staatsangehörigkeit', en: 'Nationality' })).fill('deutsch');
      await page.locator('#f-address-street').fill('Heidestraße');
      await page.locator('#f-address-houseNumber').fill('17');
      await page.locator('#f-address-postalCode').fill('01097');
      await page.locator('#f-address-city').fill('Dresden');
      await page.locator('#f-bundesland').selectOption('SN');
      await page.locator('#f-email').fill('erika.mustermann@example.org');
      if (first) {
        await press(page, say(variant, 'forms.continue'));
        assert.ok(await page.locator('.aw-error-summary').isVisible(), 'the missing name is reported');
        assert.ok(((await page.title()) ?? '').startsWith(say(variant, 'form.errorPrefix')));
        await expectNoAxeViolations(page);
        await familyName.fill('Mustermann');
      }
      await next({ de: 'Wofür bewerben Sie sich?', en: 'What are you applying for?' });

      await page.getByLabel(pick(variant, { de: 'Lehrkraft oder Seiteneinstieg', en: 'Teacher or career changer' })).check();
      await page
        .getByRole('group', { name: pick(variant, { de: 'Gewünschte Schulart', en: 'Desired school type' }) })
        .getByLabel(pick(variant, { de: 'Oberschule', en: 'Oberschule (secondary school)' }), { exact: true })
        .check();
      await next({ de: 'Wo möchten Sie unterrichten?', en: 'Where would you like to teach?' });

      await page.locator('#f-regions-first').selectOption('lasub-leipzig');
      const qualification = { de: 'Ihre Ausbildung', en: 'Your qualification' };
      await next(qualification);

      await page.getByLabel(pick(variant, { de: /^Erste und Zweite Staatsprüfung/, en: /^First and second state examination/ })).check();
      // The questions that depend on the kind of degree appear once it is sent (without JavaScript)
      // or at once (with it, and then "Weiter" shows them as not yet answered): the same page again.
      await next(qualification);
      await page.getByLabel(pick(variant, { de: 'Lehramt an Oberschulen (Mittelschulen)', en: 'Oberschulen' }), { exact: true }).check();
      await page.locator('#f-qualification-gradeFirst').fill('1,9');
      await page.locator('#f-qualification-gradeSecond').fill('1,7');
      await page.locator('#f-qualification-examYear').fill('2025');
      await page.locator('#f-qualification-examLand').selectOption('SN');
      await next({ de: 'Ihre Unterrichtsfächer', en: 'Your subjects' });

      await page.locator('#f-subjects-first').selectOption('mathematik');
      await page.locator('#f-subjects-second').selectOption('physik');
      await page.locator('#f-sorbian-1').check();
      await next({ de: 'Schwerbehinderung und Dienstverhältnis', en: 'Disability and employment status' });

      await page.locator('#f-disability-1').check();
      await page.locator('#f-civilServant-1').check();
      await next({ de: 'Nachweise', en: 'Documents' });

      const file = `${harness().runtime.dataDir}/zeugnis.pdf`;
      fs.writeFileSync(file, tinyPdf);
      await page.locator('#f-certificates').setInputFiles(file);
      await press(page, say(variant, 'forms.continue'));
      assert.equal(await heading(page), say(variant, 'applications.check.title'));
      if (first) await expectNoAxeViolations(page);
      await page.getByLabel(pick(variant, { de: /^Ich versichere/, en: /^I confirm that my information/ })).check();
    }

    it(`runs from the hiring round to the completed hiring, and refuses a second application in the round (${variant.name})`, async () => {
      const { runtime } = harness();
      const round = pick(variant, { de: 'Einstellung zum 01.08.2026', en: 'Hiring on 1 August 2026' });
      const context = variantOptions(variant);
      const staffEmail = (name: string) => `${name}.${variant.language}@example.org`;

      // The tenant administrator opens the hiring round.
      const sn = await runtime.ctx.db.selectFrom('tenants').select('id').where('slug', '=', 'sn').executeTakeFirstOrThrow();
      const { password } = await addStaff(runtime.ctx, null, sn.id, { email: staffEmail('admin'), name: 'Anna Admin', role: 'tenantAdmin' });
      const admin = await staffSignIn(harness(), staffEmail('admin'), { password, context, from: '/verwaltung/ausschreibungen' });
      await visit(admin, '/verwaltung/ausschreibungen');
      await admin.getByLabel(say(variant, 'calls.field.title')).fill(round);
      // Optional fields: their labels end in "(optional)".
      await admin.getByLabel(new RegExp(`^${pick(variant, { de: 'Einstellungstermin', en: 'Hiring date' })}`)).fill('2026-08-01');
      await admin.getByLabel(say(variant, 'calls.field.opensOn')).last().fill('2026-03-01');
      await admin.getByLabel(say(variant, 'calls.field.closesOn')).last().fill('2026-04-30');
      await admin.getByLabel(new RegExp(`^${say(variant, 'calls.field.groups')}`)).fill('A1, A2, B1');
      await press(admin, say(variant, 'calls.admin.newCall'));
      assert.ok(await admin.getByRole('heading', { name: round }).isVisible());
      await expectNoAxeViolations(admin);

      // The applicant finds the service and signs in with the demo identity service (trust level substanziell).
      const applicant = await newVariantPage(harness(), variant);
      await visit(applicant, '/');
      await applicant.getByLabel(say(variant, 'catalog.search.label')).fill(pick(variant, { de: 'Lehrer bewerben', en: 'teach' }));
      await press(applicant, say(variant, 'catalog.search.submit'));
      await expectNoAxeViolations(applicant);
      const service = pick(variant, { de: 'Als Lehrerin oder Lehrer im sächsischen Schuldienst bewerben', en: 'Apply to teach in Saxon state schools' });
      await applicant.getByRole('main').getByRole('link', { name: service }).first().click();
      await applicant.waitForURL(/\/leistungen\/bewerbung-schuldienst/);
      await expectNoAxeViolations(applicant);
      await applicant.getByRole('link', { name: say(variant, 'catalog.service.applyOnline') }).click();
      assert.equal(await heading(applicant), pick(variant, { de: 'Bewerbung für den sächsischen Schuldienst', en: 'Application for the Saxon state school service' }));
      await expectNoAxeViolations(applicant);
      await applicant.getByRole('link', { name: say(variant, 'applications.start.login') }).click();
      await expectNoAxeViolations(applicant);
      await applicant.getByRole('link', { name: say(variant, 'identity.login.withDemo') }).click();
      await expectNoAxeViolations(applicant);
      await applicant.getByLabel(say(variant, 'identity.trust.substanziell')).check();
      await press(applicant, say(variant, 'identity.demo.submit'));
      await press(applicant, say(variant, 'applications.start.begin'));
      assert.equal(await heading(applicant), say(variant, 'calls.choose.title'));
      await expectNoAxeViolations(applicant);
      await press(applicant, say(variant, 'calls.choose.apply', { title: round }));

      await fillTeacherForm(applicant, variant, { first: true });
      await press(applicant, say(variant, 'applications.check.submit'));
      assert.equal(await heading(applicant), say(variant, 'applications.confirmation.title'));
      await expectNoAxeViolations(applicant);
      const reference = (await applicant.locator('.aw-reference').textContent())!;
      assert.match(reference, /^SN-2026-[0-9A-Z]{4}-[0-9A-Z]{2}$/);
      const standort = 'Landesamt für Schule und Bildung, Standort Leipzig';
      assert.ok(await applicant.getByText(standort).first().isVisible(), 'routed to the Standort of the first wish');
      const receipt = await applicant.request.get(new URL(applicant.url()).pathname.replace(/\/bestaetigung$/, '/eingangsbestaetigung.pdf'));
      assert.equal(receipt.status(), 200);
      assert.equal(receipt.headers()['content-type'], 'application/pdf');
      const applicationPath = new URL(applicant.url()).pathname.replace(/\/bestaetigung$/, '');

      // The LaSuB case worker checks and ranks; the ranking list names Schulart and subject as the form does.
      const worker = await newCaseWorker(harness(), 'lasub-leipzig', { email: staffEmail('personal.lasub-leipzig'), name: 'Petra Personal' }, { context });
      await visit(worker, '/bearbeitung');
      await worker.getByRole('link', { name: reference }).click();
      assert.equal(await heading(worker), say(variant, 'cases.page.title', { reference }));
      await expectNoAxeViolations(worker);
      await press(worker, pick(variant, { de: 'Eingang bestätigen und prüfen', en: 'Confirm receipt and check' }));
      await worker.getByLabel(pick(variant, { de: 'A1 – grundständig ausgebildete Lehrkraft', en: 'A1 – fully trained teacher' })).check();
      await press(worker, pick(variant, { de: 'Bewerbergruppe bestätigen und in die Rangliste aufnehmen', en: 'Confirm the applicant group and rank' }));
      assert.ok(
        await worker
          .getByText(pick(variant, { de: 'In der Rangliste', en: 'On the ranking list' }))
          .first()
          .isVisible(),
      );
      await expectNoAxeViolations(worker);

      await visit(admin, '/verwaltung/ausschreibungen');
      await admin
        .getByRole('region', { name: round })
        .getByRole('link', { name: say(variant, 'calls.ranking.link') })
        .click();
      await expectNoAxeViolations(admin);
      const partition = pick(variant, { de: 'Schulart: Oberschule · Fach: Mathematik', en: 'School type: Oberschule (secondary school) · Subject: Mathematics' });
      assert.ok(await admin.getByText(`${standort} · ${partition}`).isVisible());
      assert.ok(await admin.getByRole('cell', { name: reference }).first().isVisible());

      // The Personalrat is involved; its member answers in the Personalrat's own inbox.
      const hiring = 'Einstellung an der 102. Oberschule Leipzig zum 01.08.2026 mit Mathematik und Physik';
      await worker.getByLabel(pick(variant, { de: 'Personalrat', en: 'Staff council' }), { exact: true }).selectOption({ label: `Personalrat der Lehrkräfte beim ${standort}` });
      await worker.getByLabel(pick(variant, { de: /^Vorgesehene Einstellung/, en: /^Intended hiring/ })).fill(hiring);
      await press(worker, pick(variant, { de: 'Personalrat beteiligen', en: 'Involve the staff council' }));
      assert.ok(
        await worker
          .getByText(pick(variant, { de: /wartet auf Stellungnahme/, en: /waiting for the opinion/ }))
          .first()
          .isVisible(),
      );
      await expectNoAxeViolations(worker);

      const council = await newCaseWorker(harness(), 'personalrat-lasub-leipzig', { email: staffEmail('personalrat.lasub-leipzig'), name: 'Rita Rat' }, { context });
      await visit(council, '/bearbeitung');
      await council.getByRole('link', { name: reference }).click();
      assert.equal(await heading(council), `${say(variant, 'cases.page.title', { reference })} – ${say(variant, 'cases.involvement')}`);
      assert.ok(await council.getByText(hiring).first().isVisible(), 'the question');
      await expectNoAxeViolations(council);
      await council.getByLabel(pick(variant, { de: 'Stellungnahme', en: 'Opinion' }), { exact: true }).fill('Der Personalrat stimmt der Einstellung zu.');
      await press(council, pick(variant, { de: 'Stellungnahme abgeben', en: 'Give the opinion' }));
      assert.ok(
        await council
          .getByText(pick(variant, { de: 'Stellungnahme abgegeben', en: 'Opinion given' }))
          .first()
          .isVisible(),
      );
      await expectNoAxeViolations(council);

      // Back at the LaSuB: the answer is in the case; consent recorded, offer made.
      await worker.reload();
      assert.ok(await worker.getByText('Der Personalrat stimmt der Einstellung zu.').first().isVisible());
      await worker.getByLabel(pick(variant, { de: 'Zugestimmt', en: 'Consented' }), { exact: true }).check();
      await press(worker, pick(variant, { de: 'Beteiligung abgeschlossen: Zustimmung', en: 'Involvement finished: consent' }));
      await worker.getByLabel(pick(variant, { de: 'Schule', en: 'School' }), { exact: true }).fill('102. Oberschule Leipzig');
      await worker.getByLabel(pick(variant, { de: 'Einstellungstermin', en: 'Hiring date' })).fill('2026-08-01');
      await press(worker, pick(variant, { de: 'Stellenangebot unterbreiten', en: 'Make a job offer' }));
      assert.ok(
        await worker
          .getByText(pick(variant, { de: 'Angebot unterbreitet – wartet auf Antwort', en: 'Offer made – waiting for the answer' }))
          .first()
          .isVisible(),
      );
      await expectNoAxeViolations(worker);

      // The applicant answers from the application's page. The pack's messages are German only.
      await visit(applicant, applicationPath);
      assert.ok(await applicant.getByRole('heading', { name: /Stellenangebot zu Ihrer Bewerbung/ }).isVisible(), 'the offer in the Postfach');
      await applicant.getByRole('link', { name: say(variant, 'applications.detail.answer') }).click();
      assert.equal(await heading(applicant), say(variant, 'cases.applicant.title'));
      await expectNoAxeViolations(applicant);
      assert.ok(
        await applicant
          .getByText(pick(variant, { de: 'Einstellungstermin', en: 'Hiring date' }))
          .first()
          .isVisible(),
        'the offer before the buttons',
      );
      await press(applicant, pick(variant, { de: 'Angebot annehmen', en: 'Accept the offer' }));
      assert.equal(new URL(applicant.url()).pathname, `${applicationPath}/antworten`);
      assert.ok(
        await applicant
          .getByText(pick(variant, { de: 'Sie haben das Angebot angenommen.', en: 'You have accepted the offer.' }), { exact: false })
          .first()
          .isVisible(),
        'the acceptance is confirmed',
      );
      await expectNoAxeViolations(applicant);

      // The worker completes the hiring: the case is closed, the applicant sees the decision.
      await worker.reload();
      assert.ok(
        await worker
          .getByText(pick(variant, { de: 'Angebot angenommen', en: 'Offer accepted' }))
          .first()
          .isVisible(),
      );
      await press(worker, pick(variant, { de: 'Einstellung abschließen', en: 'Complete the hiring' }));
      assert.ok(
        await worker
          .getByText(pick(variant, { de: 'Abgeschlossen', en: 'Closed' }))
          .first()
          .isVisible(),
      );
      await expectNoAxeViolations(worker);
      const kase = await runtime.ctx.db.selectFrom('cases').select(['state', 'result']).where('reference', '=', reference).where('kind', '=', 'case').executeTakeFirstOrThrow();
      assert.deepEqual(kase, { state: 'closed', result: 'hired' });
      await visit(applicant, applicationPath);
      assert.ok(await applicant.getByText(say(variant, 'applications.status.decided')).first().isVisible());

      // A second application in the same round is refused, naming the first.
      const submittedCount = async () =>
        (await runtime.ctx.db.selectFrom('applications').select('id').where('procedure_key', '=', 'lehrerbewerbung').where('status', '=', 'submitted').execute()).length;
      const submittedBefore = await submittedCount();
      await visit(applicant, '/antrag/lehrerbewerbung/runde');
      assert.ok(
        await applicant
          .getByText(say(variant, 'calls.choose.applied', { reference }), { exact: false })
          .first()
          .isVisible(),
        'told before the first page',
      );
      await expectNoAxeViolations(applicant);
      await press(applicant, say(variant, 'calls.choose.apply', { title: round }));
      await fillTeacherForm(applicant, variant, { first: false });
      await press(applicant, say(variant, 'applications.check.submit'));
      assert.ok(
        await applicant
          .getByText(say(variant, 'calls.alreadyApplied', { title: round, reference }))
          .first()
          .isVisible(),
      );
      await expectNoAxeViolations(applicant);
      assert.equal(await submittedCount(), submittedBefore, 'nothing of the second one was submitted');
    });
  });
}
