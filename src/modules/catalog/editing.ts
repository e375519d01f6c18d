import { appendAudit } from '../../core/audit/index.js';
import { toStored } from '../../core/clock.js';
import type { AppContext } from '../../core/context.js';
import { inTransaction } from '../../core/db/index.js';
import { ConflictError, NotFoundError, ValidationError, type FieldError } from '../../core/errors.js';
import type { Language } from '../../core/i18n/index.js';
import { newId } from '../../core/ids.js';
import { auditActor, authorize, type Actor } from '../access/index.js';
import type { Jurisdiction, ServiceText } from './model.js';
import { tenantRegion, textOf } from './service.js';
import * as store from './store.js';
import { toPointer } from '../../core/json-pointer.js';

/**
 * Changes to the catalogue by procedure administrators: service texts and jurisdictions. Every
 * change is one transaction that writes the data, keeps a version (who, when, what) and appends
 * the audit entry; `authorize` decides who may (`catalog.service.edit`, tenant-wide roles).
 */

/** The text modules an editor may change, in the order the edit form shows them. */
export const editableFields = [
  'name',
  'shortText',
  'fullText',
  'documents',
  'prerequisites',
  'costs',
  'deadlines',
  'processingTime',
  'steps',
  'legalBases',
  'notes',
  'synonyms',
  'forms',
] as const;
export type EditableField = (typeof editableFields)[number];

export const maxNameLength = 200;
export const maxTextLength = 20_000;

function validateText(text: ServiceText): FieldError[] {
  const errors: FieldError[] = [];
  if (!text.name.trim()) errors.push({ pointer: '/name', code: 'catalog.edit.nameRequired' });
  if (text.name.length > maxNameLength) errors.push({ pointer: '/name', code: 'catalog.edit.tooLong', params: { max: maxNameLength } });
  if (!text.shortText.trim()) errors.push({ pointer: '/shortText', code: 'catalog.edit.shortTextRequired' });
  for (const field of ['shortText', 'fullText', 'prerequisites', 'costs', 'deadlines', 'processingTime', 'notes'] as const) {
    if (text[field].length > maxTextLength) errors.push({ pointer: toPointer(field), code: 'catalog.edit.tooLong', params: { max: maxTextLength } });
  }
  text.legalBases.forEach((basis, index) => {
    if (!basis.title.trim()) errors.push({ pointer: toPointer('legalBases', index, 'title'), code: 'catalog.edit.titleRequired' });
    if (basis.url && !/^https?:\/\/\S+$/.test(basis.url)) errors.push({ pointer: toPointer('legalBases', index, 'url'), code: 'catalog.edit.badUrl' });
  });
  text.forms.forEach((form, index) => {
    if (!/^https?:\/\/\S+$/.test(form.url)) errors.push({ pointer: toPointer('forms', index, 'url'), code: 'catalog.edit.badUrl' });
  });
  return errors;
}

/** Staff are named in the history as they were called when they made the change. */
function actorName(actor: Actor): string | null {
  return actor.kind === 'staff' || actor.kind === 'citizen' ? actor.name : null;
}

/**
 * Changes a service text of the actor's tenant. One transaction writes the new text, keeps the
 * version (who, when, which fields, the text before and after) and appends the audit entry; the
 * search index is rebuilt on next use. `expectedVersion` guards against overwriting someone
 * else's change (ConflictError).
 */
export async function updateServiceText(
  ctx: AppContext,
  actor: Actor,
  change: { tenantId: string; serviceId: string; lang: Language; text: Partial<ServiceText>; expectedVersion?: number },
): Promise<{ version: number }> {
  authorize(actor, 'catalog.service.edit', { tenantId: change.tenantId });
  const editor = auditActor(actor);
  const now = toStored(ctx.clock.now());
  return inTransaction(ctx.db, async (trx) => {
    const service = await store.findService(trx, change.tenantId, { id: change.serviceId });
    if (!service) throw new NotFoundError('catalog.error.serviceNotFound');
    const current = await store.getServiceTextRow(trx, change.tenantId, change.serviceId, change.lang);
    const currentVersion = current ? Number(current.version) : 0;
    if (change.expectedVersion !== undefined && change.expectedVersion !== currentVersion) throw new ConflictError();
    const before = current ? (JSON.parse(current.content) as ServiceText) : textOf(service, 'de');
    const after: ServiceText = { ...before };
    for (const field of editableFields) if (change.text[field] !== undefined) (after as unknown as Record<string, unknown>)[field] = change.text[field];
    const errors = validateText(after);
    if (errors.length) throw new ValidationError(errors);
    const changed = editableFields.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
    if (changed.length === 0) return { version: currentVersion };
    const version = currentVersion + 1;
    await store.writeServiceText(trx, { tenantId: change.tenantId, serviceId: change.serviceId, lang: change.lang, version, content: after, now });
    await store.insertServiceTextVersion(trx, {
      id: newId(),
      tenant_id: change.tenantId,
      service_id: change.serviceId,
      lang: change.lang,
      version,
      actor_id: editor.id ?? '',
      actor_name: actorName(actor),
      changed_at: now,
      changed_fields: JSON.stringify(changed),
      content: JSON.stringify(after),
      previous_content: JSON.stringify(before),
    });
    await appendAudit(trx, ctx, {
      tenantId: change.tenantId,
      actor: editor,
      action: 'catalog.service_text.update',
      objectType: 'service',
      objectId: change.serviceId,
      details: { lang: change.lang, version, fields: changed },
    });
    await store.bumpRevision(trx, change.tenantId);
    return { version };
  });
}

export type ServiceTextVersion = Awaited<ReturnType<typeof store.listServiceTextVersions>>[number];

