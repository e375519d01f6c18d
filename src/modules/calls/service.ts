import type { AppContext } from '../../core/context.js';
import { appendAudit } from '../../core/audit/index.js';
import { inTransaction, type Executor, type Trx } from '../../core/db/index.js';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError, type FieldError } from '../../core/errors.js';
import { toStored } from '../../core/clock.js';
import { newId } from '../../core/ids.js';
import { isLocalDate } from '../../core/calendar/local-date.js';
import { auditActor, can, principalAccountId, type Actor } from '../access/index.js';
import { startApplication, submittedApplications, type Application, type SubmissionGuardEvent } from '../applications/index.js';
import { currentProcedureVersion, type CallRules } from '../procedures/index.js';
import { toPointer, valueAt } from '../../core/json-pointer.js';
import { dateOf } from '../../core/calendar/index.js';
import { checkPostingAttributes, type PostingAttributes } from './posting-fields.js';

/**
 * Calls: a procedure whose `procedure.json` declares `calls` takes applications only inside an open
 * call (or a posting of it), and — with `onePerApplicant` — one submitted application per person
 * and call (plus one per secondary kind). Procedure administrators configure calls and postings.
 */

export interface Call {
  id: string;
  procedureKey: string;
  title: string;
  startDate: string | null;
  opensOn: string;
  closesOn: string;
  groups: string[];
}

export interface Posting {
  id: string;
  callId: string;
  reference: string;
  /** The values of the procedure's `calls.postingFields`, by key. */
  attributes: PostingAttributes;
  opensOn: string;
  closesOn: string;
}

export interface CallInput {
  procedureKey: string;
  title: string;
  startDate?: string;
  opensOn: string;
  closesOn: string;
  groups?: string[];
}

export interface PostingInput {
  reference: string;
  /** A value for each of the procedure's `calls.postingFields` (checked by `checkPostingAttributes`). */
  attributes: PostingAttributes;
  opensOn: string;
  closesOn: string;
}

const callOf = (row: { id: string; procedure_key: string; title: string; start_date: string | null; opens_on: string; closes_on: string; groups: string }): Call => ({
  id: row.id,
  procedureKey: row.procedure_key,
  title: row.title,
  startDate: row.start_date,
  opensOn: row.opens_on,
  closesOn: row.closes_on,
  groups: JSON.parse(row.groups) as string[],
});

const postingOf = (row: { id: string; call_id: string; reference: string; attributes: string; opens_on: string; closes_on: string }): Posting => ({
  id: row.id,
  callId: row.call_id,
  reference: row.reference,
  attributes: JSON.parse(row.attributes) as PostingAttributes,
  opensOn: row.opens_on,
  closesOn: row.closes_on,
});

const isOpen = (window: { opensOn: string; closesOn: string }, today: string) => window.opensOn <= today && today <= window.closesOn;

function requireAdmin(actor: Actor): void {
  if (!can(actor, 'procedure.admin', { tenantId: actor.tenantId })) throw new ForbiddenError();
}

/** Field errors of a window and the texts every call or posting needs. */
function windowErrors(input: { opensOn: string; closesOn: string }): FieldError[] {
  const errors: FieldError[] = [];
  if (!isLocalDate(input.opensOn)) errors.push({ pointer: '/opensOn', code: 'calls.date.invalid' });
  if (!isLocalDate(input.closesOn)) errors.push({ pointer: '/closesOn', code: 'calls.date.invalid' });
  else if (isLocalDate(input.opensOn) && input.closesOn < input.opensOn) errors.push({ pointer: '/closesOn', code: 'calls.window.order' });
  return errors;
}

function textErrors(input: Record<string, unknown>, keys: string[]): FieldError[] {
  return keys
    .filter((key) => typeof input[key] !== 'string' || !(input[key] as string).trim() || (input[key] as string).length > 200)
    .map((key) => ({ pointer: toPointer(key), code: 'calls.text.required' }));
}

async function callRulesOf(ctx: AppContext, procedureKey: string): Promise<CallRules | undefined> {
  return (await currentProcedureVersion(ctx, procedureKey))?.procedure.calls;
}

