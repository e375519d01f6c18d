import type { FieldError } from '../../core/errors.js';
import { toPointer } from '../../core/json-pointer.js';

export const emailMaxLength = 254;
export const nameMaxLength = 100;

/** Control characters (NUL above all: PostgreSQL refuses it in text) have no place in a name or an address. */
export function hasControlCharacters(value: string): boolean {
  return /[\u0000-\u001f\u007f]/.test(value);
}

/** Deliberately simple: one @, something on both sides, a dot in the domain, no spaces or control characters. */
export function isEmail(value: string): boolean {
  return value.length <= emailMaxLength && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) && !hasControlCharacters(value);
}

/** Collects field errors; a service throws them together so the user sees every problem at once. */
export class FieldErrors {
  readonly list: FieldError[] = [];
  add(field: string, code: string, params?: Record<string, string | number>): void {
    this.list.push({ pointer: toPointer(field), code, ...(params ? { params } : {}) });
  }
  requireText(field: string, value: unknown, maxLength = nameMaxLength): string {
    const text = typeof value === 'string' ? value.trim() : '';
    if (!text) this.add(field, 'identity.field.required');
    else if (text.length > maxLength) this.add(field, 'identity.field.tooLong', { max: maxLength });
    else if (hasControlCharacters(text)) this.add(field, 'identity.field.invalidCharacters');
    return text;
  }
  optionalText(field: string, value: unknown, maxLength = nameMaxLength): string {
    const text = typeof value === 'string' ? value.trim() : '';
    if (text.length > maxLength) this.add(field, 'identity.field.tooLong', { max: maxLength });
    else if (hasControlCharacters(text)) this.add(field, 'identity.field.invalidCharacters');
    return text;
  }
  email(field: string, value: unknown): string {
    const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
    if (!text) this.add(field, 'identity.field.required');
    else if (!isEmail(text)) this.add(field, 'identity.email.invalid');
    return text;
  }
  get empty(): boolean {
    return this.list.length === 0;
  }
}
