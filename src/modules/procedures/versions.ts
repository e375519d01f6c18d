import { toStored } from '../../core/clock.js';
import type { AppContext } from '../../core/context.js';
import { inTransaction, type Db, type Trx } from '../../core/db/index.js';
import { registerForm } from '../forms/index.js';
import type { ProcedureDefinition, ProcedureVersion } from './model.js';
import { loadAllPacks, type LoadedPack } from './pack.js';
import type { ProcedureVersionTable, VersionState } from './migrations.js';
import { checkAuthorityKinds } from './authority-kinds.js';

/**
 * Publishing and reading versions. A version is immutable: a submitted application names the
 * version it was filed under and is always shown and checked with exactly that form. Published
 * versions are read from the database (not from the folder), so every app instance sees the same.
 */

// Per database: tests open many databases in one process, each with its own version numbers.
const caches = new WeakMap<Db, Map<string, ProcedureVersion>>();
const cacheKey = (key: string, version: number) => `${key}@${version}`;

function cacheOf(db: Db): Map<string, ProcedureVersion> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  return cache;
}

function fromRow(row: ProcedureVersionTable): ProcedureVersion {
  const procedure = JSON.parse(row.procedure_json) as ProcedureDefinition;
  const formDocument = JSON.parse(row.form_json) as Record<string, unknown>;
  // The form is registered under the procedure's key and version number, whatever the pack's form.json says.
  const form = registerForm({ ...formDocument, key: row.procedure_key, version: String(row.version) });
  const workflowDocument = row.workflow_json === null ? null : (JSON.parse(row.workflow_json) as unknown);
  const templates = row.templates_json === null ? {} : (JSON.parse(row.templates_json) as Record<string, string>);
  return { procedure, form, version: row.version, contentHash: row.content_hash, workflowDocument, templates };
}

export interface PublishResult {
  key: string;
  version: number;
  /** False when the pack's content equals an already stored version. */
  created: boolean;
  /** The state of that version (a new one: `published` by publishPack, `draft` by importPack). */
  state: VersionState;
}

/**
 * Versions published before workflow and templates were part of a version have none stored; their
 * cases ran on the pack's workflow as it was on disk, so they get the one being published now
 * (what they would have used anyway). The version whose procedure and form equal the pack's takes
 * the new content hash, so upgrading does not make an unchanged pack a new version.
 */
async function adoptVersionsWithoutWorkflow(trx: Trx, pack: LoadedPack): Promise<number | undefined> {
  const key = pack.procedure.key;
  if (pack.workflowDocument === null) return undefined;
  const stored = { workflow_json: JSON.stringify(pack.workflowDocument), templates_json: JSON.stringify(pack.templates) };
  const same = await trx
    .selectFrom('procedure_versions')
    .select('version')
    .where('procedure_key', '=', key)
    .where('content_hash', '=', pack.formOnlyHash)
    .where('workflow_json', 'is', null)
    .executeTakeFirst();
  await trx.updateTable('procedure_versions').set(stored).where('procedure_key', '=', key).where('workflow_json', 'is', null).execute();
  if (!same) return undefined;
  await trx.updateTable('procedure_versions').set({ content_hash: pack.contentHash }).where('procedure_key', '=', key).where('version', '=', same.version).execute();
  return same.version;
}

/** Publishes a loaded pack: a new version when its content hash is new, else nothing changes. A pack naming an authority kind no tenant defines is refused. */
export function publishPack(ctx: AppContext, pack: LoadedPack): Promise<PublishResult> {
  return storePack(ctx, pack, 'published');
}

/**
 * Stores a loaded pack as a new draft version (`amtsweg procedures import`, the studio): it takes
 * no applications until it is submitted, approved by a second person and so published. A pack
 * whose content equals a stored version gives that version back, whatever its state.
 */
export function importPack(ctx: AppContext, pack: LoadedPack): Promise<PublishResult> {
  return storePack(ctx, pack, 'draft');
}

async function storePack(ctx: AppContext, pack: LoadedPack, state: 'published' | 'draft'): Promise<PublishResult> {
  await checkAuthorityKinds(ctx, pack);
  return inTransaction(ctx.db, (trx) => storePackIn(trx, ctx, pack, state));
}

/**
 * Stores a checked pack in the caller's transaction (the caller checked its authority kinds): the
 * studio saves a working copy as a draft together with the copy's new state and its audit entry.
 */
export async function storePackIn(trx: Trx, ctx: AppContext, pack: LoadedPack, state: 'published' | 'draft'): Promise<PublishResult> {
  const key = pack.procedure.key;
  const existing = await trx
    .selectFrom('procedure_versions')
    .select(['version', 'state'])
    .where('procedure_key', '=', key)
    .where('content_hash', '=', pack.contentHash)
    .executeTakeFirst();
  if (existing) return { key, version: existing.version, created: false, state: existing.state };
  const adopted = state === 'published' ? await adoptVersionsWithoutWorkflow(trx, pack) : undefined;
  if (adopted !== undefined) {
    const cache = cacheOf(ctx.db);
    for (const cached of [...cache.keys()]) if (cached.startsWith(`${key}@`)) cache.delete(cached);
    return { key, version: adopted, created: false, state: 'published' };
  }
  const last = await trx
    .selectFrom('procedure_versions')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('procedure_key', '=', key)
    .executeTakeFirst();
  const version = Number(last?.version ?? 0) + 1;
  await trx
    .insertInto('procedure_versions')
    .values({
      procedure_key: key,
      version,
      content_hash: pack.contentHash,
      procedure_json: JSON.stringify(pack.procedure),
      form_json: JSON.stringify(pack.formDocument),
      workflow_json: pack.workflowDocument === null ? null : JSON.stringify(pack.workflowDocument),
      templates_json: JSON.stringify(pack.templates),
      demo_json: pack.demoDocument === null ? null : JSON.stringify(pack.demoDocument),
      published_at: toStored(ctx.clock.now()),
      state,
      submitted_by: null,
      submitted_by_name: null,
      submitted_at: null,
      approved_by: null,
      approved_by_name: null,
      retired_at: null,
    })
    .execute();
  return { key, version, created: true, state };
}

