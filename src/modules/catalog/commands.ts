import fs from 'node:fs';
import type { AppContext } from '../../core/context.js';
import type { Command } from '../../core/module.js';
import { listTenants } from '../../core/tenancy.js';
import { exportXzufi, importXzufi, XzufiError } from './xzufi.js';

/** `--tenant=<slug>` picks the tenant; without it, the first one (the default portal). */
async function tenantFrom(ctx: AppContext, args: string[]): Promise<{ id: string; rest: string[] } | string> {
  const option = args.find((a) => a.startsWith('--tenant='));
  const rest = args.filter((a) => a !== option);
  const tenants = await listTenants(ctx.db);
  const tenant = option ? tenants.find((t) => t.slug === option.slice('--tenant='.length)) : tenants[0];
  if (!tenant) return option ? `unknown tenant ${option.slice('--tenant='.length)}` : 'no tenant: run `amtsweg seed` first';
  return { id: tenant.id, rest };
}

export const catalogCommand: Command = {
  usage: 'catalog export [FILE] | catalog import FILE.xml [--tenant=SLUG]',
  description: 'exchange services, authorities and jurisdictions as XZuFi 2.2 XML',
  async run(ctx, args) {
    const [action, ...others] = args;
    const tenant = await tenantFrom(ctx, others);
    if (typeof tenant === 'string') {
      process.stderr.write(`amtsweg catalog: ${tenant}\n`);
      return 1;
    }
    const [file] = tenant.rest;
    if (action === 'export') {
      const xml = await exportXzufi(ctx, tenant.id);
      if (file) fs.writeFileSync(file, xml);
      else process.stdout.write(xml);
      return 0;
    }
    if (action === 'import' && file) {
      let xml: string;
      try {
        xml = fs.readFileSync(file, 'utf8');
      } catch (error) {
        process.stderr.write(`amtsweg catalog import: cannot read ${file}: ${(error as Error).message}\n`);
        return 1;
      }
      try {
        const report = await importXzufi(ctx, tenant.id, xml);
        process.stdout.write(`imported ${report.services} services, ${report.authorities} authorities, ${report.jurisdictions} jurisdictions\n`);
        return 0;
      } catch (error) {
        if (!(error instanceof XzufiError)) throw error;
        process.stderr.write(`amtsweg catalog import: ${file}: ${error.message}; nothing was changed\n`);
        return 1;
      }
    }
    process.stderr.write(`usage: amtsweg ${this.usage}\n`);
    return 2;
  },
};
