import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { AppContext } from '../../core/context.js';
import { addDays, addMonths, dateOf, type LocalDate } from '../../core/calendar/index.js';
import { newId } from '../../core/ids.js';
import { projectPath } from '../../core/paths.js';
import { listTenants } from '../../core/tenancy.js';
import type { Actor } from '../access/index.js';
import { addAttachment, hasApplicationsOf, startApplication, submitApplication, updateDraft } from '../applications/index.js';
import { createCall, createPosting, startInCall } from '../calls/index.js';
import { casesOfApplications, decideApproval, performAction, type Case } from '../cases/index.js';
import { getAuthorityByKey } from '../catalog/index.js';
import { findAccountByEmail } from '../identity/index.js';
import { listCurrentProcedures } from '../procedures/index.js';
import { seedDemoRecordPlans } from '../records/index.js';
import { pointerTokens } from '../../core/json-pointer.js';

/**
 * Demo data from `procedures/<key>/demo.json`, for every procedure that has one: the calls it
 * takes applications in (if any) and applications carried through workflow steps, so a newcomer
 * sees a living system. Generic: the file says everything, no procedure is named here.
 * Dates are `+N`/`-N` days from today or `callStartDate` (the call's start date), in step inputs and at the
 * answer pointers listed under `dates`.
 */

type Step =
  /** A workflow action on the application's case (`on: "case"`, the default) or its newest open involvement case. */
  | { action: string; inputs?: Record<string, string>; on?: 'case' | 'involvement' }
  /** A second team lead approves the four-eyes request pending on the case. */
  | { approve: string };

interface DemoApplication {
  name: string;
  /** The e-mail of an existing account (e.g. the demo person) that owns it; else an account-less demo applicant. */
  account?: string;
  answers: Record<string, unknown>;
  /** Answer pointer → `+N`/`-N`/`callStartDate`. */
  dates?: Record<string, string>;
  /** Pointers of file fields, each filled with a placeholder PDF. */
  files: string[];
  steps: Step[];
}

interface DemoCall {
  title: string;
  startDate: string;
  opensOn: string;
  closesOn: string;
  groups: string[];
  /** `attributes`: a value per posting field the pack declares (`calls.postingFields`). */
  postings?: { reference: string; attributes: Record<string, string | string[]>; opensOn: string; closesOn: string }[];
}

/** Past applications for the steering figures: `perMonth` in each of the last `months` months. */
interface DemoHistory {
  months: number;
  perMonth: number;
}

interface DemoFile {
  tenant: string;
  history?: DemoHistory;
  /** Calls to create; the applications are filed in the first one. */
  calls?: DemoCall[];
  applications: DemoApplication[];
}

/** The smallest file a PDF check accepts, standing in for a scanned certificate or site plan. */
const placeholderPdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

export async function seedDemo(ctx: AppContext): Promise<void> {
  // Test runtimes have DEMO_DATA on by default; other modules' tests count drafts, jobs and uploads, so they get none of this.
  if (!ctx.config.demoData || ctx.config.env === 'test') return;
  // The Aktenpläne first: cases opened by the demo applications are filed under them.
  await seedDemoRecordPlans(ctx);
  await seedDemoData(ctx);
}

/** Seeds the demo data of every procedure with a demo.json, once per tenant (not again while it has applications). */
export async function seedDemoData(ctx: AppContext): Promise<void> {
  const tenants = await listTenants(ctx.db);
  for (const { procedure } of await listCurrentProcedures(ctx)) {
    const file = projectPath('procedures', procedure.key, 'demo.json');
    if (!fs.existsSync(file)) continue;
    const demo = JSON.parse(fs.readFileSync(file, 'utf8')) as DemoFile;
    const tenant = tenants.find((t) => t.slug === demo.tenant);
    if (!tenant) continue;
    if (await hasApplicationsOf(ctx.db, tenant.id, procedure.key)) continue;
    await seedProcedure(ctx, tenant.id, procedure.key, demo);
  }
}

