import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { NotFoundError } from '../../src/core/errors.js';
import type { HttpApp } from '../../src/core/module.js';
import { projectPath } from '../../src/core/paths.js';
import { listFollowUps } from '../../src/modules/applications/follow-ups.js';
import { answersFromEarlier } from '../../src/modules/applications/prefill-from.js';
import { getApplication, startApplication, submitApplication, updateDraft } from '../../src/modules/applications/service.js';
import { currentProcedureVersion, loadAllPacks, loadPack, ProcedurePackError } from '../../src/modules/procedures/index.js';
import { Agent } from '../identity/helpers.js';
import { useTestApp, type TestRuntime } from '../helpers/runtime.js';
import { submitNotification } from '../cases/helpers.js';
import { applicationTestModules, citizen, encodeActor, tenantId, type Actor } from './helpers.js';

/**
 * procedure.json `prefill`: the § 9 results started from the notification's duty take the
 * notification's Aktenzeichen, the duty and the contact answers; the citizen types none of them.
 */
describe('a results application started from a submitted notification', () => {
  let app: HttpApp;
  let runtime: TestRuntime;
  let anna: Actor;
  let browser: Agent;
  useTestApp(
    async (opened) => {
      ({ app, runtime } = opened);
      anna = citizen(await tenantId(runtime));
      browser = new Agent(app, { 'x-test-actor': encodeActor(anna) });
    },
    { modules: applicationTestModules },
  );

  it('takes the reference, the duty and the contact answers, and the submission fulfils the duty', async () => {
    const id = await submitNotification(runtime, anna);
    const notification = await getApplication(runtime.ctx, anna, id);
    const version = await currentProcedureVersion(runtime.ctx, 'bohrergebnisse');
    const answers = await answersFromEarlier(runtime.ctx, anna, version!, { application: id, duty: 'fachdaten' }, 'de');
    assert.deepEqual(answers, { notification: notification.reference, kind: 'results', duty: 'fachdaten', applicantName: 'Wärme & Bohr GmbH', email: 'info@waerme-bohr.example' });

    const draft = await startApplication(runtime.ctx, anna, 'bohrergebnisse', answers);
    assert.equal(draft.data.notification, notification.reference);
    await updateDraft(runtime.ctx, anna, draft.id, {
      data: {
        ...draft.data,
        kind: 'results',
        borehole: 'EWS 1',
        layerEntry: 'table',
        layers: [{ depthFrom: 0, depthTo: 99, rock: 'Granit' }],
        completion: 'Doppel-U-Sonde DN 32',
        backfill: 'ThermoCem Plus',
        pumpingTest: false,
      },
      strict: true,
    });
    await submitApplication(runtime.ctx, anna, draft.id);
    const [duty] = await listFollowUps(runtime.ctx, anna, id);
    assert.deepEqual([duty!.status, duty!.fulfilledBy], ['fulfilled', draft.id]);
  });

  it('takes no duty the notification does not have, and nothing from a draft', async () => {
    const id = await submitNotification(runtime, anna);
    const version = (await currentProcedureVersion(runtime.ctx, 'bohrergebnisse'))!;
    const answers = await answersFromEarlier(runtime.ctx, anna, version, { application: id, duty: 'laborergebnisse' }, 'de');
    assert.equal(answers.duty, undefined, 'a deep heat probe has no § 10 duty');
    assert.ok(answers.notification);
    const draft = await startApplication(runtime.ctx, anna, 'bohranzeige');
    assert.deepEqual(await answersFromEarlier(runtime.ctx, anna, version, { application: draft.id }, 'de'), {});
  });

  it("finds no one else's notification", async () => {
    const id = await submitNotification(runtime, anna);
    const version = (await currentProcedureVersion(runtime.ctx, 'bohrergebnisse'))!;
    const bernd = citizen(anna.tenantId, { name: 'Bernd Berg' });
    await assert.rejects(answersFromEarlier(runtime.ctx, bernd, version, { application: id, duty: 'fachdaten' }, 'de'), NotFoundError);
  });

  it('links the open duty to a start page that carries the notification, and the draft opens prefilled', async () => {
    const id = await submitNotification(runtime, anna);
    const reference = (await getApplication(runtime.ctx, anna, id)).reference!;
    const status = await browser.get(`/antraege/${id}`);
    const href = `/antrag/bohrergebnisse?aus=${id}&amp;pflicht=fachdaten`;
    assert.ok(status.body.includes(`href="${href}"`), 'the duty links to the results with the notification');

    const start = await browser.get(`/antrag/bohrergebnisse?aus=${id}&pflicht=fachdaten`);
    assert.equal(start.statusCode, 200);
    assert.ok(start.body.includes(`name="aus" value="${id}"`));
    assert.ok(start.body.includes('name="pflicht" value="fachdaten"'));
    assert.ok(start.body.includes('werden übernommen'));

    const started = await browser.post('/antrag/bohrergebnisse', { aus: id, pflicht: 'fachdaten' }, `/antrag/bohrergebnisse?aus=${id}&pflicht=fachdaten`);
    assert.equal(started.statusCode, 303);
    const page = await browser.get(String(started.headers.location));
    assert.ok(page.body.includes(`value="${reference}"`), 'the reference is in its field');
    assert.ok(page.body.includes('value="info@waerme-bohr.example"'));
    // Started from the duty: the kind is "results", and its duty is chosen.
    assert.match(page.body, /name="kind" value="results" checked/);
    assert.match(page.body, /name="duty" value="fachdaten" checked/);

    const bernd = new Agent(app, { 'x-test-actor': encodeActor(citizen(anna.tenantId, { name: 'Bernd Berg' })) });
    const foreign = await bernd.post('/antrag/bohrergebnisse', { aus: id }, '/antrag/bohrergebnisse');
    assert.equal(foreign.statusCode, 404, "someone else's notification is not found");
  });
});