/** Publishes every pack under `procedures/` (at seed and by `amtsweg procedures publish`). */
export async function publishAllPacks(ctx: AppContext, root?: string): Promise<PublishResult[]> {
  const results: PublishResult[] = [];
  for (const pack of loadAllPacks(root)) results.push(await publishPack(ctx, pack));
  return results;
}

/** One stored version (whatever its state: an application keeps its version even after the procedure is retired), or undefined. */
export async function getProcedureVersion({ db }: Pick<AppContext, 'db'>, key: string, version: number): Promise<ProcedureVersion | undefined> {
  const cache = cacheOf(db);
  const cached = cache.get(cacheKey(key, version));
  if (cached) return cached;
  const row = await db.selectFrom('procedure_versions').selectAll().where('procedure_key', '=', key).where('version', '=', version).executeTakeFirst();
  if (!row) return undefined;
  const loaded = fromRow(row);
  cache.set(cacheKey(key, version), loaded);
  return loaded;
}

/** The newest published version: what new applications are filed under (none when the procedure is retired or only drafts exist). */
export async function currentProcedureVersion(ctx: Pick<AppContext, 'db'>, key: string): Promise<ProcedureVersion | undefined> {
  const { db } = ctx;
  const last = await db
    .selectFrom('procedure_versions')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('procedure_key', '=', key)
    .where('state', '=', 'published')
    .executeTakeFirst();
  if (last?.version === null || last?.version === undefined) return undefined;
  return getProcedureVersion(ctx, key, Number(last.version));
}

/** Every procedure that takes applications, with its newest published version. */
export async function listCurrentProcedures(ctx: Pick<AppContext, 'db'>): Promise<ProcedureVersion[]> {
  const { db } = ctx;
  const rows = await db
    .selectFrom('procedure_versions')
    .select(['procedure_key', (eb) => eb.fn.max('version').as('version')])
    .where('state', '=', 'published')
    .groupBy('procedure_key')
    .orderBy('procedure_key')
    .execute();
  const versions = await Promise.all(rows.map((row) => getProcedureVersion(ctx, row.procedure_key, Number(row.version))));
  return versions.filter((v): v is ProcedureVersion => v !== undefined);
}

/** What the studio lists of a version besides its content. */
export interface VersionSummary {
  key: string;
  version: number;
  state: VersionState;
  contentHash: string;
  title: ProcedureDefinition['title'];
  /** When it was stored (draft, in review) or published (published, retired). */
  storedAt: string;
  /** Account id and name of who submitted it for review, and of who approved it. */
  submittedBy: string | null;
  submittedByName: string | null;
  submittedAt: string | null;
  approvedBy: string | null;
  approvedByName: string | null;
  retiredAt: string | null;
}

const summaryColumns = [
  'procedure_key',
  'version',
  'state',
  'content_hash',
  'procedure_json',
  'published_at',
  'submitted_by',
  'submitted_by_name',
  'submitted_at',
  'approved_by',
  'approved_by_name',
  'retired_at',
] as const;

function summaryOf(row: Pick<ProcedureVersionTable, (typeof summaryColumns)[number]>): VersionSummary {
  return {
    key: row.procedure_key,
    version: row.version,
    state: row.state,
    contentHash: row.content_hash,
    title: (JSON.parse(row.procedure_json) as ProcedureDefinition).title,
    storedAt: row.published_at,
    submittedBy: row.submitted_by,
    submittedByName: row.submitted_by_name,
    submittedAt: row.submitted_at,
    approvedBy: row.approved_by,
    approvedByName: row.approved_by_name,
    retiredAt: row.retired_at,
  };
}

/** Every stored version of every procedure (or of one), by key and version. */
export async function listVersions({ db }: Pick<AppContext, 'db'>, key?: string): Promise<VersionSummary[]> {
  let query = db.selectFrom('procedure_versions').select(summaryColumns).orderBy('procedure_key').orderBy('version');
  if (key !== undefined) query = query.where('procedure_key', '=', key);
  return (await query.execute()).map(summaryOf);
}

/** The summary of one version, or undefined. */
export async function versionSummary({ db }: Pick<AppContext, 'db'>, key: string, version: number): Promise<VersionSummary | undefined> {
  const row = await db.selectFrom('procedure_versions').select(summaryColumns).where('procedure_key', '=', key).where('version', '=', version).executeTakeFirst();
  return row ? summaryOf(row) : undefined;
}

/** A version's `form.json` as the pack wrote it (the registered form carries the version's key and number instead), or undefined. */
export async function versionFormDocument({ db }: Pick<AppContext, 'db'>, key: string, version: number): Promise<Record<string, unknown> | undefined> {
  const row = await db.selectFrom('procedure_versions').select('form_json').where('procedure_key', '=', key).where('version', '=', version).executeTakeFirst();
  return row ? (JSON.parse(row.form_json) as Record<string, unknown>) : undefined;
}

/** A version's `demo.json` as stored with it (null without one). */
export async function versionDemoDocument({ db }: Pick<AppContext, 'db'>, key: string, version: number): Promise<unknown> {
  const row = await db.selectFrom('procedure_versions').select('demo_json').where('procedure_key', '=', key).where('version', '=', version).executeTakeFirst();
  return row?.demo_json ? (JSON.parse(row.demo_json) as unknown) : null;
}
