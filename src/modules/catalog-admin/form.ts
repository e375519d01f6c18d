import type { EditableField, LegalBasis, Link, ServiceText } from '../catalog/index.js';

/**
 * The edit form shows every text module as one field: lists one item per line, links as
 * "Titel | https://…" per line. These functions turn a text into form values and back.
 */
export type FieldKind = 'line' | 'text' | 'list' | 'links';

export const fieldKinds: Record<EditableField, FieldKind> = {
  name: 'line',
  shortText: 'text',
  fullText: 'text',
  documents: 'list',
  prerequisites: 'text',
  costs: 'text',
  deadlines: 'text',
  processingTime: 'text',
  steps: 'list',
  legalBases: 'links',
  notes: 'text',
  synonyms: 'list',
  forms: 'links',
};

export type FormValues = Partial<Record<EditableField, string>>;

const linkSeparator = ' | ';

function linkLine(link: { title: string; url?: string }): string {
  return link.url ? `${link.title}${linkSeparator}${link.url}` : link.title;
}

/** One field's value as the form shows it. */
export function formValue(text: ServiceText, field: EditableField): string {
  switch (fieldKinds[field]) {
    case 'list':
      return (text[field] as string[]).join('\n');
    case 'links':
      return (text[field] as (LegalBasis | Link)[]).map(linkLine).join('\n');
    default:
      return text[field] as string;
  }
}

export function toFormValues(text: ServiceText): FormValues {
  return Object.fromEntries((Object.keys(fieldKinds) as EditableField[]).map((field) => [field, formValue(text, field)]));
}

const lines = (value: string) =>
  value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

function parseLink(line: string): { title: string; url?: string } {
  const bar = line.lastIndexOf('|');
  if (bar < 0) return /^https?:\/\//.test(line) ? { title: '', url: line } : { title: line };
  const url = line.slice(bar + 1).trim();
  return { title: line.slice(0, bar).trim(), ...(url ? { url } : {}) };
}

/** The posted values as a partial text; fields that were not posted stay undefined (unchanged). */
export function fromFormValues(values: FormValues): Partial<ServiceText> {
  const text: Record<string, unknown> = {};
  for (const field of Object.keys(fieldKinds) as EditableField[]) {
    const value = values[field];
    if (value === undefined) continue;
    switch (fieldKinds[field]) {
      case 'list':
        text[field] = lines(value);
        break;
      case 'links':
        text[field] =
          field === 'forms'
            ? lines(value).map((line) => {
                const link = parseLink(line);
                return { title: link.title || link.url || '', url: link.url ?? '' } satisfies Link;
              })
            : lines(value).map(parseLink);
        break;
      case 'line':
        text[field] = value.trim();
        break;
      default:
        text[field] = value.replace(/\r\n/g, '\n').trim();
    }
  }
  return text as Partial<ServiceText>;
}

/** Reads the edit form's fields from a urlencoded body; anything that is not a string is ignored. */
export function readFormValues(body: unknown, maxLength: number): FormValues {
  const values: FormValues = {};
  if (typeof body !== 'object' || body === null) return values;
  for (const field of Object.keys(fieldKinds) as EditableField[]) {
    const value = (body as Record<string, unknown>)[field];
    if (typeof value === 'string') values[field] = value.slice(0, maxLength + 1);
  }
  return values;
}