export async function createCall(ctx: AppContext, actor: Actor, input: CallInput): Promise<Call> {
  requireAdmin(actor);
  const errors = [...textErrors(input as unknown as Record<string, unknown>, ['title']), ...windowErrors(input)];
  if (input.startDate && !isLocalDate(input.startDate)) errors.push({ pointer: '/startDate', code: 'calls.date.invalid' });
  if (!(await callRulesOf(ctx, input.procedureKey))) errors.push({ pointer: '/procedureKey', code: 'calls.procedure.noCalls' });
  if (errors.length) throw new ValidationError(errors);
  const call: Call = {
    id: newId(),
    procedureKey: input.procedureKey,
    title: input.title.trim(),
    startDate: input.startDate || null,
    opensOn: input.opensOn,
    closesOn: input.closesOn,
    groups: input.groups ?? [],
  };
  await inTransaction(ctx.db, async (trx) => {
    await trx
      .insertInto('calls')
      .values({
        id: call.id,
        tenant_id: actor.tenantId,
        procedure_key: call.procedureKey,
        title: call.title,
        start_date: call.startDate,
        opens_on: call.opensOn,
        closes_on: call.closesOn,
        groups: JSON.stringify(call.groups),
        created_at: toStored(ctx.clock.now()),
      })
      .execute();
    await appendAudit(trx, ctx, {
      tenantId: actor.tenantId,
      actor: auditActor(actor),
      action: 'call.create',
      objectType: 'call',
      objectId: call.id,
      details: { procedure: call.procedureKey, opensOn: call.opensOn, closesOn: call.closesOn },
    });
  });
  return call;
}

export async function createPosting(ctx: AppContext, actor: Actor, callId: string, input: PostingInput): Promise<Posting> {
  requireAdmin(actor);
  const call = await getCall(ctx.db, actor.tenantId, callId);
  const version = await currentProcedureVersion(ctx, call.procedureKey);
  if (!version?.procedure.calls) throw new NotFoundError('calls.procedure.noCalls');
  const { attributes, errors: attributeErrors } = checkPostingAttributes(version.procedure.calls.postingFields ?? [], version.form, input.attributes);
  const errors = [...textErrors(input as unknown as Record<string, unknown>, ['reference']), ...attributeErrors, ...windowErrors(input)];
  if (errors.length) throw new ValidationError(errors);
  const posting: Posting = {
    id: newId(),
    callId,
    reference: input.reference.trim(),
    attributes,
    opensOn: input.opensOn,
    closesOn: input.closesOn,
  };
  await inTransaction(ctx.db, async (trx) => {
    const taken = await trx.selectFrom('call_postings').select('id').where('tenant_id', '=', actor.tenantId).where('reference', '=', posting.reference).executeTakeFirst();
    if (taken) throw new ValidationError([{ pointer: '/reference', code: 'calls.reference.taken' }]);
    await trx
      .insertInto('call_postings')
      .values({
        id: posting.id,
        tenant_id: actor.tenantId,
        call_id: callId,
        reference: posting.reference,
        attributes: JSON.stringify(posting.attributes),
        opens_on: posting.opensOn,
        closes_on: posting.closesOn,
        created_at: toStored(ctx.clock.now()),
      })
      .execute();
    await appendAudit(trx, ctx, {
      tenantId: actor.tenantId,
      actor: auditActor(actor),
      action: 'call.posting.create',
      objectType: 'call',
      objectId: callId,
      details: { posting: posting.id, reference: posting.reference },
    });
  });
  return posting;
}

export async function getCall(db: Executor, tenantId: string, callId: string): Promise<Call> {
  const row = await db.selectFrom('calls').selectAll().where('tenant_id', '=', tenantId).where('id', '=', callId).executeTakeFirst();
  if (!row) throw new NotFoundError('calls.notFound');
  return callOf(row);
}

/** Every call of the tenant (newest window first) with its postings, for its procedure administrators. */
export async function listCalls(ctx: AppContext, actor: Actor, procedureKey?: string): Promise<(Call & { postings: Posting[] })[]> {
  if (!can(actor, 'procedure.admin', { tenantId: actor.tenantId })) throw new ForbiddenError();
  return callsWithPostings(ctx, actor.tenantId, procedureKey);
}

async function callsWithPostings(ctx: AppContext, tenantId: string, procedureKey?: string): Promise<(Call & { postings: Posting[] })[]> {
  let query = ctx.db.selectFrom('calls').selectAll().where('tenant_id', '=', tenantId);
  if (procedureKey) query = query.where('procedure_key', '=', procedureKey);
  const calls = (await query.orderBy('opens_on', 'desc').orderBy('id').execute()).map(callOf);
  const postings = calls.length
    ? (
        await ctx.db
          .selectFrom('call_postings')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where(
            'call_id',
            'in',
            calls.map((c) => c.id),
          )
          .orderBy('reference')
          .execute()
      ).map(postingOf)
    : [];
  return calls.map((call) => ({ ...call, postings: postings.filter((p) => p.callId === call.id) }));
}