describe('procedure.json prefill is checked at pack load', () => {
  function packsWith(prefill: unknown): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-prefill-'));
    for (const name of ['bohranzeige', 'bohrergebnisse']) fs.cpSync(projectPath('procedures', name), path.join(root, name), { recursive: true });
    const file = path.join(root, 'bohrergebnisse', 'procedure.json');
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), prefill }));
    return root;
  }
  const problems = (load: () => unknown) => {
    try {
      load();
    } catch (error) {
      if (error instanceof ProcedurePackError) return error.problems.map((p) => `${p.path}: ${p.message}`);
      throw error;
    }
    return [];
  };

  it('accepts the shipped packs', () => {
    assert.deepEqual(loadAllPacks().find((pack) => pack.procedure.key === 'bohrergebnisse')?.procedure.prefill?.[0]?.set['/notification'], 'reference');
  });

  it('names a target that is not a single answer of the form, and a source that is neither keyword nor pointer', () => {
    const root = packsWith([{ from: 'bohranzeige', set: { '/nowhere': 'reference', '/layers': '/boreholes', notAPointer: 'duty' } }]);
    assert.deepEqual(
      problems(() => loadPack(path.join(root, 'bohrergebnisse'))),
      [
        '/prefill/0/set/~1nowhere: "/nowhere" is not a field of the form (outside repeats)',
        '/prefill/0/set/~1layers: "/layers" is a repeat field; only single answers can be prefilled',
        '/prefill/0/set/notAPointer: "notAPointer" is not an answer pointer (e.g. "/notification")',
      ],
    );
    assert.match(
      problems(() => loadPack(path.join(packsWith([{ from: 'bohranzeige', set: { '/notification': 'Aktenzeichen' } }]), 'bohrergebnisse'))).join('\n'),
      /\/prefill\/0\/set\/~1notification/,
    );
    assert.deepEqual(
      problems(() => loadPack(path.join(packsWith([{ from: 'bohranzeige', set: { '/kind': { value: 'ergebnisse' }, '/email': { value: true } } }]), 'bohrergebnisse'))),
      ['/prefill/0/set/~1kind: "ergebnisse" is not a value of the code list of "/kind"', '/prefill/0/set/~1email: true does not fit the email field "/email"'],
    );
  });

  it('names an unknown earlier procedure, an unknown earlier field and an answer that does not fit', () => {
    assert.deepEqual(
      problems(() => loadAllPacks(packsWith([{ from: 'gibtsnicht', set: { '/notification': 'reference' } }]))),
      ['/prefill/0/from: "gibtsnicht" is not a procedure pack'],
    );
    assert.deepEqual(
      problems(() => loadAllPacks(packsWith([{ from: 'bohranzeige', set: { '/notification': '/nichtda', '/kind': '/email' } }]))),
      [
        '/prefill/0/set/~1notification: "/nichtda" is not a field of the form of "bohranzeige" (outside repeats)',
        '/prefill/0/set/~1kind: an email answer ("/email" of "bohranzeige") does not fit the singleChoice field "/kind"',
      ],
    );
  });
});
