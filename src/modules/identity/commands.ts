import type { Command } from '../../core/module.js';
import { ValidationError } from '../../core/errors.js';
import { listTenants } from '../../core/tenancy.js';
import { addStaff } from './staff.js';

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

/** `amtsweg staff add …`: how the first tenant administrator comes into being. */
export const staffCommand: Command = {
  usage: 'staff add --email E --name N --role R [--authority ID] [--tenant sn]',
  description: 'create a staff account (roles: caseWorker, teamLead, recordsManager, procedureAdmin, steering, tenantAdmin); prints a one-time password',
  async run(ctx, args) {
    if (args[0] !== 'add') {
      process.stderr.write(`usage: amtsweg ${this.usage}\n`);
      return 2;
    }
    const slug = option(args, 'tenant') ?? 'sn';
    const tenant = (await listTenants(ctx.db)).find((t) => t.slug === slug);
    if (!tenant) {
      process.stderr.write(`unknown tenant "${slug}" (run "amtsweg seed" first)\n`);
      return 1;
    }
    try {
      const { accountId, password } = await addStaff(ctx, null, tenant.id, {
        email: option(args, 'email'),
        name: option(args, 'name'),
        role: option(args, 'role'),
        authorityId: option(args, 'authority'),
      });
      process.stdout.write(`staff account ${accountId} created.\none-time password (shown only now): ${password}\nAt the first login the person sets up a second factor (TOTP).\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const field of error.fields) process.stderr.write(`${field.pointer.slice(1)}: ${field.code}\n`);
      return 1;
    }
  },
};
