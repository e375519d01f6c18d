import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { AppContext } from '../../core/context.js';
import { addDays, localDate } from '../../core/calendar/index.js';
import { newId } from '../../core/ids.js';
import { projectPath } from '../../core/paths.js';
import { listTenants } from '../../core/tenancy.js';
import type { Actor } from '../access/index.js';
import { addAttachment, submitApplication, updateDraft } from '../applications/index.js';
import { performAction } from '../cases/index.js';
import { berlinDate } from '../forms/dates.js';
import { listCurrentProcedures } from '../procedures/index.js';
import { createCall, createPosting, startInCall } from './service.js';

/**
 * Demo data (only with DEMO_DATA) from `procedures/<key>/demo.json` of procedures with calls: a
 * call open around today with its postings, and applications carried through workflow actions so
 * a newcomer sees a living system. Dates are `+N`/`-N` days from today or `hiringDate`.
 */

interface DemoFile {
  tenant: string;
  calls: { title: string; hiringDate: string; opensOn: string; closesOn: string; groups: string[]; postings?: { reference: string; school: string; schulart: string; subjects: string[]; opensOn: string; closesOn: string }[] }[];
  applications: { name: string; answers: Record<string, unknown>; files: string[]; actions: [string, Record<string, string>][] }[];
}

/** The smallest file a PDF check accepts, standing in for a scanned certificate. */
const placeholderPdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

export async function seedDemoCalls(ctx: AppContext): Promise<void> {
  // Test runtimes have DEMO_DATA on by default; other modules' tests count drafts, jobs and uploads, so they get none of this.
  if (!ctx.config.demoData || ctx.config.env === 'test') return;
  await seedDemoData(ctx);
}

/** Seeds the demo data of every procedure with calls and a demo.json, once per tenant. */
export async function seedDemoData(ctx: AppContext): Promise<void> {
  const tenants = await listTenants(ctx.db);
  for (const { procedure } of await listCurrentProcedures(ctx)) {
    const file = projectPath('procedures', procedure.key, 'demo.json');
    if (!procedure.calls || !fs.existsSync(file)) continue;
    const demo = JSON.parse(fs.readFileSync(file, 'utf8')) as DemoFile;
    const tenant = tenants.find((t) => t.slug === demo.tenant);
    if (!tenant) continue;
    const seeded = await ctx.db.selectFrom('calls').select('id').where('tenant_id', '=', tenant.id).where('procedure_key', '=', procedure.key).executeTakeFirst();
    if (seeded) continue;
    await seedProcedure(ctx, tenant.id, procedure.key, demo);
  }
}

async function seedProcedure(ctx: AppContext, tenantId: string, procedureKey: string, demo: DemoFile): Promise<void> {
  const today = localDate(berlinDate(ctx.clock.now()));
  const staff = (role: 'procedureAdmin' | 'teamLead', name: string): Actor => ({ kind: 'staff', tenantId, accountId: newId(), name, trustLevel: 'substanziell', memberships: [{ authorityId: null, role }, ...(role === 'teamLead' ? [{ authorityId: null, role: 'caseWorker' as const }] : [])] });
  const admin = staff('procedureAdmin', 'Demo-Fachadministration');
  const worker = staff('teamLead', 'Demo-Sachbearbeitung');
  for (const callDemo of demo.calls) {
    const hiringDate = resolveDate(callDemo.hiringDate, today, '');
    const call = await createCall(ctx, admin, { procedureKey, title: callDemo.title, hiringDate, opensOn: resolveDate(callDemo.opensOn, today, hiringDate), closesOn: resolveDate(callDemo.closesOn, today, hiringDate), groups: callDemo.groups });
    for (const posting of callDemo.postings ?? []) {
      await createPosting(ctx, admin, call.id, { ...posting, opensOn: resolveDate(posting.opensOn, today, hiringDate), closesOn: resolveDate(posting.closesOn, today, hiringDate) });
    }
    for (const application of demo.applications) {
      const applicant: Actor = { kind: 'citizen', tenantId, accountId: newId(), name: application.name, trustLevel: 'substanziell', actingFor: null };
      const draft = await startInCall(ctx, applicant, procedureKey, { callId: call.id });
      const files: Record<string, unknown> = {};
      for (const pointer of application.files) {
        const uploaded = await addAttachment(ctx, applicant, draft.id, pointer, { name: `${path.basename(pointer)}.pdf`, stream: Readable.from([placeholderPdf]) });
        files[pointer.slice(1)] = [uploaded];
      }
      await updateDraft(ctx, applicant, draft.id, { data: { ...application.answers, ...files }, strict: true });
      await submitApplication(ctx, applicant, draft.id);
      for (const [action, inputs] of application.actions) {
        const kase = await ctx.db.selectFrom('cases').select(['id', 'version']).where('tenant_id', '=', tenantId).where('application_id', '=', draft.id).where('kind', '=', 'case').executeTakeFirstOrThrow();
        const resolved = Object.fromEntries(Object.entries(inputs).map(([name, value]) => [name, resolveDate(value, today, hiringDate)]));
        await performAction(ctx, worker, kase.id, { action, version: Number(kase.version), inputs: resolved });
      }
    }
  }
}

/** `+N`/`-N`: days from today; `hiringDate`: the call's; anything else as written. */
function resolveDate(value: string, today: ReturnType<typeof localDate>, hiringDate: string): string {
  if (value === 'hiringDate') return hiringDate;
  return /^[+-]\d+$/.test(value) ? addDays(today, Number(value)) : value;
}
