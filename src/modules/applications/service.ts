import crypto from 'node:crypto';
import { toStored } from '../../core/clock.js';
import { canonicalJson } from '../../core/canonical-json.js';
import type { AppContext } from '../../core/context.js';
import { inTransaction, violatesUnique, type Trx } from '../../core/db/index.js';
import { appendAudit } from '../../core/audit/index.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../../core/errors.js';
import { bilingualMail, defaultLanguage, translate, type Language } from '../../core/i18n/index.js';
import { enqueueJob, enqueueJobs, type NewJob } from '../../core/jobs/index.js';
import { mailJob } from '../../core/mail/index.js';
import { newId } from '../../core/ids.js';
import { findTenant } from '../../core/tenancy.js';
import { prefillValues, regionCheckOf, validateSubmission, type FormDefinition, type RegionCheck, type ValidationResult } from '../forms/index.js';
import { currentProcedureVersion, getProcedureVersion, isRetired, resolveRecipients, type ProcedureVersion, type Recipient } from '../procedures/index.js';
import { auditActor, can, getProfile, meetsTrustLevel, principalAccountId, type Actor } from './access.js';
import { DraftExpiredError, StaleVersionError, StepUpRequiredError } from './errors.js';
import { unknownFileErrors } from './file-references.js';
import { newReference } from './reference.js';
import { checkSubmissionGuards, notifyDraftMove, notifyDraftStart, notifySubmission, type SubmissionEvent } from './submission-listeners.js';
import { applicantKindOf, findApplication, listOwned, saveDraftData, type Application } from './store.js';
import { valueAt } from '../../core/json-pointer.js';
import { dateOf, parts } from '../../core/calendar/index.js';

/**
 * The application service: the pages and the JSON API call exactly these functions. Each write is
 * one transaction with its audit entry and its follow-up jobs. Reads of other modules (procedure
 * versions, the catalogue) happen before a transaction opens: SQLite has one connection, and a
 * query outside the open transaction would wait for it forever.
 */

export const jobTypes = {
  /** Only queued by versions before receipts were rendered on first download; see jobs.ts. */
  receipt: 'applications.receipt',
  draftExpiry: 'applications.draftExpiry',
} as const;

/**
 * The region check of the tenant's coordinate fields (`region.name` in a form): inside the tenant's
 * base map of that name (the base maps its catalogue data ships, see the catalogue's `regions.json`).
 */
export async function regionCheck(ctx: AppContext, tenantId: string): Promise<RegionCheck> {
  const tenant = await findTenant(ctx.db, tenantId);
  return tenant ? regionCheckOf(ctx.extensions, tenant.slug) : () => false;
}

export function validateAnswers(ctx: AppContext, insideRegion: RegionCheck, form: FormDefinition, data: unknown, lang: Language = 'de'): ValidationResult {
  return validateSubmission(form, data, { now: ctx.clock.now(), lang, insideRegion });
}

const dayMs = 24 * 3600 * 1000;

export function expiryFrom(ctx: AppContext, now: Date): string {
  return toStored(new Date(now.getTime() + ctx.config.draftRetentionDays * dayMs));
}

export async function procedureOf(ctx: AppContext, application: Pick<Application, 'procedureKey' | 'procedureVersion'>): Promise<ProcedureVersion> {
  const version = await getProcedureVersion(ctx, application.procedureKey, application.procedureVersion);
  if (!version) throw new Error(`procedure ${application.procedureKey} version ${application.procedureVersion} is not published`);
  return version;
}

export async function currentProcedure(ctx: AppContext, key: string): Promise<ProcedureVersion> {
  const version = await currentProcedureVersion(ctx, key);
  // A retired procedure says so (running applications go on under their own version).
  if (!version) throw new NotFoundError((await isRetired(ctx, key)) ? 'procedures.retired' : 'procedures.notFound');
  return version;
}

// ---- access ----

/** May this actor file an application for the procedure? Throws the reason if not. */
export function checkMayApply(actor: Actor, procedure: ProcedureVersion['procedure']): void {
  if (actor.kind === 'anonymous' && procedure.anonymous) return;
  if (actor.kind !== 'citizen' || !can(actor, 'application.create', { tenantId: actor.tenantId })) {
    throw actor.kind === 'anonymous' ? new StepUpRequiredError(procedure.trustLevel) : new ForbiddenError('applications.citizensOnly');
  }
  const kind = actor.actingFor ? 'organisation' : 'person';
  const required =
    kind === 'organisation' && procedure.organisationTrustLevel && !meetsTrustLevel(procedure.trustLevel, procedure.organisationTrustLevel)
      ? procedure.organisationTrustLevel
      : procedure.trustLevel;
  if (!meetsTrustLevel(actor.trustLevel, required)) throw new StepUpRequiredError(required);
  if (!procedure.applicants.includes(kind)) throw new ForbiddenError(kind === 'organisation' ? 'applications.personsOnly' : 'applications.organisationsOnly');
}