type Dates = (value: string) => string;

async function seedProcedure(ctx: AppContext, tenantId: string, procedureKey: string, demo: DemoFile): Promise<void> {
  const today = dateOf(ctx.clock.now());
  const staff = (role: 'procedureAdmin' | 'teamLead', name: string): Actor => ({
    kind: 'staff',
    tenantId,
    accountId: newId(),
    name,
    trustLevel: 'substanziell',
    memberships: [{ authorityId: null, role }, ...(role === 'teamLead' ? [{ authorityId: null, role: 'caseWorker' as const }] : [])],
  });
  const admin = staff('procedureAdmin', 'Demo-Fachadministration');
  const worker = staff('teamLead', 'Demo-Sachbearbeitung');
  const approver = staff('teamLead', 'Demo-Teamleitung');

  let callId: string | undefined;
  let startDate = '';
  for (const [index, callDemo] of (demo.calls ?? []).entries()) {
    const start = resolveDate(callDemo.startDate, today, '');
    const dates: Dates = (value) => resolveDate(value, today, start);
    const call = await createCall(ctx, admin, {
      procedureKey,
      title: callDemo.title,
      startDate: start,
      opensOn: dates(callDemo.opensOn),
      closesOn: dates(callDemo.closesOn),
      groups: callDemo.groups,
    });
    for (const posting of callDemo.postings ?? []) await createPosting(ctx, admin, call.id, { ...posting, opensOn: dates(posting.opensOn), closesOn: dates(posting.closesOn) });
    if (index === 0) [callId, startDate] = [call.id, start];
  }
  const dates: Dates = (value) => resolveDate(value, today, startDate);

  const actors: StepActors = { worker, approver };
  for (const application of demo.applications) await fileApplication(ctx, tenantId, procedureKey, application, { callId, dates, actors });
  if (demo.history && !callId) await seedHistory(ctx, tenantId, procedureKey, demo.applications, demo.history, actors);
}

interface StepActors {
  worker: Actor;
  approver: Actor;
}

/** Files one demo application and carries it through its steps; `stepsUntil` leaves out the steps after that time (still open). */
async function fileApplication(
  ctx: AppContext,
  tenantId: string,
  procedureKey: string,
  application: DemoApplication,
  options: { callId?: string | undefined; dates: Dates; actors: StepActors; stepAt?: (index: number) => AppContext | null },
): Promise<void> {
  const applicant = await applicantOf(ctx, tenantId, application);
  const draft = options.callId ? await startInCall(ctx, applicant, procedureKey, { callId: options.callId }) : await startApplication(ctx, applicant, procedureKey);
  const data = structuredClone(application.answers);
  for (const [pointer, value] of Object.entries(application.dates ?? {})) setAt(data, pointer, options.dates(value));
  for (const pointer of application.files) {
    const uploaded = await addAttachment(ctx, applicant, draft.id, pointer, { name: `${path.basename(pointer)}.pdf`, stream: Readable.from([placeholderPdf]) });
    setAt(data, pointer, [uploaded]);
  }
  await updateDraft(ctx, applicant, draft.id, { data, strict: true });
  await submitApplication(ctx, applicant, draft.id);
  for (const [index, step] of application.steps.entries()) {
    const stepCtx = options.stepAt ? options.stepAt(index) : ctx;
    if (!stepCtx) return;
    const kase = await caseOf(stepCtx, tenantId, draft.id, 'action' in step ? (step.on ?? 'case') : 'case');
    if ('approve' in step) {
      await decideApproval(stepCtx, options.actors.approver, kase.id, { version: Number(kase.version), approve: true, comment: step.approve });
    } else {
      const inputs = Object.fromEntries(
        await Promise.all(Object.entries(step.inputs ?? {}).map(async ([name, value]) => [name, await resolveInput(stepCtx, tenantId, value, options.dates)] as const)),
      );
      await performAction(stepCtx, options.actors.worker, kase.id, { action: step.action, version: Number(kase.version), inputs });
    }
  }
}

