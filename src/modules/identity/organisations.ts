import { appendAudit } from '../../core/audit/index.js';
import type { AppContext } from '../../core/context.js';
import { inTransaction, type Trx } from '../../core/db/index.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import { auditActor, authorize, isOrganisationRole, type Action, type Actor, type OrganisationRole } from '../access/index.js';
import { queueMail } from './mails.js';
import { InvalidLinkError } from './one-time-tokens.js';
import * as orgStore from './organisation-store.js';
import type { OrganisationMember, PendingInvitation } from './organisation-store.js';
import { requestLimits, takeRateLimits } from './rate-limits.js';
import type { RequestInfo } from './request-info.js';
import { hashToken, randomToken } from './secrets.js';
import * as store from './store.js';
import { FieldErrors } from './validation.js';

/**
 * Organisation members: administrators invite people by mail (a single-use link that expires),
 * withdraw invitations, change roles and remove members; every member may leave. An organisation
 * always keeps at least one administrator. Every function asks `can()` with the actor's current
 * role, read again inside the transaction, so a role taken away a moment ago no longer counts.
 */

export const invitationLifetimeDays = 7;

type Citizen = Extract<Actor, { kind: 'citizen' }>;

export interface OrganisationOverview {
  organisation: { id: string; name: string };
  /** The viewer's own role there. */
  role: OrganisationRole;
  members: OrganisationMember[];
  /** Only for administrators; members see none. */
  invitations: PendingInvitation[];
}

function citizenOf(actor: Actor): Citizen {
  if (actor.kind !== 'citizen') throw new ForbiddenError();
  return actor;
}

/**
 * Locks the organisation and authorizes the action with the actor's role as it is now; returns the
 * organisation and that role. An organisation the actor does not belong to is "not found".
 */
async function authorizeNow(ctx: AppContext, trx: Trx, actor: Citizen, organisationId: string, action: Action) {
  const organisation = await orgStore.findOrganisation(trx, actor.tenantId, organisationId, lockRows(ctx));
  const role = organisation && (await orgStore.roleIn(trx, actor.tenantId, organisationId, actor.accountId));
  if (!organisation || !role) throw new NotFoundError();
  authorize({ ...actor, organisations: [{ accountId: organisationId, role }] }, action, { tenantId: actor.tenantId, organisationId });
  return { organisation, role };
}

/** SQLite runs one write transaction at a time anyway; PostgreSQL needs the row lock. */
const lockRows = (ctx: AppContext) => ctx.dialect === 'postgresql';

/** A change that might leave nobody to manage the organisation is undone. */
async function keepAnAdmin(trx: Trx, tenantId: string, organisationId: string): Promise<void> {
  if ((await orgStore.countAdmins(trx, tenantId, organisationId)) === 0) throw new ConflictError('identity.organisation.lastAdmin');
}

function audit(trx: Trx, ctx: AppContext, actor: Citizen, action: string, organisationId: string, details: Record<string, unknown>) {
  return appendAudit(trx, ctx, { tenantId: actor.tenantId, actor: auditActor(actor), action, objectType: 'organisation', objectId: organisationId, details });
}

export async function getOrganisation(ctx: AppContext, actor: Actor, organisationId: string): Promise<OrganisationOverview> {
  const citizen = citizenOf(actor);
  return inTransaction(ctx.db, async (trx) => {
    const { organisation, role } = await authorizeNow(ctx, trx, citizen, organisationId, 'organisation.read');
    const members = await orgStore.membersOf(trx, citizen.tenantId, organisationId);
    const invitations = role === 'admin' ? await orgStore.pendingInvitations(trx, citizen.tenantId, organisationId, ctx.clock.now().toISOString()) : [];
    return { organisation, role, members, invitations };
  });
}

function roleFrom(errors: FieldErrors, value: unknown): OrganisationRole {
  if (isOrganisationRole(value)) return value;
  errors.add('role', 'identity.field.required');
  return 'member';
}

/** Mails an invitation; an earlier pending one to the same address stops working. */
export async function inviteMember(ctx: AppContext, info: RequestInfo, actor: Actor, organisationId: string, input: Record<string, unknown>): Promise<void> {
  const citizen = citizenOf(actor);
  const errors = new FieldErrors();
  const email = errors.email('email', input.email);
  const role = roleFrom(errors, input.role);
  if (!errors.empty) throw new ValidationError(errors.list);
  await takeRateLimits(ctx.db, [requestLimits.inviteByAccount(citizen.tenantId, citizen.accountId)], ctx.clock.now());
  await inTransaction(ctx.db, async (trx) => {
    const { organisation } = await authorizeNow(ctx, trx, citizen, organisationId, 'organisation.manage');
    const members = await orgStore.membersOf(trx, citizen.tenantId, organisationId);
    if (members.some((m) => m.email === email)) throw new ValidationError([{ pointer: '/email', code: 'identity.organisation.alreadyMember' }]);
    const now = ctx.clock.now();
    await orgStore.revokeInvitations(trx, citizen.tenantId, organisationId, { email }, now.toISOString());
    const token = randomToken();
    const id = newId();
    await orgStore.insertInvitation(trx, {
      id,
      tenant_id: citizen.tenantId,
      organisation_id: organisationId,
      email,
      role,
      token_hash: hashToken(token),
      invited_by: citizen.accountId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + invitationLifetimeDays * 86_400_000).toISOString(),
      accepted_at: null,
      accepted_by: null,
      revoked_at: null,
    });
    await queueMail(trx, ctx, {
      tenantId: citizen.tenantId,
      to: email,
      kind: 'inviteMember',
      t: info.t,
      params: {
        organisation: organisation.name,
        inviter: citizen.name,
        role: info.t(`identity.organisation.role.${role}`),
        days: String(invitationLifetimeDays),
        link: `${info.origin}/konto/einladung?token=${encodeURIComponent(token)}`,
      },
    });
    await audit(trx, ctx, citizen, 'organisation.invite', organisationId, { invitationId: id, role });
  });
}

