import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { translator } from '../../src/core/i18n/index.js';
import { applicationForCase } from '../../src/modules/applications/case-side.js';
import { ensureReceipt } from '../../src/modules/applications/receipt.js';
import { addAttachment } from '../../src/modules/applications/attachments.js';
import { getApplication, startApplication, submitApplication, updateDraft } from '../../src/modules/applications/service.js';
import { placeholderValues } from '../../src/modules/cases/documents.js';
import { answersHtml } from '../../src/modules/cases/pages/answers-html.js';
import type { Case } from '../../src/modules/cases/store.js';
import type { Authority } from '../../src/modules/catalog/index.js';
import type { View } from '../../src/web/view.js';
import { applicationTestModules, citizen, fileInput, tenantId, tinyPdf } from '../applications/helpers.js';
import { readPdf } from '../helpers/pdf-text.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { shallowNotification } from '../procedures/bohranzeige-sample.js';

/**
 * The receipt, the Bescheid placeholders and the case page turn answers into text through the
 * forms engine's one `answerText`: the Bohranzeige's investigation method (code `drilling`,
 * label „Bohrung“) and its planned start (2026-04-06) read the same in all three.
 */
describe('one way to turn an answer into text', () => {
  let runtime: TestRuntime;
  let receipt: string;
  let bescheid: string;
  let casePage: string;
  before(async () => {
    runtime = await createTestRuntime({ modules: applicationTestModules });
    const tenant = await tenantId(runtime);
    const anna = citizen(tenant);
    const draft = await startApplication(runtime.ctx, anna, 'bohranzeige');
    await addAttachment(runtime.ctx, anna, draft.id, '/sitePlan', fileInput('lageplan.pdf', tinyPdf));
    const { sitePlan } = (await getApplication(runtime.ctx, anna, draft.id)).data;
    await updateDraft(runtime.ctx, anna, draft.id, { data: { ...shallowNotification(), sitePlan }, strict: true });
    await submitApplication(runtime.ctx, anna, draft.id);
    receipt = readPdf((await ensureReceipt(runtime.ctx, tenant, draft.id))!).pages.join('\n');
    const application = (await applicationForCase(runtime.ctx, tenant, draft.id))!;
    bescheid = placeholderValues({
      kase: { reference: 'V-1', applicantName: 'Anna', result: null, feeCents: null } as unknown as Case,
      application,
      authority: { name: 'Sächsisches Oberbergamt', address: { street: 'Kirchgasse 11', postcode: '09599', city: 'Freiberg' } } as Authority,
      actorName: 'Bea',
      now: runtime.clock.now(),
    })['answers.investigation']!;
    casePage = answersHtml({ lang: 'de', t: translator('de'), tenant: { slug: 'sn' }, extensions: runtime.ctx.extensions } as View, application);
  });
  after(() => runtime.dispose());

  it('shows a choice by its label, never its code', () => {
    for (const [where, text] of Object.entries({ receipt, bescheid, casePage })) {
      assert.match(text, /Art der\s+Untersuchung:?\s*(<[^>]+>\s*)*Bohrung/, `${where} names the method by its label`);
      assert.doesNotMatch(text, /\bdrilling\b/, `${where} does not show the code`);
    }
  });

  it('shows a date as 06.04.2026', () => {
    for (const [where, text] of Object.entries({ receipt, bescheid, casePage })) {
      assert.ok(text.includes('06.04.2026'), `${where} shows the planned start as 06.04.2026`);
      assert.ok(!text.includes('2026-04-06'), `${where} does not show the ISO date`);
    }
  });
});
