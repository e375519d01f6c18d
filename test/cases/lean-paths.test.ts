import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { translator } from '../../src/core/i18n/index.js';
import type { Language } from '../../src/core/i18n/index.js';
import type { View } from '../../src/web/view.js';
import { applicationForCase } from '../../src/modules/applications/index.js';
import { getCaseView } from '../../src/modules/cases/case-view.js';
import { answersHtml } from '../../src/modules/cases/pages/answers-html.js';
import { assignCase, editDraft, performAction, setResubmission } from '../../src/modules/cases/service.js';
import { findCase } from '../../src/modules/cases/store.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { authoritiesOf, caseAt, caseTestModules, citizen, staff, submitNotification, tenantId, type Authorities, type Staff } from './helpers.js';

/**
 * What the faster paths must not change: an action hands back the case exactly as stored (it is
 * no longer read again), one action's timeline entries keep their order, the case view reads only
 * the latest text of a document, and the cached answers are those of the right application and
 * language.
 */
describe('cases: lean read and write paths', () => {
  let runtime: TestRuntime;
  let tenant: string;
  let authorities: Authorities;
  let worker: Staff;
  before(async () => {
    runtime = await createTestRuntime({ modules: caseTestModules });
    tenant = await tenantId(runtime);
    authorities = await authoritiesOf(runtime, tenant);
    worker = staff(tenant, authorities.lfulg.id, 'caseWorker', 'Sabine Geologin');
  });
  after(() => runtime.dispose());

  const stored = async (id: string) => (await findCase(runtime.ctx.db, tenant, id))!;
  const newCase = async () => (await caseAt(runtime, await submitNotification(runtime, citizen(tenant)), authorities.lfulg.id)).id;

  it('returns the case as stored after an action, an assignment and a Wiedervorlage, deadlines and due date included', async () => {
    const id = await newCase();
    const taken = await assignCase(runtime.ctx, worker, id, (await stored(id)).version, { kind: 'take' });
    assert.deepEqual(taken, await stored(id));
    assert.equal(taken.assigneeAccountId, worker.accountId);
    const confirmed = await performAction(runtime.ctx, worker, id, { action: 'confirmReceipt', version: taken.version, inputs: {} });
    assert.deepEqual(confirmed, await stored(id));
    assert.equal(confirmed.state, 'inReview');
    assert.equal(confirmed.version, taken.version + 1);
    const requested = await performAction(runtime.ctx, worker, id, {
      action: 'requestDocuments',
      version: confirmed.version,
      inputs: { request: 'Bitte das Schichtenverzeichnis.', replyBy: '2026-03-04' },
    });
    assert.deepEqual(requested, await stored(id));
    assert.equal(requested.dueDate, '2026-03-04', 'the reply deadline is now the earliest open one');
    const resubmitted = await setResubmission(runtime.ctx, worker, id, requested.version, '2026-03-03');
    assert.deepEqual(resubmitted, await stored(id));
    assert.equal(resubmitted.dueDate, '2026-03-03');
  });

  it("keeps the order of one action's timeline entries (deadline, message, state change)", async () => {
    const id = await newCase();
    const confirmed = await performAction(runtime.ctx, worker, id, { action: 'confirmReceipt', version: (await stored(id)).version, inputs: {} });
    await performAction(runtime.ctx, worker, id, { action: 'requestDocuments', version: confirmed.version, inputs: { request: 'Bitte nachreichen.', replyBy: '2026-03-20' } });
    const view = await getCaseView(runtime.ctx, worker, id);
    assert.deepEqual(
      view.events.filter((e) => e.action === 'requestDocuments').map((e) => e.kind),
      ['deadlineSet', 'messageSent', 'state'],
    );
  });

  it('reads the text of the latest version of a document only', async () => {
    const id = await newCase();
    let kase = await performAction(runtime.ctx, worker, id, { action: 'confirmReceipt', version: (await stored(id)).version, inputs: {} });
    kase = await performAction(runtime.ctx, worker, id, {
      action: 'draftDecision',
      version: kase.version,
      inputs: { outcome: 'acknowledged', reasons: 'Anzeigepflichtig.', fee: '10' },
    });
    await editDraft(runtime.ctx, worker, id, kase.version, 'bescheid', 'Zweite Fassung des Bescheids.');
    const { documents } = await getCaseView(runtime.ctx, worker, id);
    assert.deepEqual(
      documents.map((d) => [d.version, d.body]),
      [
        [1, null],
        [2, 'Zweite Fassung des Bescheids.'],
      ],
    );
  });

  it('renders the answers of each application in each language, and the same again from the cache', async () => {
    const view = (lang: Language) => ({ lang, t: translator(lang), tenant: { slug: 'sn' }, path: '/', extensions: runtime.ctx.extensions, csrfToken: () => '' }) as unknown as View;
    const first = (await applicationForCase(runtime.ctx, tenant, await submitNotification(runtime, citizen(tenant))))!;
    const firstPage = first.version.form.pages[0]!;
    const german = answersHtml(view('de'), first);
    const english = answersHtml(view('en'), first);
    assert.ok(german.includes(firstPage.title.de) && !german.includes(`>${firstPage.title.en}<`));
    assert.ok(english.includes(firstPage.title.en));
    assert.equal(answersHtml(view('de'), first), german);

    const data = { ...first.application.data, applicantName: 'Andere Bohr GmbH' };
    const second = { ...first, application: { ...first.application, id: 'another-application', dataHash: 'another-hash', data } };
    assert.match(answersHtml(view('de'), second), /Andere Bohr GmbH/);
    assert.doesNotMatch(answersHtml(view('de'), first), /Andere Bohr GmbH/);
  });
});