/** What an applicant can choose today: calls whose window is open, and open postings (of any call). */
export async function openChoices(ctx: AppContext, tenantId: string, procedureKey: string): Promise<{ calls: Call[]; postings: (Posting & { callTitle: string })[] }> {
  const today = dateOf(ctx.clock.now());
  const all = await callsWithPostings(ctx, tenantId, procedureKey);
  return {
    calls: all.filter((call) => isOpen(call, today)),
    postings: all.flatMap((call) => call.postings.filter((p) => isOpen(p, today)).map((p) => ({ ...p, callTitle: call.title }))),
  };
}

/** The application's call, or undefined when it was started without one. */
export async function entryOf(db: Executor, tenantId: string, applicationId: string) {
  return db.selectFrom('call_entries').selectAll().where('tenant_id', '=', tenantId).where('application_id', '=', applicationId).executeTakeFirst();
}

async function previousApplication(db: Executor, tenantId: string, callId: string, accountId: string, kind?: string): Promise<{ reference: string | null } | undefined> {
  let query = db
    .selectFrom('call_entries')
    .select('application_id')
    .where('tenant_id', '=', tenantId)
    .where('call_id', '=', callId)
    .where('account_id', '=', accountId)
    .where('submitted', '=', 1);
  if (kind !== undefined) query = query.where('kind', '=', kind);
  const entry = await query.executeTakeFirst();
  return entry && (await submittedApplications(db, tenantId, [entry.application_id]))[0];
}

/** What the person has already used up in a call: the reference of their (first) submitted application and the kinds applied for. */
export interface EarlierApplication {
  reference: string;
  kinds: string[];
}

/**
 * The signed-in person's submitted applications per call, so the choice of the round tells them
 * before they fill in a draft that submission would refuse (`calls.alreadyApplied`).
 */
export async function earlierApplications(ctx: AppContext, actor: Actor, callIds: readonly string[]): Promise<Map<string, EarlierApplication>> {
  const accountId = principalAccountId(actor);
  const result = new Map<string, EarlierApplication>();
  if (!accountId || callIds.length === 0) return result;
  const entries = await ctx.db
    .selectFrom('call_entries')
    .select(['call_id', 'application_id', 'kind'])
    .where('tenant_id', '=', actor.tenantId)
    .where('account_id', '=', accountId)
    .where('submitted', '=', 1)
    .where('call_id', 'in', [...callIds])
    .orderBy('created_at')
    .execute();
  const references = new Map(
    (
      await submittedApplications(
        ctx.db,
        actor.tenantId,
        entries.map((e) => e.application_id),
      )
    ).map((a) => [a.id, a.reference ?? '']),
  );
  for (const entry of entries) {
    const earlier = result.get(entry.call_id) ?? { reference: references.get(entry.application_id) ?? '', kinds: [] };
    earlier.kinds.push(entry.kind);
    result.set(entry.call_id, earlier);
  }
  return result;
}

/** The kinds a person may still apply for in a call after `used` ones (`main` and the secondary kinds). */
export function remainingKinds(rules: CallRules, used: readonly string[]): string[] {
  if (!rules.onePerApplicant) return ['main'];
  return ['main', ...(rules.secondaryKinds ?? [])].filter((kind) => !used.includes(kind));
}

/**
 * Starts a draft in a call or a posting. Refused outside the window, and when the person has
 * already used every application the call allows (one, plus one per secondary kind).
 */
