import fs from 'node:fs';
import type { Kysely } from 'kysely';
import { mailSenderPattern } from '../config.js';
import { appendAudit, type AuditActor } from './audit/index.js';
import { toStored } from './clock.js';
import type { AppContext } from './context.js';
import { inTransaction, type Executor, type Trx } from './db/index.js';
import { newId } from './ids.js';
import { projectPath } from './paths.js';
import { settingsProblem, type TenantSettings } from './tenant-settings.js';

/**
 * A tenant is one Land (or other body) sharing the installation. Every row that belongs to a
 * tenant carries `tenant_id`, and every query filters by it.
 */
export interface TenantTable {
  id: string;
  slug: string;
  name: string;
  /** JSON array of host names that select this tenant. */
  hosts: string;
  /** Sender of the tenant's mails (`Amt24 <noreply@amt24.example.de>`); null: MAIL_FROM. */
  mail_from: string | null;
  /** JSON of the tenant's look and legal data (`TenantSettings`); null: the neutral Amtsweg look. */
  settings: string | null;
  /** When an operator last set the settings (page or command line); null: data/tenants.json owns them. */
  settings_edited_at: string | null;
  /** The operator's account that set them; null for the command line (or while the file owns them). */
  settings_edited_by: string | null;
  created_at: string;
}

declare module './db/schema.js' {
  interface Tables {
    tenants: TenantTable;
  }
}

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  hosts: string[];
  /** Sender of the tenant's mails; without one, MAIL_FROM (config). */
  mailFrom?: string | null;
  /** Logo, favicon, colour, search hints and legal data; without them, the neutral Amtsweg look. */
  settings?: TenantSettings | null;
  /** Set once an operator has edited the settings: from then on the database owns them, not the file. */
  settingsEditedAt?: string | null;
}

export async function createTenantsTable(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tenants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('hosts', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

/** Each tenant may send its mails under its own sender (a Land's portal, not `noreply@localhost`). */
export async function addTenantMailFrom(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tenants').addColumn('mail_from', 'text').execute();
}

/** Each tenant has its own look and legal pages (logo, favicon, colour, Impressum …), see tenant-settings.ts. */
export async function addTenantSettings(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tenants').addColumn('settings', 'text').execute();
}

/**
 * Who owns a tenant's settings: the file until an operator edits them, the database after that
 * (a restart's seed must not undo the operator's edit).
 */
export async function addTenantSettingsOwner(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tenants').addColumn('settings_edited_at', 'text').execute();
  await db.schema.alterTable('tenants').addColumn('settings_edited_by', 'text').execute();
}

function tenantOf(row: TenantTable): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    hosts: JSON.parse(row.hosts) as string[],
    mailFrom: row.mail_from,
    settings: row.settings === null ? null : (JSON.parse(row.settings) as TenantSettings),
    settingsEditedAt: row.settings_edited_at,
  };
}

export async function listTenants(db: Executor): Promise<Tenant[]> {
  const rows = await db.selectFrom('tenants').selectAll().orderBy('created_at').execute();
  return rows.map(tenantOf);
}

export async function findTenant(db: Executor, id: string): Promise<Tenant | undefined> {
  const row = await db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
  return row && tenantOf(row);
}

/** A tenant as `amtsweg tenant add` or `data/tenants.json` gives it, before it has an id. */
export type NewTenant = Omit<Tenant, 'id'>;

/** The input a refusal is about, for a form that shows it next to its field; a setting by its path (`settings.legal.provider.email`). */
export type TenantField = 'slug' | 'name' | 'hosts' | 'mailFrom' | 'settings' | `settings.${string}`;

/**
 * A tenant that cannot be added or changed as asked; its message is the one line the operator
 * reads on the command line. `field`, `reason` and `params` say the same for a page (the operator's
 * tenant page shows it next to the field, in the reader's language).
 */
export class TenantError extends Error {
  override name = 'TenantError';

  constructor(
    message: string,
    readonly field: TenantField,
    readonly reason: string,
    readonly params: Record<string, string> = {},
  ) {
    super(message);
  }
}

const slugPattern = /^[a-z][a-z0-9-]{0,29}$/;
/** A host name as the `Host` header carries it, without port: lower-case labels of letters, digits and hyphens. */
const hostPattern = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

function checkShape(tenant: NewTenant): void {
  if (!slugPattern.test(tenant.slug)) {
    throw new TenantError(`tenant slug "${tenant.slug}" must be lower-case letters, digits and hyphens, starting with a letter (at most 30)`, 'slug', 'slugMalformed');
  }
  if (!tenant.name.trim()) throw new TenantError(`tenant ${tenant.slug} needs a name`, 'name', 'nameMissing');
  if (!tenant.hosts.length) throw new TenantError(`tenant ${tenant.slug} needs at least one host name`, 'hosts', 'hostsMissing');
  for (const host of tenant.hosts) {
    if (!hostPattern.test(host)) throw new TenantError(`"${host}" is not a host name (lower-case, without port or scheme)`, 'hosts', 'hostMalformed', { host });
  }
  const twice = tenant.hosts.find((host, index) => tenant.hosts.indexOf(host) !== index);
  if (twice) throw new TenantError(`host ${twice} is named twice`, 'hosts', 'hostTwice', { host: twice });
  if (tenant.mailFrom && !mailSenderPattern.test(tenant.mailFrom)) {
    throw new TenantError(`tenant ${tenant.slug}: mailFrom must be an address like "Amt24 <noreply@example.org>" (got "${tenant.mailFrom}")`, 'mailFrom', 'mailFromMalformed');
  }
  const problem = tenant.settings && settingsProblem(tenant.slug, tenant.settings);
  if (problem) throw new TenantError(problem.message, problem.setting ? `settings.${problem.setting}` : 'settings', problem.reason, problem.params);
}

