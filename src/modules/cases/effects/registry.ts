import { Value } from 'typebox/value';
import type { AppContext } from '../../../core/context.js';
import { extensionPoint } from '../../../core/extensions.js';
import { jsonSchemaFile } from '../../../core/json-schema-file.js';
import type { PackProblem } from '../../procedures/index.js';
import { EffectShape, WorkflowSchema, type WorkflowAction, type WorkflowDocument, type WorkflowEffect } from '../workflow/schema.js';
import { answerParent } from './answer-parent.js';
import { clearDeadline } from './clear-deadline.js';
import { close } from './close.js';
import { closeSiblings } from './close-siblings.js';
import { createDocument } from './create-document.js';
import type { EffectPlugin } from './effect.js';
import { forward } from './forward.js';
import { involve } from './involve.js';
import { issueDocument } from './issue-document.js';
import { sendMessage } from './send-message.js';
import { setDeadline } from './set-deadline.js';
import { setFee } from './set-fee.js';

/**
 * The effects a workflow may name, by name: the module that owns an effect's behaviour contributes
 * it, so a runtime knows only the effects of its modules; one name from two modules stops the start.
 */
export const workflowEffects = extensionPoint<EffectPlugin<any, any>>('workflow effect', (plugin) => plugin.name);

/** What the workflow loader and engine need of the context: its modules' effects. */
export type EffectContext = Pick<AppContext, 'extensions'>;

/** The effects the cases module contributes itself. */
export const caseEffects: readonly EffectPlugin<any, any>[] = [
  setFee,
  close,
  setDeadline,
  clearDeadline,
  closeSiblings,
  sendMessage,
  createDocument,
  issueDocument,
  involve,
  forward,
  answerParent,
];

/** An effect of a checked workflow: its plug-in and its value. */
export function effectOf(ctx: EffectContext, effect: WorkflowEffect): { plugin: EffectPlugin<any, any>; value: unknown } {
  const [name, value] = Object.entries(effect)[0]!;
  const plugin = ctx.extensions.find(workflowEffects, name);
  if (!plugin) throw new Error(`unknown workflow effect "${name}"`); // a loaded workflow names only known effects
  return { plugin, value };
}

/** The problems of one effect of an action: a name no module contributes, a value its schema refuses, or what its check finds. */
export function effectProblems(ctx: EffectContext, doc: WorkflowDocument, action: WorkflowAction, effect: WorkflowEffect, at: string, file: string): PackProblem[] {
  const [name, value] = Object.entries(effect)[0]!;
  const plugin = ctx.extensions.find(workflowEffects, name);
  if (!plugin) {
    const known = ctx.extensions.of(workflowEffects).map((known) => known.name);
    return [{ file, path: at, message: `unknown effect "${name}": no module of this runtime contributes it (known: ${known.join(', ')})` }];
  }
  const valueAt = `${at}/${name}`;
  const schemaProblems = [...Value.Errors(plugin.schema, value)].map((error) => ({ file, path: `${valueAt}${error.instancePath}`, message: error.message }));
  if (schemaProblems.length) return schemaProblems;
  const problems: PackProblem[] = [];
  plugin.check?.(value, { doc, action, at: valueAt, report: (path, message) => problems.push({ file, path, message }) });
  return problems;
}

/** `workflow.json` as a JSON Schema file for editors: each effect of the runtime described by its plug-in's schema. */
export function workflowJsonSchema(ctx: EffectContext): string {
  const effects = ctx.extensions
    .of(workflowEffects)
    .map((plugin) => ({ type: 'object', required: [plugin.name], properties: { [plugin.name]: plugin.schema }, additionalProperties: false }));
  return jsonSchemaFile(
    WorkflowSchema,
    { id: 'https://amtsweg.de/schemas/workflow.schema.json', title: 'Amtsweg workflow (workflow.json)' },
    new Map([[EffectShape, { anyOf: effects }]]),
  );
}
