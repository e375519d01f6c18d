import { appendAudit } from '../../core/audit/index.js';
import type { WorkingDayCalendar } from '../../core/calendar/index.js';
import type { AppContext } from '../../core/context.js';
import { inTransaction, type Trx } from '../../core/db/index.js';
import type { CommandGroup } from '../../core/module.js';
import { findTenantBySlug, listTenants, type Tenant } from '../../core/tenancy.js';
import { applicationFiguresPage } from '../applications/index.js';
import { caseFiguresPage, clockResumptions } from '../cases/index.js';
import { Tally } from './tally.js';

/**
 * Recomputes a tenant's counters from what the owners hold (applications and cases, read through
 * their faces), in one transaction: after an import, a fix of a listener, or for data that existed
 * before the steering module. The listeners' figures and the rebuild's are the same by construction:
 * both go through `Tally`.
 */

const pageSize = 500;
const countersOf = ['steering_submissions', 'steering_draft_positions', 'steering_submitters', 'steering_cases_monthly', 'steering_durations', 'steering_backlog'] as const;

export async function rebuildFigures(ctx: AppContext, tenantId: string): Promise<{ submissions: number; cases: number }> {
  return inTransaction(ctx.db, async (trx) => {
    for (const table of countersOf) await trx.deleteFrom(table).where('tenant_id', '=', tenantId).execute();
    const submissions = await rebuildSubmissions(trx, tenantId);
    const cases = await rebuildCases(trx, tenantId, await ctx.calendars.forTenant(trx, tenantId));
    await appendAudit(trx, ctx, {
      tenantId,
      actor: { type: 'system', id: null },
      action: 'steering.rebuild',
      objectType: 'tenant',
      objectId: tenantId,
      details: { submissions, cases },
    });
    return { submissions, cases };
  });
}

async function rebuildSubmissions(trx: Trx, tenantId: string): Promise<number> {
  let count = 0;
  for (let after = ''; ; ) {
    const page = await applicationFiguresPage(trx, tenantId, after, pageSize);
    if (page.length === 0) return count;
    const tally = new Tally(tenantId);
    for (const application of page) {
      tally.started(application.procedureKey, application.startedAt);
      if (application.position) tally.draftMoved(application.procedureKey, null, application.position);
      if (application.submittedAt !== null) {
        tally.submitted(application.procedureKey, application.submittedAt, application.trustLevel, application.applicantKind);
        count += 1;
      }
    }
    await tally.write(trx);
    after = page.at(-1)!.id;
  }
}

async function rebuildCases(trx: Trx, tenantId: string, calendar: WorkingDayCalendar): Promise<number> {
  let count = 0;
  for (let after = ''; ; ) {
    const page = await caseFiguresPage(trx, tenantId, after, pageSize);
    if (page.length === 0) return count;
    const byId = new Map(page.map((kase) => [kase.id, kase]));
    const tally = new Tally(tenantId);
    for (const kase of page) {
      tally.opened(kase);
      if (kase.closedAt !== null) tally.decided({ ...kase, closedAt: kase.closedAt }, calendar);
    }
    for (const resumption of await clockResumptions(trx, tenantId, [...byId.keys()])) tally.waited(byId.get(resumption.caseId)!, resumption.at, resumption.suspendedWorkingDays);
    await tally.write(trx);
    count += page.length;
    after = page.at(-1)!.id;
  }
}

/** `amtsweg steering rebuild [--tenant <slug>]`. */
export const steeringCommand: CommandGroup<AppContext> = {
  description: 'the steering figures (OZG maturity, use, speed)',
  subcommands: {
    rebuild: {
      description: 'recompute the steering counters from the applications and cases (all tenants, or one)',
      options: [{ flags: '--tenant <slug>', description: 'only this tenant' }],
      async run(ctx, { options }) {
        let tenants: Tenant[];
        if (options.tenant) {
          const tenant = await findTenantBySlug(ctx.db, options.tenant);
          if (!tenant) {
            process.stderr.write(`amtsweg steering: no tenant ${options.tenant}\n`);
            return 1;
          }
          tenants = [tenant];
        } else tenants = await listTenants(ctx.db);
        for (const tenant of tenants) {
          const { submissions, cases } = await rebuildFigures(ctx, tenant.id);
          process.stdout.write(`${tenant.slug}: ${submissions} submissions, ${cases} cases counted\n`);
        }
        return 0;
      },
    },
  },
};