/**
 * Who asks: the actor, and for a draft of an anonymous procedure the secret resume token (from
 * its cookie or its link) that stands in for an account.
 */
export type Requester = Actor & { draftToken?: string };

export function hashResumeToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** An application without an owner belongs to whoever holds its resume token. */
function holdsResumeToken(requester: Requester, application: Application): boolean {
  if (application.ownerAccountId !== null || application.resumeTokenHash === null || !requester.draftToken) return false;
  const given = Buffer.from(hashResumeToken(requester.draftToken), 'hex');
  return crypto.timingSafeEqual(given, Buffer.from(application.resumeTokenHash, 'hex'));
}

/** The application, if the requester may see it; otherwise "not found" (no hint that it exists). */
export async function getApplication(ctx: AppContext, actor: Requester, id: string): Promise<Application> {
  const application = await findApplication(ctx.db, actor.tenantId, id);
  if (!application || !(holdsResumeToken(actor, application) || can(actor, 'application.read', { tenantId: application.tenantId, ownerAccountId: application.ownerAccountId }))) {
    throw new NotFoundError('applications.notFound');
  }
  return application;
}

/** For changes and submitting: the owner (or the resume token's holder), at the procedure's trust level. */
export async function getOwnApplication(ctx: AppContext, actor: Requester, id: string): Promise<{ application: Application; version: ProcedureVersion }> {
  const application = await getApplication(ctx, actor, id);
  const mayChange = holdsResumeToken(actor, application) || can(actor, 'application.submit', { tenantId: application.tenantId, ownerAccountId: application.ownerAccountId });
  if (!mayChange) throw new NotFoundError('applications.notFound');
  const version = await procedureOf(ctx, application);
  checkMayApply(actor, version.procedure);
  return { application, version };
}

export function checkDraftOpen(ctx: AppContext, application: Application): void {
  if (application.status !== 'draft') throw new ConflictError('applications.alreadySubmitted');
  if (application.expiresAt !== null && application.expiresAt <= toStored(ctx.clock.now())) throw new DraftExpiredError();
}

// ---- drafts ----

/**
 * Starts a draft; first answers (API) are refused as a whole if unusable, as `updateDraft` does.
 * Without an account (anonymous procedures only) the draft gets a secret resume token, returned
 * once: only its SHA-256 is kept.
 */
export async function startApplication(
  ctx: AppContext,
  actor: Actor,
  procedureKey: string,
  data: Record<string, unknown> = {},
  lang: Language = 'de',
  origin: { copiedFrom?: string } = {},
): Promise<Application & { resumeToken?: string }> {
  const version = await currentProcedure(ctx, procedureKey);
  checkMayApply(actor, version.procedure);
  checkUsable(validateAnswers(ctx, await regionCheck(ctx, actor.tenantId), version.form, data, lang));
  const initial = { ...(await prefill(ctx, actor, version.form)), ...data };
  const now = ctx.clock.now();
  const id = newId();
  const owner = principalAccountId(actor);
  const resumeToken = owner === null ? crypto.randomBytes(32).toString('base64url') : undefined;
  await inTransaction(ctx.db, async (trx) => {
    await trx
      .insertInto('applications')
      .values({
        id,
        tenant_id: actor.tenantId,
        procedure_key: procedureKey,
        procedure_version: version.version,
        owner_account_id: owner,
        created_by_account_id: actor.kind === 'citizen' ? actor.accountId : null,
        status: 'draft',
        data: JSON.stringify(initial),
        current_page: version.form.pages[0]?.id ?? null,
        reference: null,
        submitted_at: null,
        data_hash: null,
        submit_key: null,
        receipt_sha256: null,
        expires_at: expiryFrom(ctx, now),
        reminder_sent_at: null,
        resume_token_hash: resumeToken ? hashResumeToken(resumeToken) : null,
        revision: 1,
        created_at: toStored(now),
        updated_at: toStored(now),
      })
      .execute();
    await appendAudit(trx, ctx, {
      tenantId: actor.tenantId,
      actor: auditActor(actor),
      action: 'application.create',
      objectType: 'application',
      objectId: id,
      details: { procedure: procedureKey, version: version.version, ...(origin.copiedFrom ? { copiedFrom: origin.copiedFrom } : {}) },
    });
    await enqueueDraftExpiry(trx, ctx, actor.tenantId, id, now);
    await notifyDraftStart(trx, ctx, { tenantId: actor.tenantId, applicationId: id, procedureKey, startedAt: toStored(now) });
    await notifyDraftMove(trx, ctx, { tenantId: actor.tenantId, applicationId: id, procedureKey, from: null, to: { page: version.form.pages[0]?.id ?? null, at: toStored(now) } });
  });
  const application = (await findApplication(ctx.db, actor.tenantId, id))!;
  return resumeToken ? { ...application, resumeToken } : application;
}

