import { Value } from 'typebox/value';
import type { PackProblem } from '../../procedures/index.js';
import { jsonSchemaFile } from '../../../core/json-schema-file.js';
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

/** The effects a workflow may name, by name; two plug-ins with one name are refused. */
export function effectRegistry(plugins: readonly EffectPlugin<any, any>[]): ReadonlyMap<string, EffectPlugin<any, any>> {
  const registry = new Map<string, EffectPlugin<any, any>>();
  for (const plugin of plugins) {
    if (registry.has(plugin.name)) throw new Error(`the workflow effect "${plugin.name}" is defined twice`);
    registry.set(plugin.name, plugin);
  }
  return registry;
}

export const workflowEffects = effectRegistry([
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
]);

/** An effect of a checked workflow: its plug-in and its value. */
export function effectOf(effect: WorkflowEffect, registry = workflowEffects): { plugin: EffectPlugin<any, any>; value: unknown } {
  const [name, value] = Object.entries(effect)[0]!;
  const plugin = registry.get(name);
  if (!plugin) throw new Error(`unknown workflow effect "${name}"`); // a loaded workflow names only known effects
  return { plugin, value };
}

/** The problems of one effect of an action: an unknown name, a value its schema refuses, or what its check finds. */
export function effectProblems(doc: WorkflowDocument, action: WorkflowAction, effect: WorkflowEffect, at: string, file: string, registry = workflowEffects): PackProblem[] {
  const [name, value] = Object.entries(effect)[0]!;
  const plugin = registry.get(name);
  if (!plugin) return [{ file, path: at, message: `unknown effect "${name}" (known: ${[...registry.keys()].join(', ')})` }];
  const valueAt = `${at}/${name}`;
  const schemaProblems = [...Value.Errors(plugin.schema, value)].map((error) => ({ file, path: `${valueAt}${error.instancePath}`, message: error.message }));
  if (schemaProblems.length) return schemaProblems;
  const problems: PackProblem[] = [];
  plugin.check?.(value, { doc, action, at: valueAt, report: (path, message) => problems.push({ file, path, message }) });
  return problems;
}

/** `workflow.json` as a JSON Schema file for editors: each effect described by its plug-in's schema. */
export function workflowJsonSchema(registry = workflowEffects): string {
  const effects = [...registry.values()].map((plugin) => ({ type: 'object', required: [plugin.name], properties: { [plugin.name]: plugin.schema }, additionalProperties: false }));
  return jsonSchemaFile(
    WorkflowSchema,
    { id: 'https://amtsweg.de/schemas/workflow.schema.json', title: 'Amtsweg workflow (workflow.json)' },
    new Map([[EffectShape, { anyOf: effects }]]),
  );
}
