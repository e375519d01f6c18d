import fs from 'node:fs';
import type { AppContext } from '../../../core/context.js';
import { projectPath } from '../../../core/paths.js';
import { listTenants } from '../../../core/tenancy.js';
import type { Actor } from '../../access/index.js';
import { getAuthorityByKey } from '../../catalog/index.js';
import type { RecordsMode } from '../tables.js';
import { createPlan, importPlanCsv, saveRecordSettings } from './service.js';

interface DemoPlans {
  tenant: string;
  plans: { file: string; title: string; authorities: string[]; settings: { fileNumberPattern: string; mode: RecordsMode } }[];
}

/**
 * The demo Aktenpläne of `data/records/plans.json`: each CSV imported for each named authority
 * that has no plan yet, through the same service functions as the admin pages, and the
 * authority's records settings saved. Acts as a tenant-wide Registratur, named as such in the history.
 */
export async function seedDemoRecordPlans(ctx: AppContext): Promise<void> {
  const demo = JSON.parse(fs.readFileSync(projectPath('data/records/plans.json'), 'utf8')) as DemoPlans;
  const tenant = (await listTenants(ctx.db)).find((t) => t.slug === demo.tenant);
  if (!tenant) return;
  const registratur: Actor = {
    kind: 'staff',
    tenantId: tenant.id,
    accountId: 'demo-registratur',
    name: 'Demo-Registratur',
    trustLevel: 'substanziell',
    memberships: [{ authorityId: null, role: 'recordsManager' }],
  };
  for (const entry of demo.plans) {
    const csv = fs.readFileSync(projectPath('data/records', entry.file), 'utf8');
    for (const key of entry.authorities) {
      const authority = await getAuthorityByKey(ctx, tenant.id, key);
      if (!authority) continue;
      const planned = await ctx.db.selectFrom('record_plans').select('id').where('tenant_id', '=', tenant.id).where('authority_id', '=', authority.id).executeTakeFirst();
      if (planned) continue;
      const plan = await createPlan(ctx, registratur, { authorityId: authority.id, title: entry.title, validFrom: null, reason: `Demo-Aktenplan aus data/records/${entry.file}` });
      await importPlanCsv(ctx, registratur, plan.id, csv, { reason: `Demo-Aktenplan aus data/records/${entry.file}` });
      await saveRecordSettings(ctx, registratur, authority.id, { planId: plan.id, ...entry.settings, handoverTarget: null });
    }
  }
}