/** Answers from the applicant's account for fields with `prefill` (`profile.familyName`, `profile.displayName`, …). */
async function prefill(ctx: AppContext, actor: Actor, form: FormDefinition): Promise<Record<string, unknown>> {
  const profile = await getProfile(ctx, actor);
  const personName = [profile.givenName, profile.familyName].filter(Boolean).join(' ');
  const displayName = (actor.kind === 'citizen' && actor.actingFor ? profile.organisationName : personName) || undefined;
  return prefillValues(form, { profile: { ...profile, displayName } });
}

/** The expiry job runs a week before the deadline (reminder), then at it (deletion); see jobs.ts. */
export async function enqueueDraftExpiry(trx: Trx, ctx: AppContext, tenantId: string, applicationId: string, from: Date): Promise<void> {
  const retention = ctx.config.draftRetentionDays * dayMs;
  const reminderAt = new Date(from.getTime() + Math.max(retention - 7 * dayMs, retention / 2));
  await enqueueJob(trx, ctx, { type: jobTypes.draftExpiry, payload: { tenantId, applicationId }, tenantId, runAt: reminderAt });
}

/**
 * What a draft may still lack: missing answers, date relations and cross-field rules (the other
 * answer may come later). Anything else — wrong types, unknown fields, bad values — is refused by the API.
 */
function isIncompleteOnly(error: FieldError): boolean {
  const code = error.code === 'forms.custom' ? String(error.params?.reason ?? '') : error.code;
  return code === 'forms.required' || code === 'forms.repeat.tooFew' || code.startsWith('forms.date.after') || code.startsWith('forms.date.before') || code.startsWith('rule.');
}

function checkUsable(validation: ValidationResult): void {
  const blocking = validation.errors.filter((error) => !isIncompleteOnly(error));
  if (blocking.length) throw new ValidationError(blocking);
}

export interface DraftUpdate {
  /** Replaces the answers. */
  data: Record<string, unknown>;
  currentPage?: string | null;
  /** The version the client works with; a different one is refused. */
  procedureVersion?: number;
  /** API: refuse answers with errors other than "missing"; pages save what was typed. */
  strict: boolean;
  lang?: Language;
}

export interface SavedDraft {
  application: Application;
  validation: ValidationResult;
}

export async function updateDraft(ctx: AppContext, actor: Requester, id: string, update: DraftUpdate): Promise<SavedDraft> {
  const { application, version } = await getOwnApplication(ctx, actor, id);
  checkDraftOpen(ctx, application);
  if (update.procedureVersion !== undefined && update.procedureVersion !== application.procedureVersion) throw new StaleVersionError(application.procedureVersion);
  const validation = validateAnswers(ctx, await regionCheck(ctx, actor.tenantId), version.form, update.data, update.lang);
  if (update.strict) {
    checkUsable(validation);
    const unknownFiles = await unknownFileErrors(ctx.db, application.tenantId, application.id, version.form, validation.value);
    if (unknownFiles.length) throw new ValidationError(unknownFiles);
  }
  const now = ctx.clock.now();
  await inTransaction(ctx.db, async (trx) => {
    const saved = await saveDraftData(trx, ctx, application, {
      data: update.data,
      ...(update.currentPage !== undefined ? { currentPage: update.currentPage } : {}),
      now: toStored(now),
      expiresAt: expiryFrom(ctx, now),
    });
    if (!saved) throw new ConflictError('applications.changedMeanwhile');
  });
  return { application: (await findApplication(ctx.db, actor.tenantId, id))!, validation };
}

export async function validateApplication(ctx: AppContext, actor: Requester, id: string, lang: Language = 'de'): Promise<ValidationResult> {
  const application = await getApplication(ctx, actor, id);
  return validateAnswers(ctx, await regionCheck(ctx, actor.tenantId), (await procedureOf(ctx, application)).form, application.data, lang);
}

export async function listMyApplications(ctx: AppContext, actor: Actor): Promise<Application[]> {
  const owner = principalAccountId(actor);
  if (owner === null) return [];
  return listOwned(ctx.db, actor.tenantId, owner);
}

