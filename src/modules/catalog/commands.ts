import fs from 'node:fs';
import type { AppContext } from '../../core/context.js';
import type { Command } from '../../core/module.js';
import { listTenants } from '../../core/tenancy.js';
import { exportXzufi, importXzufi, XzufiError } from './xzufi.js';

/** `--tenant <slug>` picks the tenant; without it, the first one (the default portal). */
async function tenantId(ctx: AppContext, slug: string | undefined): Promise<string | undefined> {
  const tenants = await listTenants(ctx.db);
  const tenant = slug ? tenants.find((t) => t.slug === slug) : tenants[0];
  if (!tenant) process.stderr.write(`amtsweg catalog: ${slug ? `unknown tenant ${slug}` : 'no tenant: run `amtsweg seed` first'}\n`);
  return tenant?.id;
}

const tenantOption = { flags: '--tenant <slug>', description: 'the tenant (default: the first one)' };

export const catalogCommand: Command = {
  description: 'exchange services, authorities and jurisdictions as XZuFi 2.2 XML',
  subcommands: {
    export: {
      description: "write the tenant's catalogue as XZuFi 2.2 XML",
      arguments: [{ name: 'FILE', description: 'where to write it (default: stdout)', optional: true }],
      options: [tenantOption],
      async run(ctx, { args: [file], options }) {
        const tenant = await tenantId(ctx, options.tenant);
        if (!tenant) return 1;
        const xml = await exportXzufi(ctx, tenant);
        if (file) fs.writeFileSync(file, xml);
        else process.stdout.write(xml);
        return 0;
      },
    },
    import: {
      description: "read services, authorities and jurisdictions from XZuFi 2.2 XML into the tenant's catalogue",
      arguments: [{ name: 'FILE.xml', description: 'the XZuFi document' }],
      options: [tenantOption],
      async run(ctx, { args, options }) {
        const [file] = args as [string];
        const tenant = await tenantId(ctx, options.tenant);
        if (!tenant) return 1;
        let xml: string;
        try {
          xml = fs.readFileSync(file, 'utf8');
        } catch (error) {
          process.stderr.write(`amtsweg catalog import: cannot read ${file}: ${(error as Error).message}\n`);
          return 1;
        }
        try {
          const report = await importXzufi(ctx, tenant, xml);
          process.stdout.write(`imported ${report.services} services, ${report.authorities} authorities, ${report.jurisdictions} jurisdictions\n`);
          return 0;
        } catch (error) {
          if (!(error instanceof XzufiError)) throw error;
          process.stderr.write(`amtsweg catalog import: ${file}: ${error.message}; nothing was changed\n`);
          return 1;
        }
      },
    },
  },
};