/** The context at another moment: what the demo history files and decides happens then. */
const contextAt = (ctx: AppContext, at: Date): AppContext => ({ ...ctx, clock: { now: () => new Date(at) } });

/**
 * Months of past applications for the steering figures: the demo applications again, filed in
 * turn on days spread over each of the last `months` months, each step a few working days after
 * the one before (a fixed pattern, so every seed gives the same figures). Steps that would fall
 * after today are left out: those cases are still open.
 */
async function seedHistory(
  ctx: AppContext,
  tenantId: string,
  procedureKey: string,
  applications: readonly DemoApplication[],
  history: DemoHistory,
  actors: StepActors,
): Promise<void> {
  const now = ctx.clock.now();
  const today = dateOf(now);
  const calendar = await ctx.calendars.forTenant(ctx.db, tenantId);
  let sequence = 0;
  for (let month = history.months; month >= 1; month--) {
    for (let index = 0; index < history.perMonth; index++, sequence++) {
      const application = applications[sequence % applications.length]!;
      const filedOn = calendar.onOrNextWorkingDay(addDays(addMonths(today, -month), (index * 29) % 27));
      const filedAt = new Date(`${filedOn}T08:30:00Z`);
      const gap = 2 + (sequence % 7);
      const stepAt = (step: number) => {
        const at = new Date(`${calendar.addWorkingDays(filedOn, gap * (step + 1))}T10:00:00Z`);
        return at < now ? contextAt(ctx, at) : null;
      };
      // Past applicants have no account: the demo person's own list stays as the present-day demo shows it.
      await fileApplication(
        contextAt(ctx, filedAt),
        tenantId,
        procedureKey,
        { ...application, account: undefined },
        { dates: (value) => resolveDate(value, filedOn, ''), actors, stepAt },
      );
    }
  }
}

/** The named account (found by e-mail), or a demo applicant without an account. */
async function applicantOf(ctx: AppContext, tenantId: string, application: DemoApplication): Promise<Actor> {
  const account = application.account ? await findAccountByEmail(ctx.db, tenantId, application.account) : undefined;
  return { kind: 'citizen', tenantId, accountId: account?.id ?? newId(), name: application.name, trustLevel: 'substanziell', actingFor: null };
}

/** The application's own case, or the involvement case it opened last that is still open. */
async function caseOf(ctx: AppContext, tenantId: string, applicationId: string, kind: 'case' | 'involvement'): Promise<Case> {
  const cases = await casesOfApplications(ctx.db, tenantId, [applicationId], { kind });
  const found = cases.find((kase) => kind === 'case' || kase.open);
  if (!found) throw new Error(`demo data: application ${applicationId} has no open ${kind}`);
  return found;
}

/** A step input: `authority:<key>` is that authority's id; dates as in `resolveDate`. */
async function resolveInput(ctx: AppContext, tenantId: string, value: string, dates: Dates): Promise<string> {
  if (!value.startsWith('authority:')) return dates(value);
  const key = value.slice('authority:'.length);
  const authority = await getAuthorityByKey(ctx, tenantId, key);
  if (!authority) throw new Error(`demo data: no authority with the key ${key}`);
  return authority.id;
}

/** Sets the value at a JSON pointer, creating the groups on the way. */
function setAt(data: Record<string, unknown>, pointer: string, value: unknown): void {
  const parts = pointerTokens(pointer);
  let current = data;
  for (const part of parts.slice(0, -1)) current = (current[part] ??= {}) as Record<string, unknown>;
  current[parts.at(-1)!] = value;
}

/** `+N`/`-N`: days from today; `callStartDate`: the call's start date; anything else as written. */
function resolveDate(value: string, today: LocalDate, startDate: string): string {
  if (value === 'callStartDate') return startDate;
  return /^[+-]\d+$/.test(value) ? addDays(today, Number(value)) : value;
}
