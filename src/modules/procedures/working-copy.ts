import { appendAudit } from '../../core/audit/index.js';
import { toStored } from '../../core/clock.js';
import type { AppContext } from '../../core/context.js';
import { inTransaction, type Db, type Trx } from '../../core/db/index.js';
import { ConflictError, NotFoundError } from '../../core/errors.js';
import { auditActor, authorize, type Actor } from '../access/index.js';
import { checkAuthorityKinds } from './authority-kinds.js';
import type { WorkingCopyTable } from './migrations.js';
import type { ProcedureDefinition } from './model.js';
import { packChecks } from './pack-checks.js';
import { checkPack, type LoadedPack } from './pack.js';
import { requireMaintainer } from './maintainer.js';
import { getProcedureVersion, listVersions, storePackIn, versionFormDocument, type PublishResult } from './versions.js';

/**
 * The studio's working copy ("Arbeitsstand", docs/studio.md): the editable content of one
 * procedure, so that versions stay immutable. It starts as a copy of a stored version (or, for a
 * new procedure, from a catalogue service) and becomes a new draft version when it is saved, with
 * the same checks `amtsweg procedures import` makes. Every change names the revision it was made
 * on; a change on an older revision (someone else changed it meanwhile) is refused and nothing is
 * saved. Only procedure administrators of the tenant that maintains the procedure edit it.
 */

/** The content of a pack as the editor changes it: the documents a version is made of. */
export interface WorkingContent {
  procedure: ProcedureDefinition;
  form: Record<string, unknown>;
  workflow: unknown;
  templates: Record<string, string>;
}

export interface WorkingCopy {
  key: string;
  revision: number;
  content: WorkingContent;
  /** The version it was copied from or last saved as; undefined while a new procedure was never saved. */
  basedOnVersion: number | undefined;
  changedByName: string | null;
  changedAt: string;
}

function workingCopyOfRow(row: WorkingCopyTable): WorkingCopy {
  return {
    key: row.procedure_key,
    revision: row.revision,
    content: {
      procedure: JSON.parse(row.procedure_json) as ProcedureDefinition,
      form: JSON.parse(row.form_json) as Record<string, unknown>,
      workflow: row.workflow_json === null ? null : (JSON.parse(row.workflow_json) as unknown),
      templates: JSON.parse(row.templates_json) as Record<string, string>,
    },
    basedOnVersion: row.based_on_version ?? undefined,
    changedByName: row.changed_by_name,
    changedAt: row.changed_at,
  };
}

const contentColumns = (content: WorkingContent) => ({
  procedure_json: JSON.stringify(content.procedure),
  form_json: JSON.stringify(content.form),
  workflow_json: content.workflow === null ? null : JSON.stringify(content.workflow),
  templates_json: JSON.stringify(content.templates),
});

function changedColumns(ctx: AppContext, actor: Actor) {
  return { changed_by: auditActor(actor).id, changed_by_name: actor.kind === 'staff' ? actor.name : null, changed_at: toStored(ctx.clock.now()) };
}

/** The actor's tenant's working copy of a procedure, read in `db` (a transaction's, to check a revision). */
async function findWorkingCopy(db: Db | Trx, actor: Actor, key: string): Promise<WorkingCopy | undefined> {
  const row = await db.selectFrom('procedure_working_copies').selectAll().where('procedure_key', '=', key).where('tenant_id', '=', actor.tenantId).executeTakeFirst();
  return row ? workingCopyOfRow(row) : undefined;
}

/**
 * The working copy of a procedure, for its editor. Someone of another tenant than the one that
 * maintains the procedure is refused (403) like for a state change; none at all is 404.
 */
export async function workingCopy(ctx: AppContext, actor: Actor, key: string): Promise<WorkingCopy> {
  authorize(actor, 'procedures.studio.edit', { tenantId: actor.tenantId });
  const copy = await findWorkingCopy(ctx.db, actor, key);
  if (copy) return copy;
  const newest = (await listVersions(ctx, key)).at(-1);
  if (newest) await requireMaintainer(ctx, actor, key, newest.version);
  throw new NotFoundError('procedures.studio.noWorkingCopy');
}

/** The working copy's revision matched the one the change was made on, else a 409 that names the newer one. */
function requireRevision(copy: WorkingCopy | undefined, revision: number | undefined): void {
  const current = copy?.revision;
  if (current !== revision) throw new ConflictError('procedures.studio.staleRevision', { revision: current ?? 0 });
}

/**
 * Starts the working copy of a procedure as a copy of one of its stored versions ("Bearbeiten" on
 * a version page). An existing working copy is replaced; `revision` is the one the page showed
 * (undefined: there was none), so nobody's changes are overwritten unseen.
 */
