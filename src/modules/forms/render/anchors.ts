import type { Field } from '../definition.js';
import { fieldId } from './fields.js';
import { childPointer, pointerTokens } from '../../../core/json-pointer.js';

/**
 * Where a problem's link in the error summary points: the input that holds the answer. Parts of
 * an address and the system choice of a coordinate have their own inputs; any deeper pointer
 * (a polygon point, a file) goes to its field.
 */
export function anchorFor(fields: readonly Field[], pointer: string): string {
  const parts = pointerTokens(pointer);
  let scope = fields;
  let at = '';
  for (let i = 0; i < parts.length; i++) {
    const field = scope.find((f) => f.key === parts[i]);
    if (!field) return fieldId(at || pointer);
    at = childPointer(at, field.key);
    if (field.type === 'group') {
      scope = field.fields;
    } else if (field.type === 'repeat') {
      const index = parts[i + 1];
      if (index === undefined || !/^\d+$/.test(index)) return fieldId(at);
      at = childPointer(at, index);
      i++;
      scope = field.fields;
    } else {
      const rest = parts[i + 1];
      const ownInput = (field.type === 'address' && rest !== undefined) || (field.type === 'coordinate' && rest === 'crs') || (field.type === 'polygon' && rest === 'crs');
      return fieldId(ownInput ? childPointer(at, rest) : at);
    }
  }
  return fieldId(at);
}
