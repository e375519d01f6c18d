import type { InputValues } from '../workflow/engine.js';

/** An input's value as text, or undefined when it was left out. */
export function inputString(inputs: InputValues, name: string): string | undefined {
  const value = inputs[name];
  return value === undefined ? undefined : String(value);
}
