import fs from 'node:fs';
import type { Command } from './module.js';
import { addTenant, listTenants, setTenantHosts, setTenantSettings, TenantError } from './tenancy.js';
import type { TenantSettings } from './tenant-settings.js';

/** Runs `work` and turns a refused change into one line on stderr and exit code 1. */
async function reportingTenantErrors(work: () => Promise<void>): Promise<number> {
  try {
    await work();
    return 0;
  } catch (error) {
    if (!(error instanceof TenantError)) throw error;
    process.stderr.write(`amtsweg tenant: ${error.message}\n`);
    return 1;
  }
}

/** The settings a file holds; a file that is not JSON is one line, like every other refusal (their shape is checked when they are set). */
function readSettingsFile(file: string): TenantSettings {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as TenantSettings;
  } catch (error) {
    throw new TenantError(`${file}: ${(error as Error).message}`, 'settings', 'settingMalformed');
  }
}

/** Running servers hold the tenants in memory (`TenantDirectory`): they see a change after a restart. */
const restartNote = 'running servers pick this up when they restart';

/** `amtsweg tenant add|list|hosts|settings`: the tenants (Länder or other bodies) and the host names that select them. */
export const tenantCommand: Command = {
  description: 'tenants and the host names that select them',
  subcommands: {
    add: {
      description: 'add a tenant; refuses a slug or a host name that is taken',
      arguments: [{ name: 'slug', description: 'short lower-case name, e.g. by' }],
      options: [
        { flags: '--name <name>', description: 'the name people read, e.g. "BayernPortal"', required: true },
        { flags: '--host <names>', description: 'host names that select the tenant, comma-separated', required: true },
      ],
      run: (ctx, { args: [slug], options }) =>
        reportingTenantErrors(async () => {
          const hosts = (options.host ?? '').split(',').map((host) => host.trim());
          const tenant = await addTenant(ctx, { slug: slug!, name: options.name ?? '', hosts });
          process.stdout.write(`tenant ${tenant.slug} added (${tenant.hosts.join(', ')}); ${restartNote}\n`);
        }),
    },
    list: {
      description: 'list the tenants with their host names',
      run: (ctx) =>
        reportingTenantErrors(async () => {
          for (const tenant of await listTenants(ctx.db)) process.stdout.write(`${tenant.slug}\t${tenant.name}\t${tenant.hosts.join(',')}\n`);
        }),
    },
    hosts: {
      description: "replace a tenant's host names; refuses one another tenant has",
      arguments: [
        { name: 'slug', description: 'the tenant' },
        { name: 'host', description: 'host names', variadic: true },
      ],
      run: (ctx, { args: [slug, ...hosts] }) =>
        reportingTenantErrors(async () => {
          const tenant = await setTenantHosts(ctx, slug!, hosts);
          process.stdout.write(`tenant ${tenant.slug}: ${tenant.hosts.join(', ')}; ${restartNote}\n`);
        }),
    },
    settings: {
      description: "replace a tenant's look and legal data from a JSON file (as `settings` in data/tenants.json); the seed leaves them alone from then on",
      arguments: [
        { name: 'slug', description: 'the tenant' },
        { name: 'file', description: 'JSON file with the settings' },
      ],
      run: (ctx, { args: [slug, file] }) =>
        reportingTenantErrors(async () => {
          const settings = readSettingsFile(file!);
          const tenant = await setTenantSettings(ctx, slug!, { settings });
          process.stdout.write(`tenant ${tenant.slug}: settings set, data/tenants.json no longer changes them; ${restartNote}\n`);
        }),
    },
  },
};