export async function startInCall(ctx: AppContext, actor: Actor, procedureKey: string, choice: { callId?: string; postingId?: string }): Promise<Application> {
  const rules = await callRulesOf(ctx, procedureKey);
  if (!rules) throw new NotFoundError('calls.procedure.noCalls');
  const today = dateOf(ctx.clock.now());
  let posting: Posting | undefined;
  if (choice.postingId) {
    const row = await ctx.db.selectFrom('call_postings').selectAll().where('tenant_id', '=', actor.tenantId).where('id', '=', choice.postingId).executeTakeFirst();
    if (!row) throw new NotFoundError('calls.notFound');
    posting = postingOf(row);
  }
  const call = await getCall(ctx.db, actor.tenantId, posting?.callId ?? choice.callId ?? '');
  if (call.procedureKey !== procedureKey) throw new NotFoundError('calls.notFound');
  const window = posting ?? call;
  if (!isOpen(window, today))
    throw new DomainError(422, 'calls.window.closed', { title: posting ? posting.reference : call.title, opensOn: window.opensOn, closesOn: window.closesOn });
  const accountId = principalAccountId(actor);
  if (rules.onePerApplicant && accountId) {
    const used = await ctx.db
      .selectFrom('call_entries')
      .select('kind')
      .where('tenant_id', '=', actor.tenantId)
      .where('call_id', '=', call.id)
      .where('account_id', '=', accountId)
      .where('submitted', '=', 1)
      .execute();
    if (used.length >= 1 + (rules.secondaryKinds?.length ?? 0)) {
      const earlier = await previousApplication(ctx.db, actor.tenantId, call.id, accountId);
      throw new ConflictError('calls.alreadyApplied', { title: call.title, reference: earlier?.reference ?? '' });
    }
  }
  const application = await startApplication(ctx, actor, procedureKey, {});
  await inTransaction(ctx.db, async (trx) => {
    await trx
      .insertInto('call_entries')
      .values({
        application_id: application.id,
        tenant_id: actor.tenantId,
        call_id: call.id,
        posting_id: posting?.id ?? null,
        account_id: accountId,
        kind: 'main',
        submitted: 0,
        created_at: toStored(ctx.clock.now()),
      })
      .execute();
  });
  return application;
}

/**
 * The submission guard (runs in the submitting transaction): the application must belong to a
 * call or posting whose window is open on the day of submission, a posting-only Schulart needs a
 * posting, and the person must not have submitted another application of the same kind in the call.
 */
export async function guardSubmission(trx: Trx, _ctx: AppContext, event: SubmissionGuardEvent): Promise<void> {
  const rules = event.procedure.calls;
  if (!rules) return;
  const entry = await entryOf(trx, event.tenantId, event.applicationId);
  if (!entry) throw new DomainError(422, 'calls.required');
  const call = await getCall(trx, event.tenantId, entry.call_id);
  const posting = entry.posting_id
    ? postingOf(await trx.selectFrom('call_postings').selectAll().where('tenant_id', '=', event.tenantId).where('id', '=', entry.posting_id).executeTakeFirstOrThrow())
    : undefined;
  const window = posting ?? call;
  const today = dateOf(new Date(event.submittedAt));
  if (!isOpen(window, today))
    throw new DomainError(422, 'calls.window.closed', { title: posting ? posting.reference : call.title, opensOn: window.opensOn, closesOn: window.closesOn });
  const postingOnlyAnswer = rules.postingOnly ? valueAt(event.answers, rules.postingOnly.field) : undefined;
  if (!posting && typeof postingOnlyAnswer === 'string' && rules.postingOnly!.values.includes(postingOnlyAnswer))
    throw new DomainError(422, 'calls.postingOnly', { value: postingOnlyAnswer });
  const answeredKind = rules.kindField ? valueAt(event.answers, rules.kindField) : undefined;
  const kind = typeof answeredKind === 'string' && rules.secondaryKinds?.includes(answeredKind) ? answeredKind : 'main';
  if (rules.onePerApplicant && event.ownerAccountId) {
    const earlier = await previousApplication(trx, event.tenantId, call.id, event.ownerAccountId, kind);
    if (earlier) throw new ConflictError('calls.alreadyApplied', { title: call.title, reference: earlier.reference ?? '' });
  }
  await trx.updateTable('call_entries').set({ submitted: 1, kind }).where('tenant_id', '=', event.tenantId).where('application_id', '=', event.applicationId).execute();
}

/** The person's other submitted applications in the same call (for the cases module's `closeSiblings`). */
export async function siblingsInCall(ctx: AppContext, tenantId: string, applicationId: string): Promise<string[]> {
  const entry = await entryOf(ctx.db, tenantId, applicationId);
  if (!entry?.account_id) return [];
  const rows = await ctx.db
    .selectFrom('call_entries')
    .select('application_id')
    .where('tenant_id', '=', tenantId)
    .where('call_id', '=', entry.call_id)
    .where('account_id', '=', entry.account_id)
    .where('submitted', '=', 1)
    .where('application_id', '!=', applicationId)
    .execute();
  return rows.map((row) => row.application_id);
}
