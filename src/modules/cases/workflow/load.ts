import fs from 'node:fs';
import path from 'node:path';
import { Value } from 'typebox/value';
import { projectPath } from '../../../core/paths.js';
import type { FormDefinition } from '../../forms/index.js';
import { loadPack, logicProblems, ProcedurePackError, type LoadedPack, type PackProblem } from '../../procedures/index.js';
import type { EffectPlugin } from '../effects/effect.js';
import { effectProblems, workflowEffects, type EffectContext } from '../effects/registry.js';
import { placeholdersOf } from './placeholders.js';
import { WorkflowSchema, type Workflow, type WorkflowDocument, type WorkflowEffect } from './schema.js';

/**
 * Reads `procedures/<key>/workflow.json` and its templates and checks them: the schema, then the
 * references between parts (states, actions, inputs, templates) and every template placeholder.
 * Every problem names the file and the JSON pointer, like the procedures module's pack loader.
 */

/** Placeholders every template may use; `input.<name>` and `answers.<field>` are checked separately. */
export const fixedPlaceholders = [
  'reference',
  'submittedAt',
  'today',
  'applicantName',
  'authorityName',
  'atAuthority',
  'authorityAddress',
  'procedureTitle',
  'caseWorker',
  'result',
  'fee',
  'deadline',
  'answerPage',
] as const;

function effectInputs(effect: WorkflowEffect): string[] {
  const names: string[] = [];
  const visit = (value: unknown) => {
    if (value && typeof value === 'object') {
      if ('input' in value && typeof (value as { input: unknown }).input === 'string') names.push((value as { input: string }).input);
      Object.values(value).forEach(visit);
    }
  };
  visit(effect);
  return names;
}

function referenceProblems(
  ctx: EffectContext,
  doc: WorkflowDocument,
  form: FormDefinition,
  file: string,
  dir: string,
  texts: Pick<Workflow, 'messageTexts' | 'documentTexts'>,
): PackProblem[] {
  const problems: PackProblem[] = [];
  const states = new Set(Object.keys(doc.states));
  const actions = new Set(Object.keys(doc.actions));
  const needState = (name: string, at: string) => states.has(name) || problems.push({ file, path: at, message: `unknown state "${name}"` });
  const needAction = (name: string, at: string) => actions.has(name) || problems.push({ file, path: at, message: `unknown action "${name}"` });
  needState(doc.initial.case, '/initial/case');
  if (doc.initial.involvement) needState(doc.initial.involvement, '/initial/involvement');
  if (doc.onApplicantReply) needAction(doc.onApplicantReply, '/onApplicantReply');
  if (doc.onParentClosed) needAction(doc.onParentClosed, '/onParentClosed');
  const messageTemplates = doc.templates?.messages ?? {};
  const documentTemplates = doc.templates?.documents ?? {};
  const allInputs = new Set<string>();
  for (const [name, action] of Object.entries(doc.actions)) {
    const at = `/actions/${name}`;
    action.from.forEach((state, index) => needState(state, `${at}/from/${index}`));
    needState(action.to, `${at}/to`);
    if (action.guard !== undefined) problems.push(...logicProblems(action.guard, file, `${at}/guard`));
    const inputs = new Set((action.inputs ?? []).map((input) => input.name));
    (action.inputs ?? []).forEach((input, index) => {
      allInputs.add(input.name);
      if (input.type === 'choice' && !input.options) problems.push({ file, path: `${at}/inputs/${index}/options`, message: 'a choice needs options' });
      if (input.type === 'authority' && !input.authorityKinds)
        problems.push({ file, path: `${at}/inputs/${index}/authorityKinds`, message: 'an authority input needs authorityKinds' });
    });
    (action.effects ?? []).forEach((effect, index) => {
      const effectAt = `${at}/effects/${index}`;
      for (const input of effectInputs(effect)) if (!inputs.has(input)) problems.push({ file, path: effectAt, message: `the action has no input "${input}"` });
      problems.push(...effectProblems(ctx, doc, action, effect, effectAt, file));
    });
  }
  (doc.timers ?? []).forEach((timer, index) => {
    needState(timer.state, `/timers/${index}/state`);
    needAction(timer.action, `/timers/${index}/action`);
    if (timer.when !== undefined) problems.push(...logicProblems(timer.when, file, `/timers/${index}/when`));
  });
  const fieldKeys = new Set(form.pages.flatMap((page) => page.fields).flatMap((field) => (field.type === 'help' ? [] : [field.key])));
  const checkTemplate = (templateFile: string, body: string) => {
    const relative = path.join(dir, 'templates', templateFile);
    for (const { name, line } of placeholdersOf(body)) {
      const known =
        (fixedPlaceholders as readonly string[]).includes(name) ||
        (name.startsWith('input.') && allInputs.has(name.slice(6))) ||
        (name.startsWith('answers.') && fieldKeys.has(name.slice(8)));
      if (!known) problems.push({ file: relative, path: `line ${line}`, message: `unknown placeholder "{{${name}}}"` });
    }
  };
  for (const [name, template] of Object.entries(messageTemplates)) if (texts.messageTexts[name]) checkTemplate(template.file, texts.messageTexts[name].body);
  for (const [name, template] of Object.entries(documentTemplates)) if (texts.documentTexts[name]) checkTemplate(template.file, texts.documentTexts[name].body);
  // Several effects may find the same workflow-level problem (e.g. two involvements without onParentClosed).
  return [...new Map(problems.map((problem) => [`${problem.file}\0${problem.path}\0${problem.message}`, problem])).values()];
}