/** Each host selects one tenant: a host another tenant already has is refused, naming that tenant. */
async function checkHostsFree(db: Executor, slug: string, hosts: readonly string[]): Promise<void> {
  for (const other of await listTenants(db)) {
    if (other.slug === slug) continue;
    const taken = hosts.find((host) => other.hosts.includes(host));
    if (taken) throw new TenantError(`host ${taken} already belongs to tenant ${other.slug}`, 'hosts', 'hostTaken', { host: taken, tenant: other.name });
  }
}

/** Who changes a tenant: the system (command line, seed) unless a platform operator's page names them. */
const systemActor: AuditActor = { type: 'system', id: null };

/** A change to a tenant, audited in the platform's own chain (no tenant's). */
function auditTenantChange(trx: Trx, ctx: AppContext, actor: AuditActor, action: string, tenantId: string, details: Record<string, unknown>): Promise<unknown> {
  return appendAudit(trx, ctx, { tenantId: null, actor, action, objectType: 'tenant', objectId: tenantId, details });
}

/** Adds a tenant (one transaction with its audit entry in the platform chain); refuses a taken slug or host. */
export async function addTenant(ctx: AppContext, input: NewTenant, actor = systemActor): Promise<Tenant> {
  const tenant = {
    id: newId(),
    slug: input.slug,
    name: input.name.trim(),
    hosts: input.hosts.map((host) => host.toLowerCase()),
    mailFrom: input.mailFrom?.trim() || null,
    settings: input.settings ?? null,
  };
  checkShape(tenant);
  return inTransaction(ctx.db, async (trx) => {
    if (await findTenantBySlug(trx, tenant.slug)) throw new TenantError(`tenant ${tenant.slug} exists already`, 'slug', 'slugTaken', { slug: tenant.slug });
    await checkHostsFree(trx, tenant.slug, tenant.hosts);
    const now = toStored(ctx.clock.now());
    await trx
      .insertInto('tenants')
      .values({
        id: tenant.id,
        slug: tenant.slug,
        name: tenant.name,
        hosts: JSON.stringify(tenant.hosts),
        mail_from: tenant.mailFrom,
        settings: tenant.settings && JSON.stringify(tenant.settings),
        created_at: now,
      })
      .execute();
    await auditTenantChange(trx, ctx, actor, 'tenant.add', tenant.id, { slug: tenant.slug, hosts: tenant.hosts });
    return tenant;
  });
}

/** Replaces the host names of a tenant; refuses a host another tenant has. */
export async function setTenantHosts(ctx: AppContext, slug: string, hosts: readonly string[], actor = systemActor): Promise<Tenant> {
  return inTransaction(ctx.db, async (trx) => {
    const tenant = await findTenantBySlug(trx, slug);
    if (!tenant) throw new TenantError(`no tenant ${slug}`, 'slug', 'unknown', { slug });
    const changed = { ...tenant, hosts: hosts.map((host) => host.toLowerCase()) };
    checkShape(changed);
    await checkHostsFree(trx, slug, changed.hosts);
    await trx
      .updateTable('tenants')
      .set({ hosts: JSON.stringify(changed.hosts) })
      .where('id', '=', tenant.id)
      .execute();
    await auditTenantChange(trx, ctx, actor, 'tenant.hosts', tenant.id, { before: tenant.hosts, after: changed.hosts });
    return changed;
  });
}

/**
 * Gives a tenant that has no sender the file's: a tenant seeded before `mailFrom` existed gets it
 * on the next seed. A sender already set is never replaced (nothing an operator did is undone).
 */
async function setMissingMailFrom(ctx: AppContext, tenant: Tenant, mailFrom: string): Promise<void> {
  checkShape({ ...tenant, mailFrom });
  await inTransaction(ctx.db, async (trx) => {
    await trx.updateTable('tenants').set({ mail_from: mailFrom }).where('id', '=', tenant.id).where('mail_from', 'is', null).execute();
    await auditTenantChange(trx, ctx, systemActor, 'tenant.mailFrom', tenant.id, { after: mailFrom });
  });
}

/**
 * Stores the file's look and legal data on the tenant when they differ from the row's, while the
 * file owns them (no operator has edited them, see `setTenantSettings`); the same file again
 * changes nothing and writes no audit entry.
 */
