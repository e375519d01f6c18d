import { appendAudit } from '../../core/audit/index.js';
import { toStored } from '../../core/clock.js';
import type { AppContext } from '../../core/context.js';
import { inTransaction } from '../../core/db/index.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../core/errors.js';
import { auditActor, authorize, type Actor } from '../access/index.js';
import { diffStoredVersions, type DiffEntry } from './diff.js';
import { maintainerOf, requireMaintainer } from './maintainer.js';
import type { VersionState } from './migrations.js';
import { currentProcedureVersion, listVersions, versionSummary, type VersionSummary } from './versions.js';

/**
 * The studio's service layer (docs/studio.md): a version goes from draft to review to published
 * (approved by a second procedure administrator: four eyes), and a procedure can be retired.
 * A published version's content never changes; only its state does. Procedures are shared by
 * every tenant, so a version's state is changed only by the procedure administrators of the tenant
 * that maintains it (`provider` in its procedure.json); the others see it. The actor's tenant is the
 * one its permission is checked in and audited under.
 */

/** One procedure with its versions (oldest first) and the version new applications use. */
export interface StudioProcedure {
  key: string;
  title: VersionSummary['title'];
  versions: VersionSummary[];
  /** The newest published version, or undefined while none is (retired, or drafts only). */
  current: number | undefined;
}

/** Every procedure with its versions, for the studio's list. */
export async function studioProcedures(ctx: AppContext, actor: Actor): Promise<StudioProcedure[]> {
  authorize(actor, 'procedures.studio.read', { tenantId: actor.tenantId });
  const byKey = new Map<string, VersionSummary[]>();
  for (const version of await listVersions(ctx)) byKey.set(version.key, [...(byKey.get(version.key) ?? []), version]);
  return [...byKey].map(([key, versions]) => ({ key, title: versions.at(-1)!.title, versions, current: currentOf(versions) }));
}

function currentOf(versions: VersionSummary[]): number | undefined {
  return versions.filter((v) => v.state === 'published').at(-1)?.version;
}

export interface StudioVersion {
  summary: VersionSummary;
  /** The tenant (slug) that maintains the version, null for the operator; and whether that is the viewer's tenant. */
  provider: string | null;
  maintainedHere: boolean;
  procedure: StudioProcedure;
  /** The version it is compared with: the published one (or, for that one, the version published before it). */
  comparedWith: number | undefined;
  differences: DiffEntry[];
  /** The revision of the procedure's working copy in the viewer's tenant, if it has one. */
  workingRevision: number | undefined;
}

/** One version with its facts and its differences from the published version. */
export async function studioVersion(ctx: AppContext, actor: Actor, key: string, version: number): Promise<StudioVersion> {
  authorize(actor, 'procedures.studio.read', { tenantId: actor.tenantId });
  const versions = await listVersions(ctx, key);
  const summary = versions.find((v) => v.version === version);
  if (!summary) throw new NotFoundError('procedures.studio.versionNotFound');
  const current = currentOf(versions);
  const comparedWith =
    current !== undefined && current !== version ? current : versions.filter((v) => v.version < version && v.state !== 'draft' && v.state !== 'inReview').at(-1)?.version;
  const differences = comparedWith === undefined ? [] : ((await diffStoredVersions(ctx, key, comparedWith, version)) ?? []);
  const maintainer = await maintainerOf(ctx, actor, key, version);
  const working = await ctx.db
    .selectFrom('procedure_working_copies')
    .select('revision')
    .where('procedure_key', '=', key)
    .where('tenant_id', '=', actor.tenantId)
    .executeTakeFirst();
  return { summary, procedure: { key, title: summary.title, versions, current }, comparedWith, differences, workingRevision: working?.revision, ...maintainer };
}

/** Moves one version from `from` to its next state in one audited transaction; refuses any other state. */
async function changeState(
  ctx: AppContext,
  actor: Actor,
  key: string,
  version: number,
  from: VersionState,
  change: (summary: VersionSummary) => { set: Record<string, string | null>; action: string },
): Promise<void> {
  await requireMaintainer(ctx, actor, key, version);
  const now = toStored(ctx.clock.now());
  await inTransaction(ctx.db, async (trx) => {
    const summary = await versionSummary({ db: trx }, key, version);
    if (!summary) throw new NotFoundError('procedures.studio.versionNotFound');
    if (summary.state !== from) throw new ConflictError('procedures.studio.wrongState', { version, state: summary.state });
    const { set, action } = change(summary);
    const updated = await trx
      .updateTable('procedure_versions')
      .set({ ...set, ...(set.state === 'published' ? { published_at: now } : {}) })
      .where('procedure_key', '=', key)
      .where('version', '=', version)
      .where('state', '=', from)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new ConflictError('procedures.studio.wrongState', { version, state: summary.state });
    await appendAudit(trx, ctx, {
      tenantId: actor.tenantId,
      actor: auditActor(actor),
      action,
      objectType: 'procedure_version',
      objectId: `${key}@${version}`,
      details: { key, version },
    });
  });
}

