import type { AppContext } from '../../core/context.js';
import type { Command } from '../../core/module.js';
import { ValidationError } from '../../core/errors.js';
import { listTenants } from '../../core/tenancy.js';
import { addStaff } from './staff.js';

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

interface Output {
  out(text: string): void;
  err(text: string): void;
}

const usage = 'staff add --email E --name N --role R [--authority ID [--team NAME]] [--tenant sn]';

/** `amtsweg staff add …`: how the first tenant administrator comes into being. */
export async function runStaffCommand(ctx: AppContext, args: string[], output: Output): Promise<number> {
  if (args[0] !== 'add') {
    output.err(`usage: amtsweg ${usage}\n`);
    return 2;
  }
  const slug = option(args, 'tenant') ?? 'sn';
  const tenant = (await listTenants(ctx.db)).find((t) => t.slug === slug);
  if (!tenant) {
    output.err(`unknown tenant "${slug}" (run "amtsweg seed" first)\n`);
    return 1;
  }
  try {
    const { accountId, password } = await addStaff(ctx, null, tenant.id, {
      email: option(args, 'email'),
      name: option(args, 'name'),
      role: option(args, 'role'),
      authorityId: option(args, 'authority'),
      teamId: option(args, 'team'),
    });
    output.out(`staff account ${accountId} created.\none-time password (shown only now): ${password}\nAt the first login the person sets up a second factor (TOTP).\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const field of error.fields) output.err(`${field.pointer.slice(1)}: ${field.code}\n`);
    return 1;
  }
}

export const staffCommand: Command = {
  usage,
  description: 'create a staff account (roles: caseWorker, teamLead, recordsManager, procedureAdmin, steering, tenantAdmin), optionally in a team of the authority (its name or id); prints a one-time password',
  run: (ctx, args) => runStaffCommand(ctx, args, { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) }),
};
