import type { FieldError } from '../../core/errors.js';

export const emailMaxLength = 254;
export const nameMaxLength = 100;

/** Deliberately simple: one @, something on both sides, a dot in the domain, no spaces. */
export function isEmail(value: string): boolean {
  return value.length <= emailMaxLength && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

/** Collects field errors; a service throws them together so the user sees every problem at once. */
export class FieldErrors {
  readonly list: FieldError[] = [];
  add(field: string, code: string, params?: Record<string, string | number>): void {
    this.list.push({ pointer: `/${field}`, code, ...(params ? { params } : {}) });
  }
  requireText(field: string, value: unknown, maxLength = nameMaxLength): string {
    const text = typeof value === 'string' ? value.trim() : '';
    if (!text) this.add(field, 'identity.field.required');
    else if (text.length > maxLength) this.add(field, 'identity.field.tooLong', { max: maxLength });
    return text;
  }
  optionalText(field: string, value: unknown, maxLength = nameMaxLength): string {
    const text = typeof value === 'string' ? value.trim() : '';
    if (text.length > maxLength) this.add(field, 'identity.field.tooLong', { max: maxLength });
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
