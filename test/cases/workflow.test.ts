import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ValidationError } from '../../src/core/errors.js';
import { ProcedurePackError } from '../../src/modules/procedures/index.js';
import { workflowSvg } from '../../src/modules/cases/workflow/diagram.js';
import { availableActions, parseInputs, refusalOf, type GuardData } from '../../src/modules/cases/workflow/engine.js';
import { loadWorkflow, workflowOf } from '../../src/modules/cases/workflow/load.js';
import { fillPlaceholders, placeholdersOf } from '../../src/modules/cases/workflow/placeholders.js';
import { caseTestExtensions } from './helpers.js';

const shipped = path.resolve('procedures/bohranzeige');

/** A copy of the drilling pack with its workflow.json (and templates) changed. */
function packWith(change: (workflow: Record<string, any>) => void, templates: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsweg-wf-'));
  const folder = path.join(dir, 'bohranzeige');
  fs.cpSync(shipped, folder, { recursive: true });
  const workflow = JSON.parse(fs.readFileSync(path.join(folder, 'workflow.json'), 'utf8'));
  change(workflow);
  fs.writeFileSync(path.join(folder, 'workflow.json'), JSON.stringify(workflow));
  for (const [name, text] of Object.entries(templates)) fs.writeFileSync(path.join(folder, 'templates', name), text);
  return folder;
}

function problemsOf(folder: string): string[] {
  try {
    loadWorkflow(caseTestExtensions, folder);
  } catch (error) {
    assert.ok(error instanceof ProcedurePackError);
    return error.problems.map((p) => `${path.basename(p.file)} ${p.path}: ${p.message}`);
  }
  return [];
}

const data = (state: string, kind = 'geology'): GuardData => ({ answers: {}, case: { state, kind: 'case', result: null, feeCents: null }, authority: { kind, key: 'x' } });

describe('workflow definitions', () => {
  const workflow = workflowOf(caseTestExtensions, 'bohranzeige')!;

  it('loads the drilling workflow with its templates', () => {
    assert.equal(workflow.initial.case, 'received');
    assert.ok(workflow.actions.issueDecision!.fourEyes);
    assert.match(workflow.documentTexts.bescheid!.body, /Rechtsbehelfsbelehrung/);
  });

  it('names file and pointer for schema errors, unknown references and unknown placeholders', () => {
    assert.deepEqual(problemsOf(packWith((w) => (w.actions.confirmReceipt.to = 'nowhere'))), ['workflow.json /actions/confirmReceipt/to: unknown state "nowhere"']);
    assert.match(problemsOf(packWith((w) => (w.actions.confirmReceipt.roles = ['janitor'])))[0]!, /^workflow\.json \/actions\/confirmReceipt\/roles\/0/);
    assert.deepEqual(problemsOf(packWith(() => {}, { 'abgabe.txt': 'Hallo {{applicantName}},\n{{secretValue}} und {{answers.nope}}' })), [
      'abgabe.txt line 2: unknown placeholder "{{secretValue}}"',
      'abgabe.txt line 2: unknown placeholder "{{answers.nope}}"',
    ]);
    assert.deepEqual(problemsOf(packWith((w) => (w.actions.forward.guard = { method: [{ var: 'x' }, 'toString'] }))), [
      'workflow.json /actions/forward/guard: operator "method" is not allowed',
    ]);
    assert.deepEqual(problemsOf(packWith((w) => (w.actions.giveOpinion.effects[0].answerParent.text.input = 'missing'))), [
      'workflow.json /actions/giveOpinion/effects/0: the action has no input "missing"',
    ]);
    assert.deepEqual(problemsOf(packWith((w) => (w.timers[0].action = 'teleport'))), ['workflow.json /timers/0/action: unknown action "teleport"']);
    assert.deepEqual(problemsOf(packWith((w) => (w.actions.closeWithoutDecision.to = 'inReview'))), [
      'workflow.json /actions/closeWithoutDecision/effects/0/close: closes the case, but "inReview" is not a terminal state',
    ]);
    assert.deepEqual(problemsOf(packWith((w) => delete w.onParentClosed)), [
      'workflow.json /onParentClosed: the workflow involves other authorities: name the action that withdraws an open involvement when its case closes',
    ]);
    assert.deepEqual(problemsOf(packWith((w) => (w.onParentClosed = 'vanish'))), ['workflow.json /onParentClosed: unknown action "vanish"']);
  });

  it('offers actions by state and role, never system actions to people, and honours guards', () => {
    assert.deepEqual(
      availableActions(workflow, ['caseWorker'], data('received')).map((a) => a.name),
      ['confirmReceipt', 'forward'],
    );
    assert.deepEqual(
      availableActions(workflow, ['teamLead'], data('received')).map((a) => a.name),
      ['confirmReceipt', 'forward', 'closeWithoutDecision'],
    );
    assert.equal(refusalOf(workflow, 'applicantReplied', ['caseWorker'], data('waitingForApplicant')), 'cases.action.notForRole');
    assert.equal(refusalOf(workflow, 'applicantReplied', ['system'], data('waitingForApplicant')), null);
    assert.equal(refusalOf(workflow, 'draftDecision', ['caseWorker'], data('received')), 'cases.action.notInState');
    assert.equal(refusalOf(workflow, 'nope', ['teamLead'], data('received')), 'cases.action.unknown');
    const guarded = { ...workflow, actions: { ...workflow.actions, forward: { ...workflow.actions.forward!, guard: { '==': [{ var: 'authority.kind' }, 'water'] } } } };
    assert.equal(refusalOf(guarded, 'forward', ['caseWorker'], data('received')), 'cases.action.guard');
    assert.equal(refusalOf(guarded, 'forward', ['caseWorker'], data('received', 'water')), null);
  });

  it('types inputs: dates, choices, money in cents; each problem with its pointer', () => {
    const draft = workflow.actions.draftDecision!;
    assert.deepEqual(parseInputs(draft, { outcome: 'acknowledged', reasons: ' Gründe ', fee: '12,5' }), { outcome: 'acknowledged', reasons: 'Gründe', fee: 1250 });
    assert.deepEqual(parseInputs(draft, { outcome: 'objected', reasons: 'x' }), { outcome: 'objected', reasons: 'x' }, 'an optional input may be left out');
    assert.throws(
      () => parseInputs(draft, { outcome: 'maybe', reasons: 'x'.repeat(10_001), fee: '12.345' }),
      (e: unknown) =>
        e instanceof ValidationError &&
        e.fields.map((f) => `${f.pointer} ${f.code}`).join('|') === '/input/outcome cases.input.choice|/input/reasons forms.text.tooLong|/input/fee cases.input.money',
    );
  });

  it('fills placeholders and reports their lines', () => {
    assert.deepEqual(placeholdersOf('a {{x}}\n{{ y.z }} b'), [
      { name: 'x', line: 1 },
      { name: 'y.z', line: 2 },
    ]);
    assert.equal(fillPlaceholders('Hallo {{name}}, {{ other }}!', { name: 'Erika' }), 'Hallo Erika, !');
  });

  it('draws every state and action into an SVG without scripts or style elements', () => {
    const svg = workflowSvg(workflow, 'de');
    for (const state of Object.values(workflow.states)) assert.ok(svg.includes(state.staff.de.replace(/&/g, '&#38;')), state.staff.de);
    assert.ok(svg.includes('Bescheid erlassen und zustellen (4-Augen)'));
    assert.doesNotMatch(svg, /<script|<style|style=/);
    assert.match(svg, /^<svg [^>]*role="img"/);
  });
});