/** Every version of a service's texts, by language and version (oldest first). */
export async function serviceTextHistory(ctx: AppContext, tenantId: string, serviceId: string): Promise<ServiceTextVersion[]> {
  return store.listServiceTextVersions(ctx.db, tenantId, serviceId);
}

/** The stored version number of a text (0 when the text has never been written for that language). */
export async function serviceTextVersion(ctx: AppContext, tenantId: string, serviceId: string, lang: Language): Promise<number> {
  const row = await store.getServiceTextRow(ctx.db, tenantId, serviceId, lang);
  return row ? Number(row.version) : 0;
}

// ---- jurisdictions ----

export interface JurisdictionChange {
  tenantId: string;
  serviceId: string;
  /** Land (2 digits), Kreis (5) or Gemeinde (8) of the tenant's Land. */
  regionAgs: string;
  /** Null: the authority that is always responsible; otherwise one of the service's condition keys. */
  conditionKey: string | null;
  /** Null clears the slot, so the next less specific region answers again. */
  authorityId: string | null;
}

/** The jurisdiction rows of a service, for the editing page. */
export async function serviceJurisdictions(ctx: AppContext, tenantId: string, serviceId: string): Promise<Jurisdiction[]> {
  return store.listServiceJurisdictions(ctx.db, tenantId, serviceId);
}

/** The condition keys a service knows (with their texts), taken from its jurisdiction rows. */
export function conditionsOf(rows: Jurisdiction[]): Map<string, Jurisdiction['conditionTexts']> {
  const conditions = new Map<string, Jurisdiction['conditionTexts']>();
  for (const row of rows) if (row.conditionKey !== null && !conditions.has(row.conditionKey)) conditions.set(row.conditionKey, row.conditionTexts);
  return conditions;
}

/**
 * Sets (or clears) the authority responsible for a service in a region under a condition. The
 * Zuständigkeitsfinder reads the rows directly, so the answer changes with the commit. Returns
 * whether anything changed; a change is versioned and audited like a text edit.
 */
export async function setJurisdiction(ctx: AppContext, actor: Actor, change: JurisdictionChange): Promise<{ changed: boolean }> {
  authorize(actor, 'catalog.service.edit', { tenantId: change.tenantId });
  const editor = auditActor(actor);
  const errors: FieldError[] = [];
  const region = await tenantRegion(ctx, change.tenantId, change.regionAgs);
  if (!region) errors.push({ pointer: '/regionAgs', code: 'catalog.jurisdiction.regionUnknown' });
  if (change.authorityId !== null && !(await store.getAuthorityRow(ctx.db, change.tenantId, change.authorityId))) {
    errors.push({ pointer: '/authorityId', code: 'catalog.jurisdiction.authorityUnknown' });
  }
  const now = toStored(ctx.clock.now());
  return inTransaction(ctx.db, async (trx) => {
    const service = await store.findService(trx, change.tenantId, { id: change.serviceId });
    if (!service) throw new NotFoundError('catalog.error.serviceNotFound');
    const rows = await store.listServiceJurisdictions(trx, change.tenantId, change.serviceId);
    const conditions = conditionsOf(rows);
    if (change.conditionKey !== null && !conditions.has(change.conditionKey)) errors.push({ pointer: '/conditionKey', code: 'catalog.jurisdiction.conditionUnknown' });
    const inRegion = rows.filter((row) => row.regionAgs === change.regionAgs);
    // One authority holds one condition per region (a table constraint); say so rather than fail.
    if (change.authorityId !== null && inRegion.some((row) => row.authorityId === change.authorityId && row.conditionKey !== change.conditionKey)) {
      errors.push({ pointer: '/authorityId', code: 'catalog.jurisdiction.otherCondition' });
    }
    if (errors.length) throw new ValidationError(errors);
    const previous = inRegion.find((row) => row.conditionKey === change.conditionKey)?.authorityId ?? null;
    if (previous === change.authorityId) return { changed: false };
    await store.deleteJurisdictionSlot(trx, change.tenantId, change.serviceId, change.regionAgs, change.conditionKey);
    if (change.authorityId !== null) {
      const conditionTexts = change.conditionKey === null ? null : (conditions.get(change.conditionKey) ?? null);
      await store.insertJurisdiction(trx, change.tenantId, newId(), {
        serviceId: change.serviceId,
        regionAgs: change.regionAgs,
        authorityId: change.authorityId,
        conditionKey: change.conditionKey,
        conditionTexts,
      });
    }
    await store.insertJurisdictionVersion(trx, {
      id: newId(),
      tenant_id: change.tenantId,
      service_id: change.serviceId,
      region_ags: change.regionAgs,
      condition_key: change.conditionKey,
      previous_authority_id: previous,
      authority_id: change.authorityId,
      actor_id: editor.id ?? '',
      actor_name: actorName(actor),
      changed_at: now,
    });
    await appendAudit(trx, ctx, {
      tenantId: change.tenantId,
      actor: editor,
      action: 'catalog.jurisdiction.update',
      objectType: 'service',
      objectId: change.serviceId,
      details: { regionAgs: change.regionAgs, conditionKey: change.conditionKey, from: previous, to: change.authorityId },
    });
    return { changed: true };
  });
}

export type JurisdictionVersion = Awaited<ReturnType<typeof store.listJurisdictionVersions>>[number];

/** The jurisdiction changes of a service, newest first. */
export async function jurisdictionHistory(ctx: AppContext, tenantId: string, serviceId: string): Promise<JurisdictionVersion[]> {
  return store.listJurisdictionVersions(ctx.db, tenantId, serviceId);
}
