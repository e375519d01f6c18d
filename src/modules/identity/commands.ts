import type { AppContext } from '../../core/context.js';
import type { Command, CommandInput } from '../../core/module.js';
import { ValidationError } from '../../core/errors.js';
import { listTenants } from '../../core/tenancy.js';
import { addStaff } from './staff.js';

interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** `amtsweg staff add …`: how the first tenant administrator comes into being. */
export async function runStaffCommand(ctx: AppContext, options: CommandInput['options'], output: Output): Promise<number> {
  const tenants = await listTenants(ctx.db);
  const slug = options.tenant ?? ctx.config.defaultTenant ?? (tenants.length === 1 ? tenants[0]!.slug : undefined);
  if (!slug) {
    output.err(`name the tenant with --tenant (one of: ${tenants.map((t) => t.slug).join(', ') || 'none yet, run "amtsweg seed" first'})\n`);
    return 2;
  }
  const tenant = tenants.find((t) => t.slug === slug);
  if (!tenant) {
    output.err(`unknown tenant "${slug}" (run "amtsweg seed" first)\n`);
    return 1;
  }
  try {
    const { accountId, password } = await addStaff(ctx, null, tenant.id, {
      email: options.email,
      name: options.name,
      role: options.role,
      authorityId: options.authority,
      teamId: options.team,
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
  description: 'staff accounts',
  subcommands: {
    add: {
      description: 'create a staff account, optionally in a team of the authority; prints a one-time password',
      options: [
        { flags: '--email <address>', description: 'the sign-in address', required: true },
        { flags: '--name <name>', description: 'the full name', required: true },
        {
          flags: '--role <role>',
          description:
            'caseWorker, teamLead, recordsManager, procedureAdmin, steering, tenantAdmin, dataProtectionOfficer or platformOperator (runs the platform: /betrieb/mandanten)',
          required: true,
        },
        { flags: '--authority <id>', description: 'the authority the role holds at (a case worker needs one)' },
        { flags: '--team <name>', description: 'a team of the authority (its name or id)' },
        { flags: '--tenant <slug>', description: 'the tenant (default: DEFAULT_TENANT, or the only tenant)' },
      ],
      run: (ctx, { options }) => runStaffCommand(ctx, options, { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) }),
    },
  },
};
