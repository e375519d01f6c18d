import type { Executor } from '../../core/db/index.js';
import type { FieldError } from '../../core/errors.js';
import type { Field, FormDefinition } from '../forms/index.js';
import { childPointer } from '../../core/json-pointer.js';

/**
 * File answers are metadata (`{id, name, type, size, sha256}`); the bytes came through an upload.
 * A client could write any metadata into the answers, so every file answer must name an upload of
 * this very application with the same hash — otherwise a receipt would list files nobody sent.
 */

type Data = Record<string, unknown>;

function record(value: unknown): Data | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Data) : undefined;
}

/** Every file answer with its JSON pointer, following groups and repeats. */
function fileAnswers(fields: readonly Field[], container: Data | undefined, pointer: string, out: { pointer: string; file: Data }[]): void {
  if (!container) return;
  for (const field of fields) {
    if (field.type === 'help') continue;
    const value = container[field.key];
    const at = childPointer(pointer, field.key);
    if (field.type === 'group') fileAnswers(field.fields, record(value), at, out);
    else if (field.type === 'repeat' && Array.isArray(value)) value.forEach((item, index) => fileAnswers(field.fields, record(item), childPointer(at, index), out));
    else if (field.type === 'file' && Array.isArray(value)) value.forEach((item, index) => out.push({ pointer: childPointer(at, index), file: record(item) ?? {} }));
  }
}

export async function unknownFileErrors(db: Executor, tenantId: string, applicationId: string, form: FormDefinition, data: Data): Promise<FieldError[]> {
  const answers: { pointer: string; file: Data }[] = [];
  fileAnswers(
    form.pages.flatMap((page) => page.fields),
    data,
    '',
    answers,
  );
  if (answers.length === 0) return [];
  const uploads = await db.selectFrom('application_attachments').select(['id', 'sha256']).where('tenant_id', '=', tenantId).where('application_id', '=', applicationId).execute();
  const known = new Set(uploads.map((upload) => `${upload.id}:${upload.sha256}`));
  return answers.filter(({ file }) => !known.has(`${String(file.id)}:${String(file.sha256)}`)).map(({ pointer }) => ({ pointer, code: 'applications.upload.unknownFile' }));
}