async function updateSettings(ctx: AppContext, tenant: Tenant, settings: TenantSettings): Promise<void> {
  if (JSON.stringify(tenant.settings ?? null) === JSON.stringify(settings)) return;
  if (tenant.settingsEditedAt) {
    ctx.log.info({ tenant: tenant.slug, editedAt: tenant.settingsEditedAt }, 'data/tenants.json differs from the settings an operator set; the operator’s stay');
    return;
  }
  checkShape({ ...tenant, settings });
  await inTransaction(ctx.db, async (trx) => {
    await trx
      .updateTable('tenants')
      .set({ settings: JSON.stringify(settings) })
      .where('id', '=', tenant.id)
      .execute();
    await auditTenantChange(trx, ctx, systemActor, 'tenant.settings', tenant.id, { primaryColor: settings.primaryColor, logo: settings.logo });
  });
}

/** What an operator sets on a tenant: its look and legal data and, from the page, its name. */
export interface TenantSettingsChange {
  name?: string;
  settings: TenantSettings;
}

/**
 * Replaces a tenant's name and settings as an operator asks (page or command line), checked like
 * the file's. From then on the database owns the settings: the seed no longer applies the file's.
 */
export async function setTenantSettings(ctx: AppContext, slug: string, change: TenantSettingsChange, actor = systemActor): Promise<Tenant> {
  return inTransaction(ctx.db, async (trx) => {
    const tenant = await findTenantBySlug(trx, slug);
    if (!tenant) throw new TenantError(`no tenant ${slug}`, 'slug', 'unknown', { slug });
    const now = toStored(ctx.clock.now());
    const changed = { ...tenant, name: change.name?.trim() ?? tenant.name, settings: change.settings, settingsEditedAt: now };
    checkShape(changed);
    await trx
      .updateTable('tenants')
      .set({ name: changed.name, settings: JSON.stringify(changed.settings), settings_edited_at: now, settings_edited_by: actor.id })
      .where('id', '=', tenant.id)
      .execute();
    await auditTenantChange(trx, ctx, actor, 'tenant.settings', tenant.id, { name: changed.name, primaryColor: changed.settings.primaryColor, logo: changed.settings.logo });
    return changed;
  });
}

export async function findTenantBySlug(db: Executor, slug: string): Promise<Tenant | undefined> {
  const row = await db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row && tenantOf(row);
}

/** The tenants a fresh installation starts with: `data/tenants.json` (the demo Länder); none without the file. */
export function shippedTenants(file = projectPath('data/tenants.json')): NewTenant[] {
  if (!fs.existsSync(file)) return [];
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { tenants: NewTenant[] }).tenants;
}

/**
 * Adds each tenant of the file that does not exist yet. An existing one keeps its name and hosts:
 * after the first start `amtsweg tenant …` owns those, and a restart must not undo its changes.
 * Its look and legal data follow the file until an operator edits them (see `updateSettings`). A host that collides with
 * another tenant's, or a colour without enough contrast, stops the seed with one line.
 */
export async function seedTenants(ctx: AppContext, tenants: readonly NewTenant[] = shippedTenants()): Promise<void> {
  const existing = new Map((await listTenants(ctx.db)).map((tenant) => [tenant.slug, tenant]));
  for (const tenant of tenants) {
    const known = existing.get(tenant.slug);
    try {
      if (!known) {
        await addTenant(ctx, tenant);
        continue;
      }
      if (!known.mailFrom && tenant.mailFrom) await setMissingMailFrom(ctx, known, tenant.mailFrom);
      if (tenant.settings) await updateSettings(ctx, known, tenant.settings);
    } catch (error) {
      if (error instanceof TenantError) throw new TenantError(`data/tenants.json: ${error.message}`, error.field, error.reason, error.params);
      throw error;
    }
  }
}

/**
 * Picks the tenant for a request's host. Tenants are few and change rarely, so they are held in
 * memory and looked up per request without a query; `reload` refreshes them after a change.
 * A host no tenant lists belongs to no tenant — unless `defaultSlug` (`DEFAULT_TENANT`) names one
 * explicitly: guessing would show one Land's portal, sessions and mails under any name that
 * points at the server.
 */
export class TenantDirectory {
  private byHost = new Map<string, Tenant>();
  private fallback: Tenant | undefined;
  private bySlug = new Map<string, Tenant>();

  constructor(private readonly defaultSlug?: string) {}

  async reload(db: Executor): Promise<void> {
    const tenants = await listTenants(db);
    this.byHost = new Map(tenants.flatMap((t) => t.hosts.map((host) => [host.toLowerCase(), t] as const)));
    this.bySlug = new Map(tenants.map((t) => [t.slug, t]));
    this.fallback = this.defaultSlug === undefined ? undefined : this.bySlug.get(this.defaultSlug);
  }

  forHost(host: string | undefined): Tenant | undefined {
    const name = (host ?? '').toLowerCase().replace(/:\d+$/, '');
    return this.byHost.get(name) ?? this.fallback;
  }

  forSlug(slug: string): Tenant | undefined {
    return this.bySlug.get(slug);
  }
}