const nameOf = (actor: Actor) => (actor.kind === 'staff' || actor.kind === 'citizen' ? actor.name : null);
const idOf = (actor: Actor) => auditActor(actor).id;

/** A draft goes to review; from then on a second procedure administrator can approve it. */
export async function submitForReview(ctx: AppContext, actor: Actor, key: string, version: number): Promise<void> {
  authorize(actor, 'procedures.studio.edit', { tenantId: actor.tenantId });
  await changeState(ctx, actor, key, version, 'draft', () => ({
    set: { state: 'inReview', submitted_by: idOf(actor), submitted_by_name: nameOf(actor), submitted_at: toStored(ctx.clock.now()) },
    action: 'procedure.version.submit',
  }));
}

/**
 * Approves a version in review and so publishes it: new applications use it from now on (drafts
 * of applications keep the version they started with). Four eyes: whoever submitted it cannot.
 */
export async function approveVersion(ctx: AppContext, actor: Actor, key: string, version: number): Promise<void> {
  authorize(actor, 'procedures.studio.approve', { tenantId: actor.tenantId });
  await changeState(ctx, actor, key, version, 'inReview', (summary) => {
    if (summary.submittedBy !== null && summary.submittedBy === idOf(actor)) throw new ForbiddenError('procedures.studio.ownApproval');
    return { set: { state: 'published', approved_by: idOf(actor), approved_by_name: nameOf(actor) }, action: 'procedure.version.approve' };
  });
}

/** Sends a version in review back to draft (to change it, import a corrected pack as a new draft). */
export async function returnToDraft(ctx: AppContext, actor: Actor, key: string, version: number): Promise<void> {
  authorize(actor, 'procedures.studio.edit', { tenantId: actor.tenantId });
  await changeState(ctx, actor, key, version, 'inReview', () => ({
    set: { state: 'draft', submitted_by: null, submitted_by_name: null, submitted_at: null },
    action: 'procedure.version.return',
  }));
}

/**
 * Retires a procedure: its published versions take no new applications (the portal says so);
 * applications and cases already running keep their version and go on.
 */
export async function retireProcedure(ctx: AppContext, actor: Actor, key: string): Promise<void> {
  authorize(actor, 'procedures.studio.approve', { tenantId: actor.tenantId });
  const current = await currentProcedureVersion(ctx, key);
  if (current) await requireMaintainer(ctx, actor, key, current.version);
  const now = toStored(ctx.clock.now());
  await inTransaction(ctx.db, async (trx) => {
    const published = (await listVersions({ db: trx }, key)).filter((v) => v.state === 'published');
    if (published.length === 0) throw new ConflictError('procedures.studio.nothingToRetire');
    await trx.updateTable('procedure_versions').set({ state: 'retired', retired_at: now }).where('procedure_key', '=', key).where('state', '=', 'published').execute();
    await appendAudit(trx, ctx, {
      tenantId: actor.tenantId,
      actor: auditActor(actor),
      action: 'procedure.retire',
      objectType: 'procedure',
      objectId: key,
      details: { key, versions: published.map((v) => v.version) },
    });
  });
}

/** Whether a procedure existed but is retired (for the portal's friendly page), as opposed to unknown. */
export async function isRetired(ctx: Pick<AppContext, 'db'>, key: string): Promise<boolean> {
  if (await currentProcedureVersion(ctx, key)) return false;
  return (await listVersions(ctx, key)).some((v) => v.state === 'retired');
}

/** A version number from a page's path (`/verwaltung/verfahren/<key>/<n>…`); anything else is a version that does not exist. */
export function versionOfPath(value: string): number {
  const number = Number(value);
  if (!/^[1-9][0-9]*$/.test(value) || !Number.isSafeInteger(number)) throw new NotFoundError('procedures.studio.versionNotFound');
  return number;
}
