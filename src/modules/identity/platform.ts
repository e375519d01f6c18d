import type { AppContext } from '../../core/context.js';
import { NotFoundError, ValidationError } from '../../core/errors.js';
import { addTenant, findTenantBySlug, listTenants, setTenantHosts, setTenantSettings, TenantError, type Tenant } from '../../core/tenancy.js';
import { contrastAgainstWhite, minimumContrast, type TenantSettings } from '../../core/tenant-settings.js';
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
  /** When an operator last edited the settings (stored form); null while data/tenants.json owns them. */
  settingsEditedAt: string | null;
  /** The settings the page edits, as its fields show them; null for a tenant without settings. */
  settingsForm: Record<SettingsFieldId, string> | null;
}

/**
 * The settings the operator's page edits, each a form field bound to its place in the settings
 * (a dotted path, as a refusal names it). The rest of the legal data (controller, Schlichtungsstelle,
 * the accessibility statement's details) is set as a whole with `amtsweg tenant settings`.
 */
export const settingsFields = [
  { id: 'primaryColor', path: 'primaryColor' },
  { id: 'logo', path: 'logo' },
  { id: 'favicon', path: 'favicon' },
  { id: 'providerName', path: 'legal.provider.name' },
  { id: 'providerRepresentedBy', path: 'legal.provider.representedBy' },
  { id: 'providerAddress', path: 'legal.provider.address', lines: true },
  { id: 'providerEmail', path: 'legal.provider.email' },
  { id: 'providerPhone', path: 'legal.provider.phone', optional: true },
  { id: 'privacyEmail', path: 'legal.dataProtectionOfficer.email' },
  { id: 'accessibilityEmail', path: 'legal.accessibilityFeedback.email' },
] as const satisfies readonly { id: string; path: string; lines?: boolean; optional?: boolean }[];

export type SettingsFieldId = (typeof settingsFields)[number]['id'];
type SettingsField = (typeof settingsFields)[number];

type Tree = Record<string, unknown>;

/** The object a dotted path ends in, and the last step's name. */
function parentOf(settings: Tree, path: string): [Tree, string] {
  const steps = path.split('.');
  const last = steps.pop()!;
  return [steps.reduce((tree, step) => tree[step] as Tree, settings), last];
}

function fieldValue(settings: TenantSettings, field: SettingsField): string {
  const [parent, key] = parentOf(settings as unknown as Tree, field.path);
  const value = parent[key];
  return Array.isArray(value) ? value.join('\n') : typeof value === 'string' ? value : '';
}

/** The settings with the page's fields written into a copy of the stored ones; an optional field left empty is removed. */
function withFields(settings: TenantSettings, input: Record<string, unknown>): TenantSettings {
  const changed = structuredClone(settings);
  for (const field of settingsFields) {
    const [parent, key] = parentOf(changed as unknown as Tree, field.path);
    const value = text(input[field.id]);
    if ('lines' in field)
      parent[key] = value
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean);
    else if ('optional' in field && !value) delete parent[key];
    else parent[key] = value;
  }
  return changed;
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
    settingsEditedAt: tenant.settingsEditedAt ?? null,
    settingsForm: settings && (Object.fromEntries(settingsFields.map((field) => [field.id, fieldValue(settings, field)])) as Record<SettingsFieldId, string>),
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
    const field = settingsFields.find((candidate) => `settings.${candidate.path}` === error.field)?.id ?? error.field;
    throw new ValidationError([{ pointer: `/${field}`, code: `platform.tenant.${error.reason}`, params: error.params }]);
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

/**
 * Sets a tenant's name and the settings the page edits, checked like the file's; nothing is stored
 * on a refusal. From then on the database owns the settings (the seed leaves them alone). A tenant
 * without settings gets them first on the command line: the page has no fields for all of them.
 */
export async function setSettingsAsOperator(ctx: AppContext, actor: Actor, slug: string, input: Record<string, unknown>): Promise<TenantOverview> {
  authorizePlatform(actor, 'platform.tenants.manage');
  const tenant = await findTenantBySlug(ctx.db, slug);
  if (!tenant?.settings) throw new NotFoundError();
  const settings = withFields(tenant.settings, input);
  return overviewOf(await refusingAsFieldError(() => setTenantSettings(ctx, slug, { name: text(input.name), settings }, auditActor(actor))));
}