// ---- submit ----

export interface Submission {
  application: Application;
  recipients: { authorityId: string; name: string; reason: { de: string; en: string } | null }[];
  /** True when this call found the application already submitted (double click, retry). */
  repeated: boolean;
}

export function hashAnswers(data: Record<string, unknown>): string {
  return crypto.createHash('sha256').update(canonicalJson(data)).digest('hex');
}

function berlinYear(date: Date): number {
  return parts(dateOf(date)).year;
}

/** Draws of a reference number before a submission gives up. */
const referenceAttempts = 5;

/**
 * Runs the submitting transaction with a reference number not taken yet. Five random characters
 * give 33.5 million references per tenant and year: at a few hundred thousand submissions a year
 * about one draw in a hundred is taken already, and its transaction fails on the unique column.
 */
async function withFreeReference<T>(draw: () => string, submitWith: (reference: string) => Promise<T>): Promise<{ reference: string; outcome: T }> {
  for (let attempt = 1; ; attempt++) {
    const reference = draw();
    try {
      return { reference, outcome: await submitWith(reference) };
    } catch (error) {
      if (attempt === referenceAttempts || !violatesUnique(error, 'applications', 'reference')) throw error;
    }
  }
}

// A tenant's slug never changes; it prefixes every reference number.
const tenantSlugs = new Map<string, string>();

async function tenantSlug(ctx: AppContext, tenantId: string): Promise<string> {
  let slug = tenantSlugs.get(tenantId);
  if (slug === undefined) {
    const tenant = await findTenant(ctx.db, tenantId);
    if (!tenant) throw new Error(`unknown tenant ${tenantId}`);
    slug = tenant.slug;
    tenantSlugs.set(tenantId, slug);
  }
  return slug;
}