/** The template texts the workflow names, from the pack's `templates/` files; a missing one is a problem. */
function templateTexts(doc: WorkflowDocument, files: Record<string, string>, dir: string, problems: PackProblem[]): Pick<Workflow, 'messageTexts' | 'documentTexts'> {
  const read = (file: string, at: string): string | undefined => {
    if (Object.hasOwn(files, file)) return files[file];
    problems.push({ file: path.join(dir, 'workflow.json'), path: at, message: `template file templates/${file} cannot be read` });
    return undefined;
  };
  const messageTexts: Workflow['messageTexts'] = {};
  const documentTexts: Workflow['documentTexts'] = {};
  for (const [name, t] of Object.entries(doc.templates?.messages ?? {})) {
    const body = read(t.file, `/templates/messages/${name}/file`);
    if (body !== undefined) messageTexts[name] = { subject: t.subject, body };
  }
  for (const [name, t] of Object.entries(doc.templates?.documents ?? {})) {
    const body = read(t.file, `/templates/documents/${name}/file`);
    if (body !== undefined) documentTexts[name] = { title: t.title, body };
  }
  return { messageTexts, documentTexts };
}

/**
 * Checks a workflow document with its templates against the form it runs with and the effects the
 * runtime's modules contribute: from a pack folder (loadWorkflow) or from a published procedure
 * version (workflowOfVersion). `dir` names the pack in problems. Throws `ProcedurePackError`.
 */
export function checkWorkflow(ctx: EffectContext, procedureKey: string, document: unknown, templates: Record<string, string>, form: FormDefinition, dir: string): Workflow {
  const file = path.join(dir, 'workflow.json');
  const schemaProblems = [...Value.Errors(WorkflowSchema, document)].map((error) => ({ file, path: error.instancePath, message: error.message }));
  if (schemaProblems.length) throw new ProcedurePackError(schemaProblems);
  const doc = document as WorkflowDocument;
  const problems: PackProblem[] = [];
  const texts = templateTexts(doc, templates, dir, problems);
  problems.push(...referenceProblems(ctx, doc, form, file, dir, texts));
  if (problems.length) throw new ProcedurePackError(problems);
  return { ...doc, procedureKey, ...texts };
}

/** The studio's check of a working copy's workflow before it becomes a version (procedures' `packChecks`). */
export function checkPackWorkflow(ctx: EffectContext, pack: LoadedPack, label: string): void {
  if (pack.workflowDocument !== null) checkWorkflow(ctx, pack.procedure.key, pack.workflowDocument, pack.templates, pack.form, label);
}

/** Loads and checks one pack's workflow; `undefined` when the pack has none. Throws `ProcedurePackError`. */
export function loadWorkflow(ctx: EffectContext, folder: string): Workflow | undefined {
  if (!fs.existsSync(path.join(folder, 'workflow.json'))) return undefined;
  const pack = loadPack(folder);
  return checkWorkflow(ctx, path.basename(folder), pack.workflowDocument, pack.templates, pack.form, path.relative(projectPath('.'), folder) || folder);
}

/**
 * A workflow is checked against the effects of a runtime's modules, so it is read once per set of
 * effects: a test process builds many runtimes, most of the same modules, some of others.
 */
const caches = new Map<string, { one: Map<string, Workflow | null>; every: Map<string, Workflow[]> }>();
const effectIds = new WeakMap<EffectPlugin<any, any>, number>();
let nextEffectId = 0;

function cacheOf(ctx: EffectContext) {
  const effects = ctx.extensions.of(workflowEffects);
  for (const plugin of effects) if (!effectIds.has(plugin)) effectIds.set(plugin, nextEffectId++);
  const key = effects.map((plugin) => effectIds.get(plugin)).join(',');
  let cache = caches.get(key);
  if (!cache) caches.set(key, (cache = { one: new Map(), every: new Map() }));
  return cache;
}

/** The workflow of a shipped procedure (read once per process and set of effects). */
export function workflowOf(ctx: EffectContext, procedureKey: string, root = projectPath('procedures')): Workflow | undefined {
  const { one } = cacheOf(ctx);
  const key = `${root}\0${procedureKey}`;
  if (!one.has(key)) one.set(key, loadWorkflow(ctx, path.join(root, procedureKey)) ?? null);
  return one.get(key) ?? undefined;
}

/** Every shipped workflow, checked: the module calls this at start so a broken pack stops the server. */
export function loadAllWorkflows(ctx: EffectContext, root = projectPath('procedures')): Workflow[] {
  const { every } = cacheOf(ctx);
  let all = every.get(root);
  if (!all) {
    all = fs.existsSync(root)
      ? fs
          .readdirSync(root, { withFileTypes: true })
          .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(root, entry.name, 'workflow.json')))
          .map((entry) => workflowOf(ctx, entry.name, root)!)
          .sort((a, b) => a.procedureKey.localeCompare(b.procedureKey))
      : [];
    every.set(root, all);
  }
  return all;
}
