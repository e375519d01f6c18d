import fs from 'node:fs';
import type { AppContext } from '../../core/context.js';
import { projectPath } from '../../core/paths.js';
import { inTransaction } from '../../core/db/index.js';
import { newId } from '../../core/ids.js';
import { listTenants } from '../../core/tenancy.js';
import { listAuthoritiesByKind, type AuthorityKind } from '../catalog/index.js';
import type { StaffRole } from '../access/index.js';
import { demoCitizensOf, ensureDemoCitizen, type DemoCitizens } from './demo.js';
import { hashPassword } from './passwords.js';
import * as store from './store.js';
import { findTeam } from './teams.js';
import { ensureTotpSecret } from './totp.js';

/** One password for every demo account, printed at start: demo data is for trying things out. */
export const demoPassword = 'Amtsweg-Demo-2026';

interface DemoStaff {
  email: string;
  name: string;
  role: StaffRole;
  /** The authority by kind and key; none for tenant-wide roles. */
  authority?: { kind: AuthorityKind; key: string };
  /** The team at that authority (made when missing). */
  team?: string;
}

/** The demo staff of a tenant (`data/tenants/<slug>/demo-staff.json`); none without the file. */
function demoStaffOf(slug: string): DemoStaff[] {
  const file = projectPath('data/tenants', slug, 'demo-staff.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { staff: DemoStaff[] }).staff : [];
}

async function authorityIdOf(ctx: AppContext, tenantId: string, authority: { kind: AuthorityKind; key: string }): Promise<string | undefined> {
  const candidates = await listAuthoritiesByKind(ctx, tenantId, authority.kind);
  return candidates.find((a) => a.key === authority.key)?.id;
}

async function ensureStaff(ctx: AppContext, tenantId: string, staff: DemoStaff, authorityId: string | null, passwordHashOf: () => Promise<string>): Promise<string> {
  const known = await store.findAccountByEmail(ctx.db, tenantId, staff.email);
  if (known) return known.id;
  const passwordHash = await passwordHashOf();
  return inTransaction(ctx.db, async (trx) => {
    const existing = await store.findAccountByEmail(trx, tenantId, staff.email);
    if (existing) return existing.id;
    const now = ctx.clock.now().toISOString();
    const id = newId();
    await store.insertAccount(trx, { id, tenantId, kind: 'staff', email: staff.email, emailVerified: true, displayName: staff.name, profile: {} }, now);
    await store.setPasswordHash(trx, tenantId, id, passwordHash, newId(), now);
    await trx.insertInto('memberships').values({ id: newId(), tenant_id: tenantId, account_id: id, authority_id: authorityId, role: staff.role, created_at: now }).execute();
    return id;
  });
}

/** Puts a demo staff member's role at the authority into the named team (made when missing), unless it has a team already. */
async function ensureDemoTeam(ctx: AppContext, tenantId: string, authorityId: string, accountId: string, name: string): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    let team = await findTeam(trx, tenantId, authorityId, name);
    if (!team) {
      team = { id: newId(), name };
      await trx.insertInto('teams').values({ id: team.id, tenant_id: tenantId, authority_id: authorityId, name, created_at: ctx.clock.now().toISOString() }).execute();
    }
    await trx
      .updateTable('memberships')
      .set({ team_id: team.id })
      .where('tenant_id', '=', tenantId)
      .where('account_id', '=', accountId)
      .where('authority_id', '=', authorityId)
      .where('team_id', 'is', null)
      .execute();
  });
}

/** The tenant's demo person and organisation (with its member), made when missing; returns the log line naming them. */
async function seedDemoCitizens(ctx: AppContext, tenant: { id: string; slug: string }, citizens: DemoCitizens, passwordHash: () => Promise<string>): Promise<string> {
  await ensureDemoCitizen(ctx, tenant.id, citizens.person, passwordHash);
  const memberId = await ensureDemoCitizen(ctx, tenant.id, citizens.organisationMember, passwordHash);
  if ((await store.organisationsOf(ctx.db, tenant.id, memberId)).length === 0) {
    await inTransaction(ctx.db, async (trx) => {
      const now = ctx.clock.now().toISOString();
      const organisationId = newId();
      const { profile } = citizens.organisation;
      await store.insertAccount(
        trx,
        { id: organisationId, tenantId: tenant.id, kind: 'organisation', email: null, emailVerified: false, displayName: profile.organisationName ?? '', profile },
        now,
      );
      await store.addOrganisationMember(trx, tenant.id, organisationId, memberId, 'admin', now);
    });
  }
  return `[${tenant.slug}] ${citizens.person.email} / ${citizens.organisationMember.email} (${citizens.organisation.profile.organisationName})`;
}

/**
 * Demo accounts (only with DEMO_DATA): the person and the organisation with a member of
 * `data/tenants/<slug>/demo-citizens.json`, and the staff
 * each tenant lists in `data/tenants/<slug>/demo-staff.json` (at authorities of its catalogue, e.g.
 * a case worker and a team lead, plus a tenant admin).
 * Staff get their TOTP secret now, so the log can print it for a first login.
 */
export async function seedIdentity(ctx: AppContext): Promise<void> {
  if (!ctx.config.demoData) return;
  // Hashed once, and only when an account is new (not on every start of an existing database).
  let hashed: Promise<string> | undefined;
  const passwordHash = () => (hashed ??= hashPassword(demoPassword));
  const lines: string[] = [];
  for (const tenant of await listTenants(ctx.db)) {
    const citizens = demoCitizensOf(tenant.slug);
    if (citizens) lines.push(await seedDemoCitizens(ctx, tenant, citizens, passwordHash));
    for (const staff of demoStaffOf(tenant.slug)) {
      const authorityId = staff.authority ? ((await authorityIdOf(ctx, tenant.id, staff.authority)) ?? null) : null;
      if (staff.authority && !authorityId) continue; // catalogue without this authority
      const id = await ensureStaff(ctx, tenant.id, staff, authorityId, passwordHash);
      if (authorityId && staff.team) await ensureDemoTeam(ctx, tenant.id, authorityId, id, staff.team);
      const { secret } = await inTransaction(ctx.db, (trx) => ensureTotpSecret(trx, ctx, { id, tenantId: tenant.id, email: staff.email }, 'Amtsweg Demo'));
      lines.push(
        `[${tenant.slug}] ${staff.email} (${staff.role}${staff.authority ? ` ${staff.authority.key}` : ''}${staff.team ? `, team ${staff.team}` : ''}) TOTP secret ${secret}`,
      );
    }
  }
  ctx.log.info(`Demo accounts (password for all: ${demoPassword}; demo sign-in without password at /demo-idp):\n  ${lines.join('\n  ')}`);
}