async function submittedResult(ctx: AppContext, application: Application): Promise<Submission> {
  const rows = await ctx.db
    .selectFrom('application_recipients')
    .select(['authority_id', 'authority_name', 'reason'])
    .where('tenant_id', '=', application.tenantId)
    .where('application_id', '=', application.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return { application, recipients: rows.map((r) => ({ authorityId: r.authority_id, name: r.authority_name, reason: r.reason ? JSON.parse(r.reason) : null })), repeated: true };
}

/**
 * Submits a draft: validates it again with the one engine, freezes the normalised answers under
 * the draft's form version with their hash, assigns the reference, records one recipient row per
 * authority (the cases module turns them into cases), and queues the receipt, the confirmation
 * mail and the authorities' notifications — all in one transaction. A second call (double click,
 * retry with the same `Idempotency-Key`) returns the first result.
 */
export async function submitApplication(
  ctx: AppContext,
  actor: Requester,
  id: string,
  options: { idempotencyKey?: string; procedureVersion?: number; lang?: Language } = {},
): Promise<Submission> {
  const { application, version } = await getOwnApplication(ctx, actor, id);
  if (application.status === 'submitted') return repeatedSubmit(ctx, application, options.idempotencyKey);
  checkDraftOpen(ctx, application);
  if (options.procedureVersion !== undefined && options.procedureVersion !== application.procedureVersion) throw new StaleVersionError(application.procedureVersion);

  const { procedure, form } = version;
  const validation = validateAnswers(ctx, await regionCheck(ctx, actor.tenantId), form, application.data, options.lang);
  const errors = [...validation.errors, ...(await unknownFileErrors(ctx.db, application.tenantId, application.id, form, validation.value))];
  if (errors.length) throw new ValidationError(errors);
  const answers = validation.value;
  const recipients = await resolveRecipients(ctx, application.tenantId, procedure, form, answers);
  const now = ctx.clock.now();
  const stored = toStored(now);
  const referencePrefix = await tenantSlug(ctx, application.tenantId);
  const dataHash = hashAnswers(answers);
  const contact = procedure.contactEmail ? valueAt(answers, procedure.contactEmail) : undefined;

  const trustLevel = actor.kind === 'citizen' ? actor.trustLevel : null;
  const drawReference = () => newReference(referencePrefix, berlinYear(now));
  const { reference, outcome } = await withFreeReference(drawReference, (reference) =>
    inTransaction(ctx.db, async (trx) => {
      const updated = await trx
        .updateTable('applications')
        .set({
          status: 'submitted',
          data: JSON.stringify(answers),
          reference,
          submitted_at: stored,
          data_hash: dataHash,
          submit_key: options.idempotencyKey ?? null,
          expires_at: null,
          updated_at: stored,
          revision: application.revision + 1,
          submitted_trust_level: trustLevel,
        })
        .where('tenant_id', '=', application.tenantId)
        .where('id', '=', application.id)
        .where('status', '=', 'draft')
        .where('revision', '=', application.revision)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return 'lost' as const;
      await checkSubmissionGuards(trx, ctx, {
        tenantId: application.tenantId,
        applicationId: application.id,
        procedure,
        answers,
        ownerAccountId: application.ownerAccountId,
        submittedAt: stored,
      });
      const recipientRows = recipients.map((recipient) => ({
        id: newId(),
        tenant_id: application.tenantId,
        application_id: application.id,
        authority_id: recipient.authority.id,
        authority_name: recipient.authority.name,
        reason: recipient.reason ? JSON.stringify(recipient.reason) : null,
        status: 'submitted',
        case_id: null,
        created_at: stored,
        updated_at: stored,
      }));
      if (recipientRows.length) await trx.insertInto('application_recipients').values(recipientRows).execute();
      await trx
        .insertInto('application_events')
        .values({
          id: newId(),
          tenant_id: application.tenantId,
          application_id: application.id,
          kind: 'submitted',
          authority_id: null,
          details: JSON.stringify({ reference }),
          created_at: stored,
        })
        .execute();
      const recipientIds: SubmissionEvent['recipients'] = recipientRows.map((row) => ({ recipientId: row.id, authorityId: row.authority_id, status: row.status }));
      await notifySubmission(trx, ctx, {
        tenantId: application.tenantId,
        applicationId: application.id,
        reference,
        procedureKey: procedure.key,
        procedureVersion: version.version,
        procedure,
        answers,
        submittedAt: stored,
        recipients: recipientIds,
        trustLevel,
        applicantKind: applicantKindOf(application),
      });
      await notifyDraftMove(trx, ctx, {
        tenantId: application.tenantId,
        applicationId: application.id,
        procedureKey: application.procedureKey,
        from: { page: application.currentPage, at: application.updatedAt },
        to: null,
      });
      await enqueueJobs(trx, ctx, submissionJobs(application, procedure, reference, recipients, contact));
      await appendAudit(trx, ctx, {
        tenantId: application.tenantId,
        actor: auditActor(actor),
        action: 'application.submit',
        objectType: 'application',
        objectId: application.id,
        details: { reference, procedure: procedure.key, version: version.version, dataHash, recipients: recipients.map((r) => r.authority.id) },
      });
      return 'submitted' as const;
    }),
  );

  if (outcome === 'lost') {
    // Someone else submitted or changed the draft between our read and our write.
    const current = (await findApplication(ctx.db, application.tenantId, application.id))!;
    if (current.status === 'submitted') return repeatedSubmit(ctx, current, options.idempotencyKey);
    throw new ConflictError('applications.changedMeanwhile');
  }
  const submitted: Application = {
    ...application,
    status: 'submitted',
    data: answers,
    reference,
    submittedAt: stored,
    dataHash,
    submitKey: options.idempotencyKey ?? null,
    expiresAt: null,
    updatedAt: stored,
    revision: application.revision + 1,
  };
  return { application: submitted, recipients: recipients.map((r) => ({ authorityId: r.authority.id, name: r.authority.name, reason: r.reason })), repeated: false };
}

/**
 * The applicant's content-free confirmation and a notification to each recipient authority with an
 * address. No receipt job: the receipt PDF is rendered on its first download (receipt.ts).
 */
function submissionJobs(application: Application, procedure: ProcedureVersion['procedure'], reference: string, recipients: readonly Recipient[], contact: unknown): NewJob[] {
  const tenantId = application.tenantId;
  const jobs: NewJob[] = [];
  // No personal data beyond the reference: mail is not a safe channel.
  if (typeof contact === 'string') jobs.push(mailJob({ to: contact, ...bilingualMail('applications.mail.received', () => ({ reference })) }, tenantId));
  // Authorities work in the tenant's language, German.
  const notice = (part: string) => translate(defaultLanguage, `applications.mail.arrived.${part}`, { reference, title: procedure.title[defaultLanguage] });
  for (const { authority } of recipients) if (authority.email) jobs.push(mailJob({ to: authority.email, subject: notice('subject'), text: notice('text') }, tenantId));
  return jobs;
}

async function repeatedSubmit(ctx: AppContext, application: Application, idempotencyKey: string | undefined): Promise<Submission> {
  if (idempotencyKey !== undefined && application.submitKey !== null && application.submitKey !== idempotencyKey) throw new ConflictError('applications.alreadySubmitted');
  return submittedResult(ctx, application);
}
