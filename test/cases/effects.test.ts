import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type } from 'typebox';
import { contribution, ModuleSetupError } from '../../src/core/extensions.js';
import { composeModules, type AmtswegModule } from '../../src/core/module.js';
import { defineEffect } from '../../src/modules/cases/effects/effect.js';
import { close } from '../../src/modules/cases/effects/close.js';
import { effectProblems, workflowEffects, type EffectContext } from '../../src/modules/cases/effects/registry.js';
import { checkWorkflow, workflowOf } from '../../src/modules/cases/workflow/load.js';
import { loadPack, ProcedurePackError } from '../../src/modules/procedures/index.js';
import { caseTestExtensions, caseTestModules } from './helpers.js';

const workflow = workflowOf(caseTestExtensions, 'bohranzeige')!;
const action = workflow.actions.closeWithoutDecision!;
const problems = (effect: Record<string, unknown>, ctx: EffectContext = caseTestExtensions) =>
  effectProblems(ctx, workflow, action, effect, '/actions/closeWithoutDecision/effects/0', 'workflow.json').map((p) => `${p.path}: ${p.message}`);

/** A module of a test that contributes one effect of its own. */
const notify = defineEffect({
  name: 'notifyOffice',
  schema: Type.Object({ office: Type.String({ minLength: 2 }) }, { additionalProperties: false }),
  check(value, { at, report }) {
    if (value.office === 'nowhere') report(`${at}/office`, 'no such office');
  },
});
const offices: AmtswegModule = { name: 'offices', contributes: [contribution(workflowEffects, notify)] };

describe('workflow effects as plug-ins', () => {
  it('knows every effect the shipped workflows use, and refuses one name from two modules, naming both', () => {
    const used = new Set(Object.values(workflow.actions).flatMap((a) => (a.effects ?? []).map((effect) => Object.keys(effect)[0]!)));
    for (const name of used) assert.ok(caseTestExtensions.extensions.find(workflowEffects, name), name);
    const copycat: AmtswegModule = { name: 'copycat', contributes: [contribution(workflowEffects, close)] };
    assert.throws(() => composeModules([...caseTestModules, copycat]), new ModuleSetupError('the workflow effect "close" is contributed by the modules cases and copycat'));
  });

  it('refuses an unknown effect by name, and a bad value at its own pointer', () => {
    assert.match(
      problems({ teleport: {} })[0]!,
      /^\/actions\/closeWithoutDecision\/effects\/0: unknown effect "teleport": no module of this runtime contributes it \(known: setFee, close, /,
    );
    assert.deepEqual(problems({ setDeadline: { kind: 'reply', workingDays: 0 } }).length, 1);
    assert.match(problems({ setDeadline: { kind: 'reply', workingDays: 0 } })[0]!, /^\/actions\/closeWithoutDecision\/effects\/0\/setDeadline\/workingDays: /);
    assert.deepEqual(problems({ setDeadline: { kind: 'reply' } }), ['/actions/closeWithoutDecision/effects/0/setDeadline: needs exactly one of workingDays and input']);
    assert.deepEqual(problems({ sendMessage: { template: 'constructor' } }), [
      '/actions/closeWithoutDecision/effects/0/sendMessage/template: unknown message template "constructor"',
    ]);
  });

  it('checks an effect another module contributes by its own schema and check, without a change to the engine', () => {
    const withOffices = { extensions: composeModules([...caseTestModules, offices]) };
    assert.deepEqual(problems({ notifyOffice: { office: 'Poststelle' } }, withOffices), []);
    assert.deepEqual(problems({ notifyOffice: { office: 'nowhere' } }, withOffices), ['/actions/closeWithoutDecision/effects/0/notifyOffice/office: no such office']);
    assert.match(problems({ notifyOffice: { office: 'x' } }, withOffices)[0]!, /^\/actions\/closeWithoutDecision\/effects\/0\/notifyOffice\/office: /);
  });

  it('loads a workflow naming that effect only in a runtime with the module, and refuses it without in one line', () => {
    const pack = loadPack('procedures/bohranzeige');
    const document = structuredClone(pack.workflowDocument) as { actions: Record<string, { effects: unknown[] }> };
    document.actions.closeWithoutDecision!.effects.push({ notifyOffice: { office: 'Poststelle' } });
    const load = (ctx: EffectContext) => checkWorkflow(ctx, 'bohranzeige', document, pack.templates, pack.form, 'procedures/bohranzeige');
    assert.deepEqual(load({ extensions: composeModules([...caseTestModules, offices]) }).actions.closeWithoutDecision!.effects!.at(-1), { notifyOffice: { office: 'Poststelle' } });
    assert.throws(
      () => load(caseTestExtensions),
      (error: unknown) =>
        error instanceof ProcedurePackError &&
        error.problems.length === 1 &&
        /^procedures\/bohranzeige\/workflow\.json \/actions\/closeWithoutDecision\/effects\/\d+: unknown effect "notifyOffice": no module of this runtime contributes it /.test(
          `${error.problems[0]!.file} ${error.problems[0]!.path}: ${error.problems[0]!.message}`,
        ),
    );
  });
});
