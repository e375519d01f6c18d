import type { FormDefinition } from './definition.js';
import { parseFormDefinition } from './definition-schema.js';

/**
 * The form versions this process knows, filled by whoever loads procedure packs. In memory on
 * purpose: definitions are data shipped with (or published into) the procedures, and every
 * instance loads the same ones at start-up.
 */
const forms = new Map<string, FormDefinition>();

const id = (key: string, version: string) => `${key}@${version}`;

/** Checks the definition (throws `FormDefinitionError`) and makes it available; returns the parsed form. */
export function registerForm(definition: unknown): FormDefinition {
  const form = parseFormDefinition(definition);
  forms.set(id(form.key, form.version), form);
  return form;
}

export function getForm(key: string, version: string): FormDefinition | undefined {
  return forms.get(id(key, version));
}