export async function startWorkingCopy(ctx: AppContext, actor: Actor, key: string, version: number, revision: number | undefined): Promise<WorkingCopy> {
  authorize(actor, 'procedures.studio.edit', { tenantId: actor.tenantId });
  const stored = await getProcedureVersion(ctx, key, version);
  const form = await versionFormDocument(ctx, key, version);
  if (!stored || !form) throw new NotFoundError('procedures.studio.versionNotFound');
  await requireMaintainer(ctx, actor, key, version);
  const content: WorkingContent = {
    procedure: stored.procedure,
    form,
    workflow: stored.workflowDocument,
    templates: stored.templates,
  };
  return inTransaction(ctx.db, async (trx) => {
    const existing = await findWorkingCopy(trx, actor, key);
    requireRevision(existing, revision);
    const columns = { ...contentColumns(content), based_on_version: version, ...changedColumns(ctx, actor) };
    if (existing) await writeRevision(trx, actor, key, existing.revision, columns);
    else
      await trx
        .insertInto('procedure_working_copies')
        .values({ procedure_key: key, tenant_id: actor.tenantId, revision: 1, ...columns })
        .execute();
    await audit(trx, ctx, actor, key, 'procedure.workingCopy.start', { version });
    return (await findWorkingCopy(trx, actor, key))!;
  });
}

/**
 * One change of the editor: `change` gets the content as of `revision` and returns the new one (or
 * throws a refusal); stored as the next revision with its audit entry (`action`, `details`).
 */
export async function changeWorkingCopy(
  ctx: AppContext,
  actor: Actor,
  key: string,
  revision: number,
  change: (content: WorkingContent) => WorkingContent,
  action: string,
  details: Record<string, unknown> = {},
): Promise<WorkingCopy> {
  await workingCopy(ctx, actor, key);
  return inTransaction(ctx.db, async (trx) => {
    const copy = await findWorkingCopy(trx, actor, key);
    requireRevision(copy, revision);
    await writeRevision(trx, actor, key, revision, { ...contentColumns(change(copy!.content)), ...changedColumns(ctx, actor) });
    await audit(trx, ctx, actor, key, action, details);
    return (await findWorkingCopy(trx, actor, key))!;
  });
}

/** Writes the next revision if the copy is still at `revision` (a concurrent change moved it on: 409, the transaction rolls back). */
async function writeRevision(trx: Trx, actor: Actor, key: string, revision: number, columns: Partial<WorkingCopyTable>): Promise<void> {
  const updated = await trx
    .updateTable('procedure_working_copies')
    .set({ ...columns, revision: revision + 1 })
    .where('procedure_key', '=', key)
    .where('tenant_id', '=', actor.tenantId)
    .where('revision', '=', revision)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new ConflictError('procedures.studio.staleRevision', { revision: revision + 1 });
}

function audit(trx: Trx, ctx: AppContext, actor: Actor, key: string, action: string, details: Record<string, unknown>): Promise<void> {
  return appendAudit(trx, ctx, { tenantId: actor.tenantId, actor: auditActor(actor), action, objectType: 'procedure', objectId: key, details: { key, ...details } });
}

/** The working copy as a checked pack, with the checks `amtsweg procedures import` makes (the other modules' too). Throws `ProcedurePackError`. */
export function packOfWorkingCopy(ctx: AppContext, copy: WorkingCopy): LoadedPack {
  const { content, key } = copy;
  const pack = checkPack(key, key, { procedure: content.procedure, form: content.form, workflow: content.workflow, templates: content.templates, demo: null });
  for (const check of ctx.extensions.of(packChecks)) check(ctx, pack, key);
  return pack;
}

/**
 * "Als Entwurf speichern": checks the working copy as it is at `revision` and stores it as a new
 * draft version (the same path as an imported pack, so diff, preview and review work unchanged).
 * Content equal to a stored version gives that version back. Throws `ProcedurePackError` or
 * `UnknownAuthorityKindError` with the problems; nothing is stored then.
 */
export async function saveWorkingCopyAsDraft(ctx: AppContext, actor: Actor, key: string, revision: number): Promise<PublishResult> {
  const copy = await workingCopy(ctx, actor, key);
  requireRevision(copy, revision);
  const pack = packOfWorkingCopy(ctx, copy);
  await checkAuthorityKinds(ctx, pack);
  return inTransaction(ctx.db, async (trx) => {
    const result = await storePackIn(trx, ctx, pack, 'draft');
    const updated = await trx
      .updateTable('procedure_working_copies')
      .set({ based_on_version: result.version })
      .where('procedure_key', '=', key)
      .where('tenant_id', '=', actor.tenantId)
      .where('revision', '=', revision)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new ConflictError('procedures.studio.staleRevision', { revision: revision + 1 });
    await audit(trx, ctx, actor, key, 'procedure.workingCopy.save', { revision, version: result.version, created: result.created });
    return result;
  });
}