export async function revokeInvitation(ctx: AppContext, actor: Actor, organisationId: string, invitationId: string): Promise<void> {
  const citizen = citizenOf(actor);
  await inTransaction(ctx.db, async (trx) => {
    await authorizeNow(ctx, trx, citizen, organisationId, 'organisation.manage');
    if ((await orgStore.revokeInvitations(trx, citizen.tenantId, organisationId, { id: invitationId }, ctx.clock.now().toISOString())) === 0) throw new NotFoundError();
    await audit(trx, ctx, citizen, 'organisation.invitationRevoke', organisationId, { invitationId });
  });
}

/** Removes a member (administrators), or the actor themself (leaving, any member). */
export async function removeMember(ctx: AppContext, actor: Actor, organisationId: string, personId: string): Promise<void> {
  const citizen = citizenOf(actor);
  const leaving = personId === citizen.accountId;
  await inTransaction(ctx.db, async (trx) => {
    await authorizeNow(ctx, trx, citizen, organisationId, leaving ? 'organisation.read' : 'organisation.manage');
    if (!(await orgStore.deleteMember(trx, citizen.tenantId, organisationId, personId))) throw new NotFoundError();
    await keepAnAdmin(trx, citizen.tenantId, organisationId);
    await audit(trx, ctx, citizen, leaving ? 'organisation.leave' : 'organisation.memberRemove', organisationId, { personId });
  });
}

export async function changeMemberRole(ctx: AppContext, actor: Actor, organisationId: string, personId: string, input: Record<string, unknown>): Promise<void> {
  const citizen = citizenOf(actor);
  const errors = new FieldErrors();
  const role = roleFrom(errors, input.role);
  if (!errors.empty) throw new ValidationError(errors.list);
  await inTransaction(ctx.db, async (trx) => {
    await authorizeNow(ctx, trx, citizen, organisationId, 'organisation.manage');
    if (!(await orgStore.setMemberRole(trx, citizen.tenantId, organisationId, personId, role))) throw new NotFoundError();
    await keepAnAdmin(trx, citizen.tenantId, organisationId);
    await audit(trx, ctx, citizen, 'organisation.memberRole', organisationId, { personId, role });
  });
}

export interface InvitationView {
  organisationName: string;
  role: OrganisationRole;
  email: string;
}

/** What an invitation link offers, without using it (mail scanners follow links); InvalidLinkError when it cannot be used. */
export async function peekInvitation(ctx: AppContext, tenantId: string, token: string): Promise<InvitationView> {
  if (!token || token.length > 200) throw new InvalidLinkError();
  const invitation = await orgStore.findInvitationByTokenHash(ctx.db, tenantId, hashToken(token));
  if (!invitation || invitation.accepted_at || invitation.revoked_at || invitation.expires_at <= ctx.clock.now().toISOString()) throw new InvalidLinkError();
  const organisation = await orgStore.findOrganisation(ctx.db, tenantId, invitation.organisation_id);
  if (!organisation) throw new InvalidLinkError();
  return { organisationName: organisation.name, role: invitation.role, email: invitation.email };
}

/**
 * The signed-in person accepts: they become a member with the invited role (someone who already
 * belongs keeps theirs). The link was mailed to the invited address; whoever holds it may use it
 * once, with their own account, and the administrators see who did.
 */
export async function acceptInvitation(ctx: AppContext, actor: Actor, token: string): Promise<{ organisationId: string }> {
  const citizen = citizenOf(actor);
  if (!token || token.length > 200) throw new InvalidLinkError();
  return inTransaction(ctx.db, async (trx) => {
    const invitation = await orgStore.findInvitationByTokenHash(trx, citizen.tenantId, hashToken(token));
    if (!invitation) throw new InvalidLinkError();
    const organisation = await orgStore.findOrganisation(trx, citizen.tenantId, invitation.organisation_id, lockRows(ctx));
    const now = ctx.clock.now().toISOString();
    if (!organisation || !(await orgStore.markAccepted(trx, invitation.id, citizen.accountId, now))) throw new InvalidLinkError();
    const person = await store.findAccountById(trx, citizen.tenantId, citizen.accountId);
    if (person?.kind !== 'person') throw new ForbiddenError();
    await store.addOrganisationMember(trx, citizen.tenantId, organisation.id, citizen.accountId, invitation.role, now);
    await audit(trx, ctx, citizen, 'organisation.join', organisation.id, { invitationId: invitation.id, role: invitation.role });
    return { organisationId: organisation.id };
  });
}
