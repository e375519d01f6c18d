import type { AppContext } from '../../core/context.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { addTenant, findTenantBySlug, listTenants, setTenantHosts, TenantError, type Tenant } from '../../core/tenancy.js';
import { contrastAgainstWhite, minimumContrast } from '../../core/tenant-settings.js';
import { auditActor, authorize, type Action, type Actor } from '../access/index.js';

/**
 * The platform operator's view of the tenants (`/betrieb/mandanten`): the same service functions
 * as `amtsweg tenant` (core/tenancy.ts), behind the platform actions and audited as the operator.
 */

/** What the operator sees of a tenant: its host names and which of its settings are there. */
export interface TenantOverview {
  slug: string;
  name: string;
  hosts: string[];
  logo: string | null;
  /** The primary colour and whether it meets WCAG AA against white (the seed refuses one that does not). */
  colour: { value: string; contrast: number; meetsAA: boolean } | null;
  /** Impressum, Datenschutzerklärung and Barrierefreiheitserklärung come from one legal record: all or none. */
  legalPages: boolean;
  /** The provider's address for questions, as the Impressum names it. */
  contact: string | null;
}

/** The platform actions are about every tenant: the resource names the operator's own only because `can` needs one. */
function authorizePlatform(actor: Actor, action: Action): void {
  authorize(actor, action, { tenantId: actor.tenantId });
}

function overviewOf(tenant: Tenant): TenantOverview {
  const settings = tenant.settings ?? null;
  const contrast = settings && contrastAgainstWhite(settings.primaryColor);
  return {
    slug: tenant.slug,
    name: tenant.name,
    hosts: tenant.hosts,
    logo: settings?.logo ?? null,
    colour: settings && contrast ? { value: settings.primaryColor, contrast, meetsAA: contrast >= minimumContrast } : null,
    legalPages: !!settings?.legal,
    contact: settings?.legal.provider.email ?? null,
  };
}

export async function tenantsForOperator(ctx: AppContext, actor: Actor): Promise<TenantOverview[]> {
  authorizePlatform(actor, 'platform.tenants.read');
  return (await listTenants(ctx.db)).map(overviewOf);
}

export async function tenantForOperator(ctx: AppContext, actor: Actor, slug: string): Promise<TenantOverview> {
  authorizePlatform(actor, 'platform.tenants.read');
  const tenant = await findTenantBySlug(ctx.db, slug);
  if (!tenant) throw new NotFoundError();
  return overviewOf(tenant);
}

/** Host names as typed into one field: separated by commas, spaces or line breaks. */
export function parseHosts(value: unknown): string[] {
  return typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : [];
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** A tenant's refusal as the page shows it: next to the field it is about, in the reader's language. */
async function refusingAsFieldError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof TenantError)) throw error;
    throw new ValidationError([{ pointer: `/${error.field}`, code: `platform.tenant.${error.reason}`, params: error.params }]);
  }
}

/** Adds a tenant; a malformed or taken slug or host is refused and nothing is stored. */
export async function addTenantAsOperator(ctx: AppContext, actor: Actor, input: { slug?: unknown; name?: unknown; hosts?: unknown }): Promise<TenantOverview> {
  authorizePlatform(actor, 'platform.tenants.manage');
  const tenant = await refusingAsFieldError(() => addTenant(ctx, { slug: text(input.slug), name: text(input.name), hosts: parseHosts(input.hosts) }, auditActor(actor)));
  return overviewOf(tenant);
}

/** Replaces a tenant's host names; a host another tenant has is refused and the old ones stay. */
export async function setHostsAsOperator(ctx: AppContext, actor: Actor, slug: string, hosts: unknown): Promise<TenantOverview> {
  authorizePlatform(actor, 'platform.tenants.manage');
  if (!(await findTenantBySlug(ctx.db, slug))) throw new NotFoundError();
  return overviewOf(await refusingAsFieldError(() => setTenantHosts(ctx, slug, parseHosts(hosts), auditActor(actor))));
}
