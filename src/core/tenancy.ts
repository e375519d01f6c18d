import type { Kysely } from 'kysely';
import type { Executor } from './db/index.js';

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

export async function listTenants(db: Executor): Promise<Tenant[]> {
  const rows = await db.selectFrom('tenants').selectAll().orderBy('created_at').execute();
  return rows.map((row) => ({ id: row.id, slug: row.slug, name: row.name, hosts: JSON.parse(row.hosts) as string[] }));
}

export async function findTenant(db: Executor, id: string): Promise<Tenant | undefined> {
  const row = await db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { id: row.id, slug: row.slug, name: row.name, hosts: JSON.parse(row.hosts) as string[] };
}

export async function upsertTenant(db: Executor, tenant: Tenant, now: string): Promise<void> {
  await db
    .insertInto('tenants')
    .values({ id: tenant.id, slug: tenant.slug, name: tenant.name, hosts: JSON.stringify(tenant.hosts), created_at: now })
    .onConflict((oc) => oc.column('slug').doUpdateSet({ name: tenant.name, hosts: JSON.stringify(tenant.hosts) }))
    .execute();
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
