import type { AppContext } from '../../core/context.js';
import { ConflictError, NotFoundError } from '../../core/errors.js';
import type { Language } from '../../core/i18n/index.js';
import { pointerTokens, valueAt } from '../../core/json-pointer.js';
import type { Field, FormDefinition, RegionCheck } from '../forms/index.js';
import { currentProcedureVersion } from '../procedures/index.js';
import { can, principalAccountId, type Actor } from './access.js';
import { getApplication, regionCheck, startApplication, validateAnswers } from './service.js';
import type { Application } from './store.js';
import { startRedirectFor } from './submission-listeners.js';

/**
 * A new application as a copy of an earlier one ("Als Vorlage verwenden"): a new draft of the
 * procedure's current version with the earlier answers — except file uploads (a file belongs to
 * the application it was uploaded for) and answers the current form no longer accepts (a changed
 * code list, a date that has to lie ahead, a question that was removed). Generic for every
 * procedure: what is copied follows from the field types, no pack declares anything.
 */

type Data = Record<string, unknown>;

function isRecord(value: unknown): value is Data {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The answers to the form's questions without file uploads, at any depth (groups, repeats); answers to questions it no longer asks are left out. */
export function withoutFiles(fields: readonly Field[], data: Data): Data {
  const out: Data = {};
  for (const field of fields) {
    if (field.type === 'help' || field.type === 'file' || !Object.hasOwn(data, field.key)) continue;
    const value = data[field.key];
    if (field.type === 'group') out[field.key] = isRecord(value) ? withoutFiles(field.fields, value) : value;
    else if (field.type === 'repeat') out[field.key] = Array.isArray(value) ? value.map((item) => (isRecord(item) ? withoutFiles(field.fields, item) : item)) : value;
    else out[field.key] = value;
  }
  return out;
}

/** Removes the value at a pointer (a copy of the path is made; the rest is shared). */
function withoutValueAt(data: Data, tokens: readonly string[]): Data {
  const [head, ...rest] = tokens;
  if (head === undefined || !Object.hasOwn(data, head)) return data;
  const copy: Data = { ...data };
  if (rest.length === 0) {
    delete copy[head];
    return copy;
  }
  const child = copy[head];
  if (Array.isArray(child)) {
    const index = Number(rest[0]);
    const item = child[index];
    if (!Number.isInteger(index) || item === undefined) return data;
    const items = [...child];
    if (rest.length === 1) items.splice(index, 1);
    else if (isRecord(item)) items[index] = withoutValueAt(item, rest.slice(1));
    copy[head] = items;
  } else if (isRecord(child)) copy[head] = withoutValueAt(child, rest);
  return copy;
}

/** Pointer order, repeat indexes compared as numbers: `/a/2` before `/a/10`, a parent before its children. */
function deepestLast(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const [x, y] = [a[i]!, b[i]!];
    if (x === y) continue;
    const numeric = /^\d+$/.test(x) && /^\d+$/.test(y);
    return numeric ? Number(x) - Number(y) : x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** The earlier answers as the current form accepts them: files left out, every answer it refuses dropped. */
export function copiedAnswers(ctx: AppContext, insideRegion: RegionCheck, form: FormDefinition, answers: Data, lang: Language = 'de'): Data {
  let data = withoutFiles(
    form.pages.flatMap((page) => page.fields),
    answers,
  );
  // Dropping one answer can show or hide others; a few rounds settle it.
  for (let round = 0; round < 5; round += 1) {
    const refused = validateAnswers(ctx, insideRegion, form, data, lang).errors.filter((error) => error.pointer !== '' && valueAt(data, error.pointer) !== undefined);
    if (refused.length === 0) break;
    // Deepest first, and repeat items from the end, so that removing one does not move the next.
    const pointers = [...new Set(refused.map((error) => error.pointer))].map(pointerTokens).sort(deepestLast).reverse();
    for (const tokens of pointers) data = withoutValueAt(data, tokens);
  }
  return data;
}

/** Whether the procedure of an earlier application can be started again as a copy (its current version, no choice to make first). */
export async function copyable(ctx: AppContext, application: Application): Promise<boolean> {
  if (application.status !== 'submitted') return false;
  const version = await currentProcedureVersion(ctx, application.procedureKey);
  return !!version && !startRedirectFor(ctx, version.procedure);
}

/** Starts a new draft with the answers of an earlier application of the same owner; returns the draft. */
export async function copyApplication(ctx: AppContext, actor: Actor, sourceId: string, lang: Language = 'de'): Promise<Application> {
  const source = await getApplication(ctx, actor, sourceId);
  // Only the applicant (or the organisation's member acting for it) copies their application; staff may read it, not copy it.
  if (principalAccountId(actor) === null || !can(actor, 'application.submit', { tenantId: source.tenantId, ownerAccountId: source.ownerAccountId }))
    throw new NotFoundError('applications.notFound');
  if (!(await copyable(ctx, source))) throw new ConflictError('applications.copy.notPossible');
  const version = await currentProcedureVersion(ctx, source.procedureKey);
  const data = copiedAnswers(ctx, await regionCheck(ctx, actor.tenantId), version!.form, source.data, lang);
  return startApplication(ctx, actor, source.procedureKey, data, lang, { copiedFrom: source.id });
}
