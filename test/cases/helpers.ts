import { composeModules, type AmtswegModule } from '../../src/core/module.js';
import { newId } from '../../src/core/ids.js';
import { addAttachment } from '../../src/modules/applications/attachments.js';
import { getApplication, startApplication, submitApplication, updateDraft } from '../../src/modules/applications/service.js';
import { listAuthoritiesByKind, type Authority } from '../../src/modules/catalog/index.js';
import type { StaffRole } from '../../src/modules/identity/index.js';
import { addStaff } from '../../src/modules/identity/staff.js';
import { sampleNotification } from '../procedures/bohranzeige-sample.js';
import type { TestRuntime } from '../helpers/runtime.js';
import { applicationTestModules, fileInput, tinyPdf, type Actor } from '../applications/helpers.js';

export { citizen, tenantId, fileInput, tinyPdf, tinyPng, encodeActor } from '../applications/helpers.js';
export type { Actor };

/** Every module (the applications helper's list, which includes this one) plus the test actor. */
export const caseTestModules: readonly AmtswegModule[] = applicationTestModules;

/** The contributions of those modules (their workflow effects), for tests that load workflows without a runtime. */
export const caseTestExtensions = { extensions: composeModules(caseTestModules) };

export type Staff = Extract<Actor, { kind: 'staff' }>;

export function staff(tenant: string, authorityId: string | null, role: StaffRole, name = `${role} ${authorityId?.slice(-4) ?? 'all'}`): Staff {
  return { kind: 'staff', tenantId: tenant, accountId: newId(), name, trustLevel: 'substanziell', memberships: [{ authorityId, role }] };
}

/** A staff member with a real account (needed where the service looks the person up: assignment, reminders). */
export async function staffAccount(runtime: TestRuntime, tenant: string, authorityId: string, role: StaffRole, name: string, teamId?: string): Promise<Staff> {
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${newId().slice(-8)}@behoerde.example`;
  const { accountId } = await addStaff(runtime.ctx, null, tenant, { email, name, role, authorityId, teamId });
  return { kind: 'staff', tenantId: tenant, accountId, name, trustLevel: 'substanziell', memberships: [{ authorityId, role }] };
}

export interface Authorities {
  lfulg: Authority;
  oba: Authority;
  uwb: Authority;
}

export async function authoritiesOf(runtime: TestRuntime, tenant: string): Promise<Authorities> {
  const [geology, mining, water] = await Promise.all((['geology', 'mining', 'water'] as const).map((kind) => listAuthoritiesByKind(runtime.ctx, tenant, kind)));
  return { lfulg: geology![0]!, oba: mining![0]!, uwb: water!.find((a) => a.name.includes('Dresden')) ?? water![0]! };
}

/** Files the sample drilling notification (deep EWS: LfULG, Oberbergamt, Wasserbehörde) and returns its id. */
export async function submitNotification(runtime: TestRuntime, applicant: Actor, data: Record<string, unknown> = sampleNotification()): Promise<string> {
  const draft = await startApplication(runtime.ctx, applicant, 'bohranzeige');
  await addAttachment(runtime.ctx, applicant, draft.id, '/sitePlan', fileInput('lageplan.pdf', tinyPdf));
  const { sitePlan } = (await getApplication(runtime.ctx, applicant, draft.id)).data;
  await updateDraft(runtime.ctx, applicant, draft.id, { data: { ...data, sitePlan }, strict: true });
  await submitApplication(runtime.ctx, applicant, draft.id);
  return draft.id;
}

export async function caseAt(runtime: TestRuntime, applicationId: string, authorityId: string) {
  return runtime.ctx.db
    .selectFrom('cases')
    .selectAll()
    .where('application_id', '=', applicationId)
    .where('authority_id', '=', authorityId)
    .where('kind', '=', 'case')
    .executeTakeFirstOrThrow();
}
