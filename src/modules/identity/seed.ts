import type { AppContext } from '../../core/context.js';
import { inTransaction } from '../../core/db/index.js';
import { newId } from '../../core/ids.js';
import { listTenants } from '../../core/tenancy.js';
import { listAuthoritiesByKind, type AuthorityKind } from '../catalog/index.js';
import type { StaffRole } from '../access/index.js';
import { demoOrganisation, demoOrganisationMember, demoPerson, ensureDemoCitizen } from './demo.js';
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

const saxonStaff: DemoStaff[] = [
  { email: 'sachbearbeitung.lfulg@example.org', name: 'Sabine Geologin', role: 'caseWorker', authority: { kind: 'geology', key: 'lfulg' }, team: 'Geologische Landesaufnahme' },
  { email: 'teamleitung.lfulg@example.org', name: 'Thomas Leitner', role: 'teamLead', authority: { kind: 'geology', key: 'lfulg' }, team: 'Geologische Landesaufnahme' },
  { email: 'sachbearbeitung.oba@example.org', name: 'Bernd Bergmann', role: 'caseWorker', authority: { kind: 'mining', key: 'oba' }, team: 'Tiefbohrungen' },
  { email: 'teamleitung.oba@example.org', name: 'Ulrike Oberhauer', role: 'teamLead', authority: { kind: 'mining', key: 'oba' }, team: 'Tiefbohrungen' },
  { email: 'sachbearbeitung.uwb-mittelsachsen@example.org', name: 'Wolfgang Wasser', role: 'caseWorker', authority: { kind: 'water', key: 'uwb-14522' }, team: 'Grundwasser' },
  { email: 'teamleitung.uwb-mittelsachsen@example.org', name: 'Petra Quell', role: 'teamLead', authority: { kind: 'water', key: 'uwb-14522' }, team: 'Grundwasser' },
  { email: 'sachbearbeitung.lasub-leipzig@example.org', name: 'Lena Lehmann', role: 'caseWorker', authority: { kind: 'school', key: 'lasub-leipzig' }, team: 'Einstellung' },
  { email: 'teamleitung.lasub-leipzig@example.org', name: 'Karl Schulze', role: 'teamLead', authority: { kind: 'school', key: 'lasub-leipzig' }, team: 'Einstellung' },
  { email: 'personalrat.lasub-zwickau@example.org', name: 'Petra Rat', role: 'caseWorker', authority: { kind: 'staffCouncil', key: 'personalrat-lasub-zwickau' } },
  { email: 'sbv.lasub-zwickau@example.org', name: 'Stefan Vertrauen', role: 'caseWorker', authority: { kind: 'disabilityRepresentative', key: 'sbv-lasub-zwickau' } },
  { email: 'admin@example.org', name: 'Anna Admin', role: 'tenantAdmin' },
  // Two procedure administrators: a new procedure version is approved by a second person (docs/studio.md).
  { email: 'fachadmin@example.org', name: 'Frieda Fachmann', role: 'procedureAdmin' },
  { email: 'fachadmin2@example.org', name: 'Viktor Vieraugen', role: 'procedureAdmin' },
];

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

/**
 * Demo accounts (only with DEMO_DATA): a person, a drilling company with a member, and for Saxony
 * staff at LfULG, Oberbergamt and the untere Wasserbehörde Mittelsachsen plus a tenant admin.
 * Staff get their TOTP secret now, so the log can print it for a first login.
 */
export async function seedIdentity(ctx: AppContext): Promise<void> {
  if (!ctx.config.demoData) return;
  // Hashed once, and only when an account is new (not on every start of an existing database).
  let hashed: Promise<string> | undefined;
  const passwordHash = () => (hashed ??= hashPassword(demoPassword));
  const lines: string[] = [];
  for (const tenant of await listTenants(ctx.db)) {
    await ensureDemoCitizen(ctx, tenant.id, demoPerson, passwordHash);
    const memberId = await ensureDemoCitizen(ctx, tenant.id, demoOrganisationMember, passwordHash);
    if ((await store.organisationsOf(ctx.db, tenant.id, memberId)).length === 0) {
      await inTransaction(ctx.db, async (trx) => {
        const now = ctx.clock.now().toISOString();
        const organisationId = newId();
        await store.insertAccount(
          trx,
          {
            id: organisationId,
            tenantId: tenant.id,
            kind: 'organisation',
            email: null,
            emailVerified: false,
            displayName: demoOrganisation.profile.organisationName,
            profile: demoOrganisation.profile,
          },
          now,
        );
        await store.addOrganisationMember(trx, tenant.id, organisationId, memberId, 'admin', now);
      });
    }
    lines.push(`[${tenant.slug}] ${demoPerson.email} / ${demoOrganisationMember.email} (${demoOrganisation.profile.organisationName})`);
    if (tenant.slug !== 'sn') continue;
    for (const staff of saxonStaff) {
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
